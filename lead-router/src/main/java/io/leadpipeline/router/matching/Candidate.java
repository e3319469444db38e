package io.leadpipeline.router.matching;

import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.PartnerReason;

/**
 * A partner whose coverage matched an enquiry, with what the router knows about it.
 *
 * @param exclusion DO_NOT_REPEAT or DUPLICATE when the subject may not go to it; else null
 * @param capReached its daily cap for the day the lead would be delivered is used up
 * @param outsideHours the lead would wait for its delivery hours
 */
public record Candidate(
    Partner partner, int score, PartnerReason exclusion, boolean capReached, boolean outsideHours) {

  public String id() {
    return partner.getPartnerId();
  }
}
