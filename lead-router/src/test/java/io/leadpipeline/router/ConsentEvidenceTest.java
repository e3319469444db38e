package io.leadpipeline.router;

import static io.leadpipeline.router.Fixtures.enquiry;
import static io.leadpipeline.router.Fixtures.partner;
import static io.leadpipeline.router.Fixtures.wordingNaming;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.AppliedConsent;
import io.leadpipeline.avro.CallReason;
import io.leadpipeline.avro.ConsentShown;
import io.leadpipeline.avro.DecisionOutcome;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.MarketingChannel;
import io.leadpipeline.avro.MarketingConsent;
import io.leadpipeline.avro.MarketingReason;
import io.leadpipeline.avro.PartnerDecision;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.RegisterLoadUsed;
import io.leadpipeline.avro.RoutingDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/enquiry-contract.md §2, §3 on the production topology: a lead may be marketed to only on a
 * consent that named its partner, and every share's decision names that consent and the register
 * loads that screened the number.
 */
@Timeout(60)
class ConsentEvidenceTest {
  static final String EMAIL = "ada@example.com";
  static final String PHONE = "020 7946 0018";
  RouterDriver d;
  Instant tpsLoadedAt;
  Instant ctpsLoadedAt;

  @BeforeEach
  void open() {
    // The register check on, as in production, with both registers loaded today.
    d = new RouterDriver(RouterConfig.forTests(Fixtures.SECRET).withMaxRegisterAge(Duration.ofHours(48)));
    tpsLoadedAt = d.now().minus(Duration.ofHours(3));
    ctpsLoadedAt = d.now().minus(Duration.ofHours(2));
    d.load(Fixtures.load(Register.TPS, tpsLoadedAt));
    d.load(Fixtures.load(Register.CTPS, ctpsLoadedAt));
    d.partner(partner("acme", PartnerKind.OPERATOR).build());
    d.partner(partner("beta", PartnerKind.LANDLORD).build());
  }

  @AfterEach
  void close() {
    d.close();
  }

  private RoutingDecision route(Enquiry e) {
    d.enquiry(e);
    d.advance(Duration.ofMillis(10));
    return d.onlyDecision();
  }

  private static Map<String, PartnerDecision> byPartner(RoutingDecision decision) {
    return decision.getPartners().stream().collect(Collectors.toMap(PartnerDecision::getPartnerId, Function.identity()));
  }

  private static Enquiry withConsent(boolean email, boolean phone, ConsentShown shown) {
    return enquiry(EMAIL, PHONE).setMarketingConsent(new MarketingConsent(email, phone)).setMarketingConsentShown(shown).build();
  }

  private boolean marketingPermitted(PartnerKind kind, String partnerId) {
    return d.leads(kind, partnerId).get(0).getMarketingPermitted();
  }

  @Test
  void aConsentNamingOnePartnerPermitsOnlyThatPartnersMarketing() {
    RoutingDecision decision = route(withConsent(true, false, new ConsentShown(wordingNaming("acme"), null)));

    assertThat(marketingPermitted(PartnerKind.OPERATOR, "acme")).isTrue();
    assertThat(marketingPermitted(PartnerKind.LANDLORD, "beta")).isFalse();
    Map<String, PartnerDecision> p = byPartner(decision);
    assertThat(p.get("acme").getConsents())
        .containsExactly(new AppliedConsent(MarketingChannel.EMAIL, "io-marketing-named", "2026-03"));
    assertThat(p.get("beta").getConsents()).as("no consent named beta").isEmpty();
  }

  @Test
  void everySharesDecisionNamesTheRegisterLoadsThatScreenedTheNumber() {
    RoutingDecision decision = route(withConsent(true, false, new ConsentShown(wordingNaming("acme"), null)));

    for (PartnerDecision p : decision.getPartners()) {
      assertThat(p.getRegisterLoads()).as(p.getPartnerId()).containsExactly(
          new RegisterLoadUsed(Register.TPS, "TPS-load-" + tpsLoadedAt.toEpochMilli(), "TPS-full.txt", tpsLoadedAt),
          new RegisterLoadUsed(Register.CTPS, "CTPS-load-" + ctpsLoadedAt.toEpochMilli(), "CTPS-full.txt", ctpsLoadedAt));
    }
    assertThat(decision.getCall().getReason()).isEqualTo(CallReason.NOT_REGISTERED);
  }

  @Test
  void aConsentNamingACategoryPermitsEveryPartnerOfThatCategoryOnly() {
    route(withConsent(true, false, new ConsentShown(wordingNaming(PartnerKind.OPERATOR), null)));

    assertThat(marketingPermitted(PartnerKind.OPERATOR, "acme")).isTrue();
    assertThat(marketingPermitted(PartnerKind.LANDLORD, "beta")).isFalse();
  }

