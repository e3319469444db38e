package io.leadpipeline.router;

import static io.leadpipeline.router.Fixtures.consent;
import static io.leadpipeline.router.Fixtures.doNotCall;
import static io.leadpipeline.router.Fixtures.emailOptOut;
import static io.leadpipeline.router.Fixtures.enquiry;
import static io.leadpipeline.router.Fixtures.partner;
import static io.leadpipeline.router.Fixtures.tps;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.CallReason;
import io.leadpipeline.avro.ConsentStatus;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.MarketingConsent;
import io.leadpipeline.avro.MarketingReason;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.avro.SuppressionKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** docs/SPECIFICATION.md §6 rules 2 and 3 on the production topology, one rule per test. */
@Timeout(60)
class SuppressionRulesTest {
  static final String EMAIL = "ada@example.com";
  static final String PHONE = "020 7946 0018";
  RouterDriver d;
  String phoneKey;
  String subjectKey;

  @BeforeEach
  void open() {
    d = RouterDriver.open();
    d.partner(partner("acme-offices", PartnerKind.OPERATOR).build());
    phoneKey = d.phoneKey(PHONE);
    subjectKey = d.subjectKey(EMAIL);
  }

  @AfterEach
  void close() {
    d.close();
  }

  private Enquiry forSomeoneElse() {
    Enquiry e = enquiry(EMAIL, PHONE).build();
    e.getContact().setOnBehalfOfAnother(true);
    return e;
  }

  private RoutingDecision route(Enquiry e) {
    d.enquiry(e);
    return d.onlyDecision();
  }

  private Lead onlyLead() {
    List<Lead> leads = d.leads(PartnerKind.OPERATOR, "acme-offices");
    assertThat(leads).hasSize(1);
    return leads.get(0);
  }

  private Instant ago(Duration x) {
    return d.now().minus(x);
  }

  @Test
  void rule2_noPhoneMeansNoCallAndNoPhoneInTheLead() {
    RoutingDecision decision = route(enquiry(EMAIL, null).build());
    assertThat(decision.getCall().getReason()).isEqualTo(CallReason.NO_PHONE);
    assertThat(onlyLead().getContact().getPhone()).isNull();
  }

  @Test
  void rule2_doNotCallNewerThanTheNewestConsentWithholdsThePhone() {
    d.consent(phoneKey, consent(ConsentStatus.GRANTED, ago(Duration.ofDays(10)), null), ago(Duration.ofDays(10)));
    d.preferences(phoneKey, doNotCall(ago(Duration.ofDays(1))), ago(Duration.ofDays(1)));
    RoutingDecision decision = route(enquiry(EMAIL, PHONE).build());
    assertThat(decision.getCall().getPermitted()).isFalse();
    assertThat(decision.getCall().getReason()).isEqualTo(CallReason.DO_NOT_CALL);
    Lead lead = onlyLead();
    assertThat(lead.getCallPermitted()).isFalse();
    assertThat(lead.getContact().getPhone()).isNull();
  }

  @Test
  void rule2_doNotCallUnderTheEmailSubjectAlsoWithholdsThePhone() {
    d.preferences(subjectKey, doNotCall(ago(Duration.ofDays(1))), ago(Duration.ofDays(1)));
    assertThat(route(enquiry(EMAIL, PHONE).build()).getCall().getReason()).isEqualTo(CallReason.DO_NOT_CALL);
  }

  @Test
  void rule2_doNotCallBeatsTheEnquirysOwnConsent() {
    d.preferences(phoneKey, doNotCall(ago(Duration.ofDays(1))), ago(Duration.ofDays(1)));
    Enquiry own = enquiry(EMAIL, PHONE).build();
    assertThat(own.getContact().getPhoneProvidedBySubject()).isTrue();
    assertThat(route(own).getCall().getPermitted()).isFalse();
  }

  @Test
  void rule2_aConsentNewerThanTheDoNotCallSharesThePhone() {
    d.preferences(phoneKey, doNotCall(ago(Duration.ofDays(10))), ago(Duration.ofDays(10)));
    d.consent(phoneKey, consent(ConsentStatus.GRANTED, ago(Duration.ofDays(1)), null), ago(Duration.ofDays(1)));
    assertThat(route(forSomeoneElse()).getCall().getPermitted()).isTrue();
  }

  @Test
  void rule2_theEnquirysOwnNumberOverridesTheTps() {
    d.tps(phoneKey, tps(Register.TPS, LocalDate.parse("2025-01-01")), ago(Duration.ofDays(30)));
    RoutingDecision decision = route(enquiry(EMAIL, PHONE).build());
    assertThat(decision.getCall().getPermitted()).isTrue();
    assertThat(decision.getCall().getReason()).isEqualTo(CallReason.TPS_OVERRIDDEN);
    assertThat(onlyLead().getContact().getPhone()).isEqualTo("+442079460018");
  }

