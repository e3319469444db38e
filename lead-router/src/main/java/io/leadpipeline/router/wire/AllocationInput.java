package io.leadpipeline.router.wire;

import io.leadpipeline.router.notices.CorrectionRequest;

/**
 * What the single allocation task reads: a screened enquiry, a suppression change, an erasure,
 * a partner's answer to a lead or a rectification request.
 */
public record AllocationInput(
    Screening screening, SuppressionChange change, SubjectErasure erasure, LeadAnswer answer,
    CorrectionRequest rectification) {
  public static AllocationInput of(Screening s) {
    return new AllocationInput(s, null, null, null, null);
  }

  public static AllocationInput of(SuppressionChange c) {
    return new AllocationInput(null, c, null, null, null);
  }

  public static AllocationInput of(SubjectErasure e) {
    return new AllocationInput(null, null, e, null, null);
  }

  public static AllocationInput of(LeadAnswer a) {
    return new AllocationInput(null, null, null, a, null);
  }

  public static AllocationInput of(CorrectionRequest r) {
    return new AllocationInput(null, null, null, null, r);
  }
}
