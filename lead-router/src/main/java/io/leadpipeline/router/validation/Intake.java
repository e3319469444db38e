package io.leadpipeline.router.validation;

/** An enquiry record after validation: valid, or rejected with its original bytes. Never serialised. */
public record Intake(NormalisedEnquiry enquiry, Rejection rejection, byte[] original) {}
