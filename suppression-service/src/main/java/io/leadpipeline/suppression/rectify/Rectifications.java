package io.leadpipeline.suppression.rectify;

import io.leadpipeline.avro.RectificationRequest;
import io.leadpipeline.suppression.Subject;
import io.leadpipeline.suppression.SuppressionLog;
import io.leadpipeline.suppression.Suppressions;
import io.leadpipeline.topics.Topics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Rectification (GDPR Art. 16; docs/SPECIFICATION.md §8.5). The corrected values go to the router
 * on {@code requests.rectifications} — raw contact details, like {@code enquiries}, on a topic of
 * their own with a short retention — so it can tell every partner that received the person
 * (Art. 19) in one CORRECTION notice per lead. The suppression topics learn of it only through
 * {@code suppression.audit}: the API key's id, the action and the person's key, no value.
 *
 * <p>Nothing here reads or writes suppression state, so no per-key lock is needed: a correction
 * neither lifts nor adds an objection.
 */
public final class Rectifications {
  private final Suppressions suppressions;

  public Rectifications(Suppressions suppressions) {
    this.suppressions = suppressions;
  }

  public Map<String, Object> rectify(Subject subject, Corrections c, String actor) {
    Instant at = suppressions.clock().instant();
    String key = subject.keys().get(0);
    RectificationRequest request =
        RectificationRequest.newBuilder()
            .setRequestId(UUID.randomUUID().toString())
            .setSubjectKey(subject.subjectKey().orElse(null))
            .setPhoneKey(subject.phoneKey().orElse(null))
            .setRequestedAt(at)
            .setFullName(c.fullName())
            .setCompany(c.company())
            .setEmail(c.email())
            .setPhone(c.phoneE164())
            .build();
    CompletableFuture<SuppressionLog.Ack> toRouter =
        suppressions.log().append(Topics.REQUESTS_RECTIFICATIONS, key, request);
    CompletableFuture<SuppressionLog.Ack> audit =
        suppressions.audit(actor, "RECTIFICATION", Topics.REQUESTS_RECTIFICATIONS, key);
    SuppressionLog.Ack ack = Suppressions.await(toRouter);
    Suppressions.await(audit);

    Map<String, Object> r = new LinkedHashMap<>();
    r.put("requestId", request.getRequestId());
    r.put("acknowledgedAt", ack.timestamp().toString());
    r.put("corrected", c.fields());
    r.put("notices", "sent by the lead router on reading the request: one CORRECTION notice per lead to every"
        + " partner that received you, on notices.correction.<partnerId>, with only the corrected fields that"
        + " lead carried and its partner may use");
    r.put("topic", Topics.REQUESTS_RECTIFICATIONS.baseName());
    r.put("retention", "the corrected values are deleted from that topic after 7 days");
    return r;
  }
}
