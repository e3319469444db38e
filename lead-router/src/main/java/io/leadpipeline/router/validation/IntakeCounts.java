package io.leadpipeline.router.validation;

/** What the intake counts: implemented by the router's metrics, so validation does not depend on them. */
public interface IntakeCounts {
  /** An enquiry record was read. */
  void received();

  /** An enquiry record was dead-lettered for {@code reason} (a {@link DeadLetterReason} label). */
  void deadLettered(String reason);
}
