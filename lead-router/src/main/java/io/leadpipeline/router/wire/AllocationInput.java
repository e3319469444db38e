package io.leadpipeline.router.wire;

/**
 * What the single allocation task reads: a screened enquiry, a suppression change, an erasure or
 * a partner's answer to a lead.
 */
public record AllocationInput(Screening screening, SuppressionChange change, SubjectErasure erasure, LeadAnswer answer) {
  public static AllocationInput of(Screening s) {
    return new AllocationInput(s, null, null, null);
  }

  public static AllocationInput of(SuppressionChange c) {
    return new AllocationInput(null, c, null, null);
  }

  public static AllocationInput of(SubjectErasure e) {
    return new AllocationInput(null, null, e, null);
  }

  public static AllocationInput of(LeadAnswer a) {
    return new AllocationInput(null, null, null, a);
  }
}
