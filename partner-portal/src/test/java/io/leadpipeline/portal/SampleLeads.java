package io.leadpipeline.portal;

import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.LeadContact;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.Requirements;
import java.time.Instant;
import java.util.List;

/** Leads as the router writes them, for the portal's tests. */
public final class SampleLeads {
  private SampleLeads() {}

  public static Lead lead(String leadId, String partnerId, Instant routedAt, boolean callPermitted) {
    return Lead.newBuilder()
        .setLeadId(leadId)
        .setEnquiryId("enq-" + leadId)
        .setPartnerId(partnerId)
        .setPartnerKind(PartnerKind.OPERATOR)
        .setSubmittedAt(routedAt.minusSeconds(5))
        .setRoutedAt(routedAt)
        .setSite("officefinder.example")
        .setContact(new LeadContact("Jane Doe", "Doe Analytics Ltd", "jane.doe@example.com",
            callPermitted ? "+447700900123" : null))
        .setRequirements(Requirements.newBuilder()
            .setCity("London").setPostcodeDistrict("EC2A").setDesks(12)
            .setOfficeTypes(List.of(OfficeType.SERVICED)).setMaxBudgetPerDeskGbp(650)
            .setMoveInDate(null).setTermMonths(12).build())
        .setCallPermitted(callPermitted)
        .setMarketingPermitted(false)
        .build();
  }
}
