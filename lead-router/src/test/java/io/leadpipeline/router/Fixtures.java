package io.leadpipeline.router;

import io.leadpipeline.avro.CallConsent;
import io.leadpipeline.avro.Channel;
import io.leadpipeline.avro.ConsentShown;
import io.leadpipeline.avro.ConsentStatus;
import io.leadpipeline.avro.ConsentWording;
import io.leadpipeline.avro.Contact;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DeliveryHours;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.MarketingConsent;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.Requirements;
import io.leadpipeline.avro.TpsFileKind;
import io.leadpipeline.avro.TpsLoad;
import io.leadpipeline.avro.TpsRegistration;
import io.leadpipeline.avro.Weekday;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Builders of realistic records for tests. */
public final class Fixtures {
  public static final String SECRET = "test-secret-0123456789abcdef";

  private Fixtures() {}

  public static Enquiry.Builder enquiry(String email, String phone) {
    return Enquiry.newBuilder()
        .setEnquiryId(UUID.randomUUID().toString())
        .setSubmittedAt(Instant.parse("2026-03-02T10:00:00Z"))
        .setChannel(Channel.WEB_FORM)
        .setSite("instantoffices.example")
        .setContact(
            Contact.newBuilder()
                .setFullName("Ada Lovelace")
                .setCompany("Analytical Engines Ltd")
                .setEmail(email)
                .setPhone(phone)
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
                .setMoveInDate(LocalDate.parse("2026-05-01"))
                .setTermMonths(12)
                .build())
        .setMarketingConsent(new MarketingConsent(true, false))
        .setMarketingConsentShown(new ConsentShown(wordingNaming(PartnerKind.LANDLORD, PartnerKind.OPERATOR), null));
  }

  /** The email box's wording, naming whole categories of partner (docs/enquiry-contract.md §1). */
  public static ConsentWording wordingNaming(PartnerKind... categories) {
    return new ConsentWording("io-marketing-partners", "2026-03", List.of(), List.of(categories));
  }

  /** The email box's wording, naming partners by id. */
  public static ConsentWording wordingNaming(String... partnerIds) {
    return new ConsentWording("io-marketing-named", "2026-03", List.of(partnerIds), List.of());
  }

  public static Partner.Builder partner(String id, PartnerKind kind) {
    return Partner.newBuilder()
        .setPartnerId(id)
        .setName("Partner " + id)
        .setKind(kind)
        .setActive(true)
        .setCities(List.of("London"))
        .setPostcodeDistricts(List.of())
        .setMinDesks(1)
        .setMaxDesks(100)
        .setOfficeTypes(List.of(OfficeType.SERVICED, OfficeType.MANAGED))
        .setMinPricePerDeskGbp(null)
        .setDailyCap(null)
        .setTimeZone("Europe/London")
        .setDeliveryHours(null)
        .setExclusive(false)
        .setWeight(1)
        .setUpdatedAt(Instant.parse("2026-01-01T00:00:00Z"));
  }

  public static DeliveryHours weekdays(String opens, String closes) {
    return new DeliveryHours(
        List.of(Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY), opens, closes);
  }

  public static TpsRegistration tps(Register register, LocalDate on) {
    return new TpsRegistration(register, on, "tps-full-20260101.txt");
  }

  public static CallConsent consent(ConsentStatus status, Instant at, Instant expires) {
    return new CallConsent(status, at, expires, "api:test");
  }

  public static ContactPreferences doNotCall(Instant at) {
    return ContactPreferences.newBuilder().setDoNotCallAt(at).setUpdatedAt(at).setSource("api:test").build();
  }

  public static ContactPreferences emailOptOut(Instant at) {
    return ContactPreferences.newBuilder().setEmailMarketingOptOutAt(at).setUpdatedAt(at).setSource("unsubscribe").build();
  }

  public static DoNotRepeat doNotRepeat(Instant at, boolean all, String... partners) {
    return new DoNotRepeat(all, List.of(partners), at, "api:test");
  }

  public static TpsLoad load(Register register, Instant at) {
    return new TpsLoad(register, TpsFileKind.FULL, register + "-full.txt", at, 1000L, 10L, 1L, 0L,
        register + "-load-" + at.toEpochMilli());
  }
}
