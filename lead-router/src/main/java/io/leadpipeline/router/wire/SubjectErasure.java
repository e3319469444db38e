package io.leadpipeline.router.wire;

/**
 * An erasure request read from {@code suppression.erasures}, forwarded to the allocation step,
 * which owns the per-person state to delete. Either key may be null, not both.
 */
public record SubjectErasure(String subjectKey, String phoneKey, long requestedAt) {}
