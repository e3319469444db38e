package io.leadpipeline.router.notices;

import io.leadpipeline.avro.NoticeKind;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one lead's partner has been told (docs/SPECIFICATION.md §6 rule 7): per kind, the effective
 * time of the newest request it was told about. A request is the person's objection as the
 * suppression-service stamped it, so the same time seen again (a re-sent record, the same request
 * under a second key) is not told twice; a newer one is. {@code at}: when it last changed, for
 * expiry with the introductions.
 *
 * <p>For corrections (docs/SPECIFICATION.md §8.5): {@code carried}, the contact fields the lead
 * carried, as an earlier version recorded them here for every lead it sent (null for a lead sent
 * since: its introduction records them as it is planned), and {@code corrections}, the ids of the
 * rectification requests the partner was told of.
 */
public record Noticed(Map<NoticeKind, Long> latest, long at, Set<ContactField> carried, Set<String> corrections) {
  public static final Noticed NOTHING = new Noticed(Map.of(), 0);

  public Noticed {
    latest = latest == null || latest.isEmpty() ? Map.of() : Map.copyOf(latest);
    carried = carried == null ? null : Set.copyOf(carried);
    corrections = corrections == null ? Set.of() : Set.copyOf(corrections);
  }

  public Noticed(Map<NoticeKind, Long> latest, long at) {
    this(latest, at, null, Set.of());
  }

  /** True when a notice of {@code kind} effective at {@code effectiveAt} is news to the partner. */
  public boolean isNews(NoticeKind kind, long effectiveAt) {
    Long told = latest.get(kind);
    // An erasure is told once: after it, the partner holds nothing of the lead to restrict.
    return told == null || (kind != NoticeKind.ERASURE && effectiveAt > told);
  }

  public Noticed told(NoticeKind kind, long effectiveAt, long now) {
    Map<NoticeKind, Long> next = new EnumMap<>(NoticeKind.class);
    next.putAll(latest);
    next.merge(kind, effectiveAt, Math::max);
    return new Noticed(next, now, carried, corrections);
  }

  /** After the partner was told of rectification request {@code requestId}. */
  public Noticed corrected(String requestId, long now) {
    Set<String> next = new LinkedHashSet<>(corrections);
    next.add(requestId);
    return new Noticed(latest, now, carried, next);
  }

  /**
   * The corrected fields the partner may be sent: those its lead carried — as recorded here, else
   * as {@code planned} by its introduction; unknown (null): the name, company and email every
   * lead carries, never the phone — less the phone once it was told not to call; nothing after an
   * erasure, when it holds nothing of the lead.
   */
  public Set<ContactField> mayReceive(Set<ContactField> planned) {
    if (latest.containsKey(NoticeKind.ERASURE)) {
      return Set.of();
    }
    Set<ContactField> fields = EnumSet.noneOf(ContactField.class);
    Set<ContactField> sent = carried != null ? carried : planned;
    if (sent == null) {
      fields.addAll(EnumSet.of(ContactField.FULL_NAME, ContactField.COMPANY, ContactField.EMAIL));
    } else {
      fields.addAll(sent);
    }
    if (latest.containsKey(NoticeKind.DO_NOT_CALL)) {
      fields.remove(ContactField.PHONE);
    }
    return fields;
  }
}
