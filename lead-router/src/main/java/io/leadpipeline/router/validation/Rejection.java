package io.leadpipeline.router.validation;

/**
 * A record the router will not route, with a reason safe to log and to put in a header: it never
 * repeats the personal data that failed.
 */
public record Rejection(DeadLetterReason reason, String detail) {}
