package io.leadpipeline.router.validation;

import static io.leadpipeline.router.Fixtures.enquiry;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.ConsentShown;
import io.leadpipeline.avro.ConsentWording;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.router.Fixtures;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** docs/SPECIFICATION.md §6 rule 1, on plain objects: free text and dates a partner would misread. */
class EnquiryValidationTest {
  private static final Instant EVENT_TIME = Instant.parse("2026-03-02T10:00:00Z");
  private final EnquiryValidation validation = new EnquiryValidation(new SubjectKeys(Fixtures.SECRET));

  private EnquiryValidation.Outcome validate(Consumer<Enquiry.Builder> change) {
    Enquiry.Builder b = enquiry("ada@example.com", "020 7946 0018");
    change.accept(b);
    return validation.validate(b.build(), EVENT_TIME.toEpochMilli());
  }

  private NormalisedEnquiry valid(Consumer<Enquiry.Builder> change) {
    EnquiryValidation.Outcome outcome = validate(change);
    assertThat(outcome).as("should be valid").isInstanceOf(EnquiryValidation.Outcome.Valid.class);
    return ((EnquiryValidation.Outcome.Valid) outcome).enquiry();
  }

  private Rejection rejection(Consumer<Enquiry.Builder> change) {
    EnquiryValidation.Outcome outcome = validate(change);
    assertThat(outcome).as("should be rejected").isInstanceOf(EnquiryValidation.Outcome.Invalid.class);
    return ((EnquiryValidation.Outcome.Invalid) outcome).rejection();
  }

  @Test
  void consent_aWordingWithoutAVersionIsNoEvidenceAndIsRejected() {
    Rejection r = rejection(b -> b.setMarketingConsentShown(new ConsentShown(null,
        new ConsentWording("io-marketing-partners", " ", java.util.List.of("acme"), java.util.List.of()))));
    assertThat(r.reason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
    assertThat(r.detail()).isEqualTo("marketingConsentShown.phone has an empty wordingId or wordingVersion");
  }

  @Test
  void consent_theWordingsShownTravelWithTheEnquiry() {
    NormalisedEnquiry e = valid(b -> b.setMarketingConsentShown(new ConsentShown(null,
        new ConsentWording(" io-calls ", "7", java.util.List.of("acme"), java.util.List.of(PartnerKind.OPERATOR)))));
    assertThat(e.consentShown().email()).isNull();
    assertThat(e.consentShown().phone())
        .isEqualTo(new ShownConsent.Wording("io-calls", "7", java.util.List.of("acme"), java.util.List.of(PartnerKind.OPERATOR)));
  }

  @Test
  void consent_anEnquiryWithOnlyTheBooleansIsValidAndCarriesNoWording() {
    NormalisedEnquiry e = valid(b -> b.setMarketingConsentShown(null));
    assertThat(e.consentShown()).isEqualTo(ShownConsent.NONE);
  }

  @Test
  void invalidText_aNulInTheNameIsRejected() {
    Rejection r = rejection(b -> b.getContactBuilder().setFullName("Ada\u0000Lovelace"));
    assertThat(r.reason()).isEqualTo(DeadLetterReason.INVALID_TEXT);
    assertThat(r.detail()).isEqualTo("contact.fullName contains a control character (U+0000)");
  }

  @Test
  void invalidText_aTerminalEscapeInTheCompanyIsRejected() {
    Rejection r = rejection(b -> b.getContactBuilder().setCompany("\u001b[2J\u001b[31mACME"));
    assertThat(r.reason()).isEqualTo(DeadLetterReason.INVALID_TEXT);
    assertThat(r.detail()).startsWith("contact.company ").doesNotContain("ACME");
  }

  @Test
  void invalidText_aRightToLeftOverrideInTheNameIsRejected() {
    Rejection r = rejection(b -> b.getContactBuilder().setFullName("Ada \u202Egnp.exe"));
    assertThat(r.reason()).isEqualTo(DeadLetterReason.INVALID_TEXT);
    assertThat(r.detail()).contains("contact.fullName", "U+202E").doesNotContain("Ada");
  }

  @Test
  void invalidText_aLineBreakInTheCityIsRejected() {
    Rejection r = rejection(b -> b.getRequirementsBuilder().setCity("London\nX-Injected: yes"));
    assertThat(r.reason()).isEqualTo(DeadLetterReason.INVALID_TEXT);
    assertThat(r.detail()).startsWith("requirements.city ");
  }

  @Test
  void invalidText_theSiteAndPostcodeDistrictAreCheckedToo() {
    assertThat(rejection(b -> b.setSite("example.com\r\n")).detail()).startsWith("site ");
    assertThat(rejection(b -> b.getRequirementsBuilder().setPostcodeDistrict("EC2A\u2066")).detail())
        .startsWith("requirements.postcodeDistrict ");
  }

  @Test
  void invalidEmail_aBidiOverrideInTheEmailIsRejected() {
    Rejection r = rejection(b -> b.getContactBuilder().setEmail("ada\u202E@example.com"));
    assertThat(r.reason()).isEqualTo(DeadLetterReason.INVALID_EMAIL);
    assertThat(r.detail()).doesNotContain("ada");
  }

  @Test
  void invalidText_legitimateUnicodeStaysValid() {
    NormalisedEnquiry e =
        valid(b -> {
          b.getContactBuilder().setFullName("Zoë Ñúñez-O'Brien 李小龍").setCompany("Müller & Søn — Åkesson’s");
          b.getRequirementsBuilder().setCity("Saint-Étienne-du-Rouvray");
        });
    assertThat(e.fullName()).isEqualTo("Zoë Ñúñez-O'Brien 李小龍");
  }

  @Test
  void invalidDate_aMoveInInTheYear9999IsRejected() {
    Rejection r = rejection(b -> b.getRequirementsBuilder().setMoveInDate(LocalDate.of(9999, 12, 31)));
    assertThat(r.reason()).isEqualTo(DeadLetterReason.INVALID_DATE);
  }

  @Test
  void invalidDate_aMoveInMoreThanAYearBeforeTheEnquiryIsRejected() {
    assertThat(rejection(b -> b.getRequirementsBuilder().setMoveInDate(LocalDate.of(2025, 3, 1))).reason())
        .isEqualTo(DeadLetterReason.INVALID_DATE);
    assertThat(rejection(b -> b.getRequirementsBuilder().setMoveInDate(LocalDate.of(1970, 1, 1))).reason())
        .isEqualTo(DeadLetterReason.INVALID_DATE);
  }

  @Test
  void invalidDate_theWindowFromAYearBeforeToFiveYearsAfterTheEnquiryDayIsAccepted() {
    for (LocalDate ok :
        new LocalDate[] {
          LocalDate.of(2025, 3, 2), LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 2),
          LocalDate.of(2026, 5, 1), LocalDate.of(2031, 3, 2)
        }) {
      valid(b -> b.getRequirementsBuilder().setMoveInDate(ok));
    }
    assertThat(rejection(b -> b.getRequirementsBuilder().setMoveInDate(LocalDate.of(2031, 3, 3))).reason())
        .isEqualTo(DeadLetterReason.INVALID_DATE);
    valid(b -> b.getRequirementsBuilder().setMoveInDate(null));
  }
}
