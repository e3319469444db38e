package io.leadpipeline.gateway.email;

/** A plain-text email about to be sent to a partner. */
public record EmailMessage(String to, String subject, String body) {}
