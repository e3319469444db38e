package io.leadpipeline.router.reoffer;

/**
 * A partner's answer to a lead, read from the portal's {@code portal.responses}: ids and a time,
 * nothing about the person.
 *
 * @param rejected true for REJECTED, false for ACCEPTED
 * @param at when the partner answered (the response's {@code respondedAt})
 */
public record LeadAnswer(String leadId, String partnerId, boolean rejected, long at) {}
