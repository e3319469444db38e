package io.leadpipeline.router.wire;

/**
 * What the single allocation task reads: a screened enquiry, a suppression change or an erasure.
 */
public record AllocationInput(Screening screening, SuppressionChange change, SubjectErasure erasure) {
  public static AllocationInput of(Screening s) {
    return new AllocationInput(s, null, null);
  }

  public static AllocationInput of(SuppressionChange c) {
    return new AllocationInput(null, c, null);
  }

  public static AllocationInput of(SubjectErasure e) {
    return new AllocationInput(null, null, e);
  }
}