  @Test
  void eachChannelCountsOnlyForThePartnersItsOwnWordingNamed() {
    RoutingDecision decision =
        route(withConsent(true, true, new ConsentShown(wordingNaming("beta"), wordingNaming("acme"))));

    Map<String, PartnerDecision> p = byPartner(decision);
    assertThat(p.get("acme").getConsents()).extracting(AppliedConsent::getChannel).containsExactly(MarketingChannel.PHONE);
    assertThat(p.get("beta").getConsents()).extracting(AppliedConsent::getChannel).containsExactly(MarketingChannel.EMAIL);
    assertThat(marketingPermitted(PartnerKind.OPERATOR, "acme")).isTrue();
    assertThat(marketingPermitted(PartnerKind.LANDLORD, "beta")).isTrue();
  }

  @Test
  void aWordingBesideAnUntickedBoxPermitsNothing() {
    RoutingDecision decision = route(withConsent(false, false, new ConsentShown(wordingNaming("acme", "beta"), null)));

    assertThat(decision.getMarketing().getReason()).isEqualTo(MarketingReason.NO_CONSENT);
    assertThat(marketingPermitted(PartnerKind.OPERATOR, "acme")).isFalse();
    assertThat(byPartner(decision).get("acme").getConsents()).isEmpty();
  }

  @Test
  void anEnquiryWithOnlyTheOldBooleansNamesNobody() {
    RoutingDecision decision = route(withConsent(true, true, null));

    assertThat(decision.getMarketing().getPermitted()).isFalse();
    assertThat(decision.getMarketing().getReason()).isEqualTo(MarketingReason.NO_CONSENT);
    assertThat(decision.getOutcome()).as("still routed; only marketing is withheld").isEqualTo(DecisionOutcome.ROUTED);
    assertThat(marketingPermitted(PartnerKind.OPERATOR, "acme")).isFalse();
    assertThat(marketingPermitted(PartnerKind.LANDLORD, "beta")).isFalse();
  }

  @Test
  void anOptOutWithdrawsANamedConsentAndTheDecisionRecordsNoConsentApplied() {
    d.preferences(d.subjectKey(EMAIL), Fixtures.emailOptOut(d.now().minusSeconds(60)), d.now().minusSeconds(60));
    RoutingDecision decision = route(withConsent(true, false, new ConsentShown(wordingNaming("acme"), null)));

    assertThat(decision.getMarketing().getReason()).isEqualTo(MarketingReason.OPTED_OUT);
    assertThat(marketingPermitted(PartnerKind.OPERATOR, "acme")).isFalse();
    assertThat(byPartner(decision).get("acme").getConsents()).isEmpty();
  }

  @Test
  void aRegisterLoadedMoreThan28DaysBeforeTheEnquiryWithholdsTheCallAndIsRecorded() {
    // An operator allowing older loads than 28 days still gets no call cleared against them.
    try (RouterDriver lax = new RouterDriver(RouterConfig.forTests(Fixtures.SECRET).withMaxRegisterAge(Duration.ofDays(60)))) {
      Instant old = lax.now().minus(Duration.ofDays(29));
      lax.load(Fixtures.load(Register.TPS, old));
      lax.load(Fixtures.load(Register.CTPS, lax.now().minus(Duration.ofDays(1))));
      lax.partner(partner("acme", PartnerKind.OPERATOR).build());
      Enquiry e = enquiry(EMAIL, PHONE).build();
      e.getContact().setOnBehalfOfAnother(true); // no consent of its own: the register decides
      lax.enquiry(e);
      lax.advance(Duration.ofMillis(10));

      RoutingDecision decision = lax.onlyDecision();
      assertThat(decision.getCall().getPermitted()).isFalse();
      assertThat(decision.getCall().getReason()).isEqualTo(CallReason.REGISTER_OUT_OF_DATE);
      assertThat(lax.leads(PartnerKind.OPERATOR, "acme").get(0).getContact().getPhone()).isNull();
      assertThat(decision.getPartners().get(0).getRegisterLoads())
          .extracting(RegisterLoadUsed::getLoadedAt).contains(old);
    }
  }

  @Test
  void aRegisterLoaded27DaysBeforeTheEnquiryStillClearsTheNumber() {
    try (RouterDriver lax = new RouterDriver(RouterConfig.forTests(Fixtures.SECRET).withMaxRegisterAge(Duration.ofDays(60)))) {
      lax.load(Fixtures.load(Register.TPS, lax.now().minus(Duration.ofDays(27))));
      lax.load(Fixtures.load(Register.CTPS, lax.now().minus(Duration.ofDays(27))));
      lax.partner(partner("acme", PartnerKind.OPERATOR).build());
      Enquiry e = enquiry(EMAIL, PHONE).build();
      e.getContact().setOnBehalfOfAnother(true);
      lax.enquiry(e);
      lax.advance(Duration.ofMillis(10));

      assertThat(lax.onlyDecision().getCall().getReason()).isEqualTo(CallReason.NOT_REGISTERED);
      assertThat(lax.leads(PartnerKind.OPERATOR, "acme").get(0).getCallPermitted()).isTrue();
    }
  }
}
