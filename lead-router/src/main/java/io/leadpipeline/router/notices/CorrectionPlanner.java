package io.leadpipeline.router.notices;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * docs/SPECIFICATION.md §8.5 (GDPR Art. 16, 19): which of the person's leads must hear of a
 * correction, with which fields. Pure: the introductions held under the person's keys, the
 * ledger's entries for those leads and the request go in; the notices and the ledger's new
 * entries come out.
 *
 * <p>One notice per (lead, request): the ledger keeps, per lead, the ids of the requests its
 * partner was told of, so the request read again, under its second key or after a restart tells
 * nobody twice. A lead's notice carries only the corrected fields the lead carried and its partner
 * may still use ({@link Noticed#mayReceive}); a lead left with none gets no notice.
 */
public final class CorrectionPlanner {
  private CorrectionPlanner() {}

  /** What to send, and the leads' new ledger entries. */
  public record Plan(List<PlannedCorrection> notices, Map<String, Noticed> noticed) {
    public Plan {
      notices = List.copyOf(notices);
      noticed = Map.copyOf(noticed);
    }
  }

  /** The deterministic id of the notice telling {@code leadId}'s partner of {@code requestId}. */
  public static String noticeId(String leadId, String requestId) {
    return UUID.nameUUIDFromBytes(("correction:" + leadId + ":" + requestId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /**
   * @param held the introductions under each of the person's keys
   * @param already the ledger's entries for the leads in {@code held} (none: told nothing)
   */
  public static Plan forRequest(CorrectionRequest request, List<Introductions> held, Map<String, Noticed> already, long now) {
    // Each lead once, with its partner and the fields planned for it, whichever key it was found under.
    Map<String, String> partnerOf = new LinkedHashMap<>();
    Map<String, Set<ContactField>> planned = new HashMap<>();
    for (Introductions introductions : held) {
      for (Introductions.Introduction i : introductions.items()) {
        i.leadIds().forEach(id -> partnerOf.putIfAbsent(id, i.partnerId()));
        i.carried().forEach(planned::putIfAbsent);
      }
    }
    List<PlannedCorrection> notices = new ArrayList<>();
    Map<String, Noticed> changed = new HashMap<>();
    for (Map.Entry<String, String> lead : partnerOf.entrySet()) {
      Noticed n = already.getOrDefault(lead.getKey(), Noticed.NOTHING);
      if (n.corrections().contains(request.requestId())) {
        continue;
      }
      Map<ContactField, String> fields = usable(request.corrected(), n.mayReceive(planned.get(lead.getKey())));
      if (fields.isEmpty()) {
        continue;
      }
      notices.add(new PlannedCorrection(noticeId(lead.getKey(), request.requestId()), lead.getValue(), lead.getKey(),
          request.requestId(), fields, request.requestedAt()));
      changed.put(lead.getKey(), n.corrected(request.requestId(), now));
    }
    return new Plan(notices, changed);
  }

  private static Map<ContactField, String> usable(Map<ContactField, String> corrected, Set<ContactField> allowed) {
    Map<ContactField, String> out = new EnumMap<>(ContactField.class);
    corrected.forEach((field, value) -> {
      if (allowed.contains(field)) {
        out.put(field, value);
      }
    });
    return out;
  }
}
