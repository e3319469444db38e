package io.leadpipeline.router.wire;

/** What the single allocation task reads: a screened enquiry or a suppression change. */
public record AllocationInput(Screening screening, SuppressionChange change) {
  public static AllocationInput of(Screening s) {
    return new AllocationInput(s, null);
  }

  public static AllocationInput of(SuppressionChange c) {
    return new AllocationInput(null, c);
  }
}
