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
import io.leadpipeline.topics.Topics;
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
    // The table is read as of the enquiry's time t (t + ε for restrictions only); consent at t+1s
    // is in the store when the enquiry is looked up, but is history for a later enquiry.
    try (RouterDriver waiting = new RouterDriver(RouterConfig.forTests(Fixtures.SECRET))) {
      waiting.partner(partner("acme-offices", PartnerKind.OPERATOR).build());
      waiting.tps(phoneKey, tps(Register.TPS, LocalDate.parse("2025-01-01")), ago(Duration.ofDays(30)));
      Instant t = waiting.now();
      waiting.onBrokerNotYetFetched(Topics.SUPPRESSION_CALL_CONSENTS);
      waiting.enquiry(forSomeoneElse(), t);
      waiting.consent(phoneKey, consent(ConsentStatus.GRANTED, t.plusSeconds(1), null), t.plusSeconds(1));
      waiting.tick();
      assertThat(waiting.onlyDecision().getCall().getReason()).isEqualTo(CallReason.TPS);
    }
  }

  @Test
  void rule2_outOfOrder_aDoNotCallWithAnEarlierTimestampArrivingAfterTheEnquiryStillApplies() {
    try (RouterDriver waiting = new RouterDriver(RouterConfig.forTests(Fixtures.SECRET))) {
      waiting.partner(partner("acme-offices", PartnerKind.OPERATOR).build());
      Instant t = waiting.now();
      // Acknowledged at T = t - 1s, but fetched and processed after the enquiry.
      waiting.onBrokerNotYetFetched(Topics.SUPPRESSION_PREFERENCES);
      waiting.enquiry(enquiry(EMAIL, PHONE).build(), t);
      assertThat(waiting.decisions()).as("held at the barrier").isEmpty();
      waiting.preferences(phoneKey, doNotCall(t.minusSeconds(1)), t.minusSeconds(1));
      waiting.tick();
      RoutingDecision decision = waiting.onlyDecision();
      assertThat(decision.getCall().getReason()).isEqualTo(CallReason.DO_NOT_CALL);
      assertThat(waiting.leads(PartnerKind.OPERATOR, "acme-offices").get(0).getContact().getPhone()).isNull();
    }
  }

  @Test
  void rule2_outOfOrder_aTpsRegistrationWithAnEarlierTimestampArrivingAfterTheEnquiryStillApplies() {
    try (RouterDriver waiting = new RouterDriver(RouterConfig.forTests(Fixtures.SECRET))) {
      waiting.partner(partner("acme-offices", PartnerKind.OPERATOR).build());
      Instant t = waiting.now();
      waiting.onBrokerNotYetFetched(Topics.SUPPRESSION_TPS);
      waiting.enquiry(forSomeoneElse(), t);
      waiting.tps(phoneKey, tps(Register.CTPS, LocalDate.parse("2025-06-01")), t.minusMillis(200));
      waiting.tick();
      assertThat(waiting.onlyDecision().getCall().getReason()).isEqualTo(CallReason.CTPS);
    }
  }

  @Test
  void rule2_theBarrierNeverReleasesOnTheWallClockAlone() {
    try (RouterDriver waiting = new RouterDriver(RouterConfig.forTests(Fixtures.SECRET))) {
      waiting.partner(partner("acme-offices", PartnerKind.OPERATOR).build());
      waiting.onBrokerNotYetFetched(Topics.SUPPRESSION_PREFERENCES);
      waiting.enquiry(enquiry(EMAIL, PHONE).build(), waiting.now());
      waiting.advance(Duration.ofMinutes(10));
      assertThat(waiting.decisions()).as("a record below the end offset is not applied yet").isEmpty();
      assertThat(waiting.metrics.registry().get("suppression.barrier.waiting").gauge().value()).isEqualTo(1.0);
      waiting.preferences(phoneKey, doNotCall(waiting.now().minus(Duration.ofMinutes(10))), waiting.now().minus(Duration.ofMinutes(10)));
      waiting.tick(); // no further enquiry needed to release it
      assertThat(waiting.onlyDecision().getCall().getReason()).isEqualTo(CallReason.DO_NOT_CALL);
    }
  }

  @Test
  void ordering_aDoNotCallStampedWithinEpsilonAfterTheEnquiryCounts() {
    // A broker whose clock runs 60 ms ahead stamped the do-not-call, acknowledged before the enquiry.
    Instant t = d.now();
    d.preferences(phoneKey, doNotCall(t.plusMillis(60)), t.plusMillis(60));
    RoutingDecision decision = route(enquiry(EMAIL, PHONE).build());
    assertThat(decision.getCall().getReason()).isEqualTo(CallReason.DO_NOT_CALL);
  }

  @Test
  void ordering_aRegistrationStampedWithinEpsilonAfterTheEnquiryCountsAndOneBeyondDoesNot() {
    Instant t = d.now();
    String other = d.phoneKey("020 7946 0019");
    d.tps(phoneKey, tps(Register.CTPS, LocalDate.parse("2025-01-01")), t.plusMillis(60));
    d.tps(other, tps(Register.CTPS, LocalDate.parse("2025-01-01")), t.plusMillis(500));
    assertThat(route(forSomeoneElse()).getCall().getReason()).isEqualTo(CallReason.CTPS);
    Enquiry beyond = enquiry("grace@example.com", "020 7946 0019").build();
    beyond.getContact().setOnBehalfOfAnother(true);
    d.enquiry(beyond, t);
    assertThat(d.onlyDecision().getCall().getReason()).isEqualTo(CallReason.NOT_REGISTERED);
  }

  @Test
  void ordering_aConsentGrantedWithinEpsilonAfterTheEnquiryIsPermissiveAndDoesNotCount() {
    d.tps(phoneKey, tps(Register.TPS, LocalDate.parse("2025-01-01")), ago(Duration.ofDays(30)));
    Instant t = d.now();
    d.consent(phoneKey, consent(ConsentStatus.GRANTED, t.plusMillis(60), null), t.plusMillis(60));
    assertThat(route(forSomeoneElse()).getCall().getReason()).isEqualTo(CallReason.TPS);
  }

  @Test
  void ordering_releasesWaitWhileClocksAreOutOfBound() {
    d.clocksWithinBound(false);
    d.enquiry(enquiry(EMAIL, PHONE).build());
    d.advance(Duration.ofMinutes(5));
    assertThat(d.decisions()).isEmpty();
    d.clocksWithinBound(true);
    d.tick();
    assertThat(d.decisions()).hasSize(1);
  }

  @Test
  void ordering_anEnquiryWhoseEndOffsetsCannotBeReadStaysHeldAndIsCounted() {
    d.ends.answering(false);
    d.enquiry(enquiry(EMAIL, PHONE).build());
    d.advance(Duration.ofMinutes(5));
    assertThat(d.decisions()).isEmpty();
    assertThat(d.metrics.registry().get("suppression.barrier.waiting").gauge().value()).isEqualTo(1.0);
    d.ends.answering(true);
    d.tick();
    RoutingDecision decision = d.onlyDecision();
    assertThat(decision.getScreenedAgainst()).extracting(o -> o.getTopic()).containsExactly(
        Topics.SUPPRESSION_CALL_CONSENTS.name(""), Topics.SUPPRESSION_PREFERENCES.name(""), Topics.SUPPRESSION_TPS.name(""),
        Topics.SUPPRESSION_DO_NOT_REPEAT.name(""), Topics.SUPPRESSION_PREFERENCES.name(""));
    assertThat(d.metrics.registry().get("suppression.barrier.waiting").gauge().value()).isZero();
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
