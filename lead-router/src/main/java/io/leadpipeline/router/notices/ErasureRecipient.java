package io.leadpipeline.router.notices;

import io.leadpipeline.avro.PartnerKind;
import java.util.List;

/** A partner the suppression-service found in {@code lead-decisions} for an erased person, with its leads. */
public record ErasureRecipient(String partnerId, PartnerKind partnerKind, List<String> leadIds) {
  public ErasureRecipient {
    leadIds = leadIds == null ? List.of() : List.copyOf(leadIds);
  }
}