  @Test
  void rule2_aNumberGivenOnBehalfOfAnotherCarriesNoConsent() {
    d.tps(phoneKey, tps(Register.TPS, LocalDate.parse("2025-01-01")), ago(Duration.ofDays(30)));
    RoutingDecision decision = route(forSomeoneElse());
    assertThat(decision.getCall().getReason()).isEqualTo(CallReason.TPS);
    assertThat(onlyLead().getContact().getPhone()).isNull();
  }

  @Test
  void rule2_aNumberTypedBySomeoneElseCarriesNoConsent() {
    d.tps(phoneKey, tps(Register.CTPS, LocalDate.parse("2025-01-01")), ago(Duration.ofDays(30)));
    Enquiry e = enquiry(EMAIL, PHONE).build();
    e.getContact().setPhoneProvidedBySubject(false);
    assertThat(route(e).getCall().getReason()).isEqualTo(CallReason.CTPS);
  }

  @Test
  void rule2_aValidCallConsentOverridesTheTps() {
    d.tps(phoneKey, tps(Register.TPS, LocalDate.parse("2025-01-01")), ago(Duration.ofDays(30)));
    d.consent(phoneKey, consent(ConsentStatus.GRANTED, ago(Duration.ofDays(2)), d.now().plus(Duration.ofDays(30))),
        ago(Duration.ofDays(2)));
    RoutingDecision decision = route(forSomeoneElse());
    assertThat(decision.getCall().getReason()).isEqualTo(CallReason.TPS_OVERRIDDEN);
    assertThat(decision.getSuppressionFacts()).extracting(f -> f.getKind())
        .contains(SuppressionKind.TPS_REGISTRATION, SuppressionKind.CALL_CONSENT);
  }

  @Test
  void rule2_anExpiredCallConsentDoesNotOverrideTheTps() {
    d.tps(phoneKey, tps(Register.TPS, LocalDate.parse("2025-01-01")), ago(Duration.ofDays(30)));
    d.consent(phoneKey, consent(ConsentStatus.GRANTED, ago(Duration.ofDays(20)), ago(Duration.ofDays(1))),
        ago(Duration.ofDays(20)));
    assertThat(route(forSomeoneElse()).getCall().getReason()).isEqualTo(CallReason.TPS);
  }

  @Test
  void rule2_aRevokedCallConsentDoesNotOverrideTheTps() {
    d.tps(phoneKey, tps(Register.TPS, LocalDate.parse("2025-01-01")), ago(Duration.ofDays(30)));
    d.consent(phoneKey, consent(ConsentStatus.REVOKED, ago(Duration.ofDays(2)), null), ago(Duration.ofDays(2)));
    assertThat(route(forSomeoneElse()).getCall().getReason()).isEqualTo(CallReason.TPS);
  }

  @Test
  void rule2_aRegistrationYoungerThan28DaysDoesNotYetBar() {
    LocalDate registered = LocalDate.parse("2026-02-10"); // 20 days before 2 March
    d.tps(phoneKey, tps(Register.TPS, registered), ago(Duration.ofDays(19)));
    RoutingDecision decision = route(forSomeoneElse());
    assertThat(decision.getCall().getPermitted()).isTrue();
    assertThat(decision.getCall().getReason()).isEqualTo(CallReason.NOT_REGISTERED);
  }

  @Test
  void rule2_aRegistrationExactly28DaysOldBars() {
    d.tps(phoneKey, tps(Register.TPS, LocalDate.parse("2026-02-02")), ago(Duration.ofDays(27)));
    assertThat(route(forSomeoneElse()).getCall().getReason()).isEqualTo(CallReason.TPS);
  }

  @Test
  void rule2_aCallConsentRecordedAfterTheEnquiryDoesNotCountForIt() {
    // The table is read as of the enquiry's time t; consent at t+1s is history for a later enquiry.
    d.tps(phoneKey, tps(Register.TPS, LocalDate.parse("2025-01-01")), ago(Duration.ofDays(30)));
    try (RouterDriver waiting = new RouterDriver(RouterConfig.forTests(Fixtures.SECRET).withJoinWait(Duration.ofSeconds(2)))) {
      waiting.partner(partner("acme-offices", PartnerKind.OPERATOR).build());
      waiting.tps(phoneKey, tps(Register.TPS, LocalDate.parse("2025-01-01")), ago(Duration.ofDays(30)));
      Instant t = waiting.now();
      waiting.enquiry(forSomeoneElse(), t);
      waiting.consent(phoneKey, consent(ConsentStatus.GRANTED, t.plusSeconds(1), null), t.plusSeconds(1));
      waiting.advance(Duration.ofSeconds(3));
      assertThat(waiting.onlyDecision().getCall().getReason()).isEqualTo(CallReason.TPS);
    }
  }

