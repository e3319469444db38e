package io.leadpipeline.router.wire;

import java.util.List;

/**
 * An erasure request read from {@code suppression.erasures}, forwarded to the allocation step,
 * which owns the per-person state to delete. Either key may be null, not both; {@code
 * notifiedLeadIds} are the leads the suppression-service already sent ERASURE notices for.
 */
public record SubjectErasure(String subjectKey, String phoneKey, long requestedAt, List<String> notifiedLeadIds) {
  public SubjectErasure {
    notifiedLeadIds = notifiedLeadIds == null ? List.of() : List.copyOf(notifiedLeadIds);
  }
}
