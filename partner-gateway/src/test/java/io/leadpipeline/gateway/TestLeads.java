package io.leadpipeline.gateway;

import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.LeadContact;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.Requirements;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Leads for tests, as the router writes them. */
public final class TestLeads {
  private TestLeads() {}

  public static Lead lead(String leadId, String partnerId, String email, String phone, Instant submittedAt) {
    return Lead.newBuilder()
        .setLeadId(leadId)
        .setEnquiryId("enq-" + leadId)
        .setPartnerId(partnerId)
        .setPartnerKind(PartnerKind.OPERATOR)
        .setSubmittedAt(submittedAt)
        .setRoutedAt(submittedAt.plusSeconds(1))
        .setSite("officefinder.example")
        .setContact(LeadContact.newBuilder().setFullName("Ada Lovelace").setCompany("Analytical Ltd")
            .setEmail(email).setPhone(phone).build())
        .setRequirements(Requirements.newBuilder().setCity("London").setPostcodeDistrict("EC2A").setDesks(12)
            .setOfficeTypes(List.of(OfficeType.SERVICED, OfficeType.COWORKING)).setMaxBudgetPerDeskGbp(650)
            .setMoveInDate(LocalDate.of(2027, 2, 1)).setTermMonths(12).build())
        .setCallPermitted(phone != null)
        .setMarketingPermitted(true)
        .build();
  }
}
