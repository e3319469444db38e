package io.leadpipeline.router.validation;

/** An enquiry record after validation: valid, or rejected with its original bytes. Never serialised. */
public sealed interface Intake {
  record Valid(NormalisedEnquiry enquiry) implements Intake {}

  record Rejected(Rejection rejection, byte[] original) implements Intake {}
}
