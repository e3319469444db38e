package io.leadpipeline.router.notices;

import java.util.List;

/**
 * An erasure request read from {@code suppression.erasures}, forwarded to the allocation step,
 * which owns the per-person state to delete and sends the ERASURE notices. Either key may be
 * null, not both; {@code notifiedLeadIds} are the leads an older suppression-service already sent
 * ERASURE notices for itself; {@code found} the partners and leads the service found in
 * {@code lead-decisions}.
 */
public record SubjectErasure(
    String subjectKey, String phoneKey, long requestedAt, List<String> notifiedLeadIds, List<ErasureRecipient> found) {
  public SubjectErasure {
    notifiedLeadIds = notifiedLeadIds == null ? List.of() : List.copyOf(notifiedLeadIds);
    found = found == null ? List.of() : List.copyOf(found);
  }

  public SubjectErasure(String subjectKey, String phoneKey, long requestedAt, List<String> notifiedLeadIds) {
    this(subjectKey, phoneKey, requestedAt, notifiedLeadIds, List.of());
  }

  /** The key the request's record was written under: the subject key, else the phone key. */
  public String requestKey() {
    return subjectKey != null ? subjectKey : phoneKey;
  }
}