  @Test
  void rule2_outOfOrder_aDoNotCallWithAnEarlierTimestampArrivingAfterTheEnquiryStillApplies() {
    try (RouterDriver waiting = new RouterDriver(RouterConfig.forTests(Fixtures.SECRET).withJoinWait(Duration.ofSeconds(2)))) {
      waiting.partner(partner("acme-offices", PartnerKind.OPERATOR).build());
      Instant t = waiting.now();
      waiting.enquiry(enquiry(EMAIL, PHONE).build(), t);
      // Acknowledged at T = t - 1s, but processed after the enquiry.
      waiting.preferences(phoneKey, doNotCall(t.minusSeconds(1)), t.minusSeconds(1));
      assertThat(waiting.decisions()).as("held for the join wait").isEmpty();
      waiting.advance(Duration.ofSeconds(3));
      RoutingDecision decision = waiting.onlyDecision();
      assertThat(decision.getCall().getReason()).isEqualTo(CallReason.DO_NOT_CALL);
      assertThat(waiting.leads(PartnerKind.OPERATOR, "acme-offices").get(0).getContact().getPhone()).isNull();
    }
  }

  @Test
  void rule2_outOfOrder_aTpsRegistrationWithAnEarlierTimestampArrivingAfterTheEnquiryStillApplies() {
    try (RouterDriver waiting = new RouterDriver(RouterConfig.forTests(Fixtures.SECRET).withJoinWait(Duration.ofSeconds(2)))) {
      waiting.partner(partner("acme-offices", PartnerKind.OPERATOR).build());
      Instant t = waiting.now();
      waiting.enquiry(forSomeoneElse(), t);
      waiting.tps(phoneKey, tps(Register.CTPS, LocalDate.parse("2025-06-01")), t.minusMillis(200));
      waiting.advance(Duration.ofSeconds(3));
      assertThat(waiting.onlyDecision().getCall().getReason()).isEqualTo(CallReason.CTPS);
    }
  }

  @Test
  void rule2_theJoinWaitIsBoundedInWallClockTimeAtOneEnquiry() {
    try (RouterDriver waiting = new RouterDriver(RouterConfig.forTests(Fixtures.SECRET).withJoinWait(Duration.ofSeconds(2)))) {
      waiting.partner(partner("acme-offices", PartnerKind.OPERATOR).build());
      waiting.enquiry(enquiry(EMAIL, PHONE).build(), waiting.now());
      waiting.advance(Duration.ofMillis(1500));
      assertThat(waiting.decisions()).isEmpty();
      waiting.advance(Duration.ofMillis(800)); // no further enquiry needed to release it
      assertThat(waiting.decisions()).hasSize(1);
    }
  }

  @Test
  void rule3_marketingIsPermittedWithConsentAndNoOptOut() {
    RoutingDecision decision = route(enquiry(EMAIL, PHONE).build());
    assertThat(decision.getMarketing().getReason()).isEqualTo(MarketingReason.CONSENTED);
    assertThat(onlyLead().getMarketingPermitted()).isTrue();
  }

  @Test
  void rule3_noMarketingConsentMeansNoMarketing() {
    Enquiry e = enquiry(EMAIL, PHONE).setMarketingConsent(new MarketingConsent(false, false)).build();
    assertThat(route(e).getMarketing().getReason()).isEqualTo(MarketingReason.NO_CONSENT);
    assertThat(onlyLead().getMarketingPermitted()).isFalse();
  }

  @Test
  void rule3_anEmailOptOutBeforeTheEnquiryWithdrawsMarketing() {
    d.preferences(subjectKey, emailOptOut(ago(Duration.ofDays(3))), ago(Duration.ofDays(3)));
    assertThat(route(enquiry(EMAIL, PHONE).build()).getMarketing().getReason()).isEqualTo(MarketingReason.OPTED_OUT);
    assertThat(onlyLead().getMarketingPermitted()).isFalse();
  }

  @Test
  void rule3_anOptOutUnderThePhoneKeyWithdrawsMarketing() {
    ContactPreferences p = ContactPreferences.newBuilder().setPhoneMarketingOptOutAt(ago(Duration.ofDays(1)))
        .setUpdatedAt(ago(Duration.ofDays(1))).setSource("letter").build();
    d.preferences(phoneKey, p, ago(Duration.ofDays(1)));
    assertThat(route(enquiry(EMAIL, PHONE).build()).getMarketing().getPermitted()).isFalse();
  }
}
