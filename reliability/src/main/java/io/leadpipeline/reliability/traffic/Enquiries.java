package io.leadpipeline.reliability.traffic;

import io.leadpipeline.avro.Channel;
import io.leadpipeline.avro.Contact;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.MarketingConsent;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.Requirements;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Well-formed enquiries from made-up people, for every suite. */
public final class Enquiries {
  private Enquiries() {}

  /** A valid enquiry from {@code person}: London, 10 serviced desks, marketing by email consented. */
  public static Enquiry.Builder from(Person person) {
    return Enquiry.newBuilder()
        .setEnquiryId(UUID.randomUUID().toString())
        .setSubmittedAt(Instant.now())
        .setChannel(Channel.WEB_FORM)
        .setSite("reliability.example")
        .setContact(
            Contact.newBuilder()
                .setFullName(person.fullName())
                .setCompany("Reliability Ltd")
                .setEmail(person.email())
                .setPhone(person.phone())
                .setPhoneProvidedBySubject(true)
                .setOnBehalfOfAnother(false)
                .build())
        .setRequirements(
            Requirements.newBuilder()
                .setCity("London")
                .setPostcodeDistrict("EC2A")
                .setDesks(10)
                .setOfficeTypes(List.of(OfficeType.SERVICED))
                .setMaxBudgetPerDeskGbp(600)
                .setMoveInDate(LocalDate.now().plusMonths(2))
                .setTermMonths(12)
                .build())
        .setMarketingConsent(new MarketingConsent(true, false))
        // A wording naming every partner category, so marketing is permitted until an opt-out
        // (docs/enquiry-contract.md §2).
        .setMarketingConsentShown(new io.leadpipeline.avro.ConsentShown(
            new io.leadpipeline.avro.ConsentWording("reliability-email-partners", "1", List.of(),
                List.of(io.leadpipeline.avro.PartnerKind.LANDLORD, io.leadpipeline.avro.PartnerKind.OPERATOR)),
            null));
  }
}
