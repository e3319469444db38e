package io.leadpipeline.router.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.MarketingChannel;
import io.leadpipeline.avro.MarketingReason;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import io.leadpipeline.router.validation.ShownConsent.Wording;
import io.leadpipeline.router.validation.ShownConsent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/enquiry-contract.md §2: which partners a consent covers, per channel. */
class ConsentNamingTest {
  static final MarketingPermission.Verdict CONSENTED = new MarketingPermission.Verdict(true, MarketingReason.CONSENTED);
  static final Wording NAMES_ACME = new Wording("w-named", "3", List.of("acme"), List.of());
  static final Wording NAMES_OPERATORS = new Wording("w-ops", "1", List.of(), List.of(PartnerKind.OPERATOR));

  static NormalisedEnquiry enquiry(boolean email, boolean phone, ShownConsent shown) {
    return new NormalisedEnquiry("e-1", 0, 0, "WEB_FORM", "site", "Ada", null, "ada@example.com", null,
        "s".repeat(64), null, false, "London", null, 10, List.of(OfficeType.SERVICED), null, null, null,
        email, phone, shown);
  }

  @Test
  void aWordingNamingThePartnerByIdApplies() {
    var applied = ConsentNaming.applied(CONSENTED, enquiry(true, false, new ShownConsent(NAMES_ACME, null)),
        "acme", PartnerKind.LANDLORD);
    assertThat(applied).containsExactly(new ConsentNaming.Applied(MarketingChannel.EMAIL, "w-named", "3"));
  }

  @Test
  void aWordingNamingThePartnersCategoryApplies() {
    var e = enquiry(true, false, new ShownConsent(NAMES_OPERATORS, null));
    assertThat(ConsentNaming.applied(CONSENTED, e, "zeta", PartnerKind.OPERATOR)).hasSize(1);
    assertThat(ConsentNaming.applied(CONSENTED, e, "zeta", PartnerKind.LANDLORD)).isEmpty();
  }

  @Test
  void aWordingNamingNeitherThePartnerNorItsCategoryDoesNotApply() {
    var e = enquiry(true, true, new ShownConsent(NAMES_ACME, NAMES_OPERATORS));
    assertThat(ConsentNaming.applied(CONSENTED, e, "beta", PartnerKind.LANDLORD)).isEmpty();
  }

  @Test
  void eachChannelCountsOnlyWhenItsOwnBoxWasTicked() {
    var phoneOnly = enquiry(false, true, new ShownConsent(NAMES_ACME, NAMES_OPERATORS));
    assertThat(ConsentNaming.applied(CONSENTED, phoneOnly, "acme", PartnerKind.OPERATOR))
        .containsExactly(new ConsentNaming.Applied(MarketingChannel.PHONE, "w-ops", "1"));
    assertThat(ConsentNaming.applied(CONSENTED, phoneOnly, "acme", PartnerKind.LANDLORD))
        .as("acme is named only beside the unticked email box").isEmpty();
  }

  @Test
  void bothChannelsAreRecordedWhenBothNameThePartner() {
    var e = enquiry(true, true, new ShownConsent(NAMES_ACME, NAMES_OPERATORS));
    assertThat(ConsentNaming.applied(CONSENTED, e, "acme", PartnerKind.OPERATOR))
        .extracting(ConsentNaming.Applied::channel).containsExactly(MarketingChannel.EMAIL, MarketingChannel.PHONE);
  }

  @Test
  void anOldBooleanOnlyEnquiryNamesNobodyAndIsNoConsent() {
    var e = enquiry(true, true, null);
    assertThat(ConsentNaming.applied(CONSENTED, e, "acme", PartnerKind.OPERATOR)).isEmpty();
    assertThat(MarketingPermission.decide(e, SuppressionView.NOTHING))
        .isEqualTo(new MarketingPermission.Verdict(false, MarketingReason.NO_CONSENT));
  }

  @Test
  void aTickedBoxBesideAWordingIsConsent() {
    var e = enquiry(false, true, new ShownConsent(null, NAMES_ACME));
    assertThat(MarketingPermission.decide(e, SuppressionView.NOTHING)).isEqualTo(CONSENTED);
  }

  @Test
  void nothingAppliesWhenTheEnquiryWideVerdictWithholdsMarketing() {
    var e = enquiry(true, false, new ShownConsent(NAMES_ACME, null));
    var optedOut = new MarketingPermission.Verdict(false, MarketingReason.OPTED_OUT);
    assertThat(ConsentNaming.applied(optedOut, e, "acme", PartnerKind.OPERATOR)).isEmpty();
  }
}
