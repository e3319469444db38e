package io.leadpipeline.router.notices;

import io.leadpipeline.avro.PartnerKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which partners received a subject (or a phone), when, and under which leads. The first
 * introduction of a subject to a partner is kept as long as the entry lives: it settles fee
 * disputes. Entries older than the retention are dropped (docs/SPECIFICATION.md §1, keep no longer than
 * necessary).
 *
 * <p>Each lead's contact fields are kept beside its id, for corrections (§8.5): the entry is
 * written once per enquiry anyway, so recording them here costs no store write per lead.
 */
public record Introductions(List<Introduction> items) {

  public Introductions {
    items = items == null ? List.of() : List.copyOf(items);
  }

  /**
   * One partner's history with the subject; leadIds holds every lead within retention, and
   * {@code carried} the contact fields of each lead planned since they were recorded here (an
   * older lead has none: unknown).
   */
  public record Introduction(
      String partnerId,
      PartnerKind partnerKind,
      long firstAt,
      String firstLeadId,
      long lastAt,
      List<String> leadIds,
      Map<String, Set<ContactField>> carried) {
    public Introduction {
      leadIds = List.copyOf(leadIds);
      carried = carried == null ? Map.of() : Map.copyOf(carried);
    }
  }

  public static final Introductions NONE = new Introductions(List.of());

  public Optional<Introduction> of(String partnerId) {
    return items.stream().filter(i -> i.partnerId().equals(partnerId)).findFirst();
  }

  /** True when the partner received the subject less than {@code windowMs} before {@code now}. */
  public boolean receivedWithin(String partnerId, long now, long windowMs) {
    return of(partnerId).map(i -> now - i.lastAt() < windowMs).orElse(false);
  }

  /** After lead {@code leadId}, carrying {@code carried}, was planned for the partner at {@code at}. */
  public Introductions record(String partnerId, PartnerKind kind, String leadId, Set<ContactField> carried, long at) {
    List<Introduction> next = new ArrayList<>();
    boolean found = false;
    for (Introduction i : items) {
      if (i.partnerId().equals(partnerId)) {
        found = true;
        List<String> ids = new ArrayList<>(i.leadIds());
        if (!ids.contains(leadId)) {
          ids.add(leadId);
        }
        Map<String, Set<ContactField>> fields = new HashMap<>(i.carried());
        fields.put(leadId, carried);
        next.add(new Introduction(partnerId, kind, i.firstAt(), i.firstLeadId(), Math.max(at, i.lastAt()), ids, fields));
      } else {
        next.add(i);
      }
    }
    if (!found) {
      next.add(new Introduction(partnerId, kind, at, leadId, at, List.of(leadId), Map.of(leadId, carried)));
    }
    return new Introductions(next);
  }

  /** Without the partners not heard of since {@code now - retentionMs}. */
  public Introductions prune(long now, long retentionMs) {
    return new Introductions(items.stream().filter(i -> now - i.lastAt() < retentionMs).toList());
  }

  /** Every lead of every partner, each once. */
  public List<String> leadIds() {
    return items.stream().flatMap(i -> i.leadIds().stream()).distinct().toList();
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }
}
