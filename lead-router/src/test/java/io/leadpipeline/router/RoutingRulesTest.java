package io.leadpipeline.router;

import static io.leadpipeline.router.Fixtures.doNotCall;
import static io.leadpipeline.router.Fixtures.doNotRepeat;
import static io.leadpipeline.router.Fixtures.emailOptOut;
import static io.leadpipeline.router.Fixtures.enquiry;
import static io.leadpipeline.router.Fixtures.partner;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.DecisionOutcome;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.NoticeKind;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.PartnerDecision;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.PartnerReason;
import io.leadpipeline.avro.PartnerStatus;
import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.router.delivery.LeadIds;
import io.leadpipeline.router.notices.Introductions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** docs/SPECIFICATION.md §6 rules 4-7 and the fail-closed guarantee, on the production topology. */
@Timeout(60)
class RoutingRulesTest {
  static final String EMAIL = "ada@example.com";
  static final String PHONE = "020 7946 0018";
  RouterDriver d;

  @BeforeEach
  void open() {
    d = RouterDriver.open(); // Monday 2 March 2026, 10:00 London
  }

  @AfterEach
  void close() {
    d.close();
  }

  private RoutingDecision route(Enquiry e) {
    d.enquiry(e);
    return d.onlyDecision();
  }

  private static Map<String, PartnerDecision> byPartner(RoutingDecision decision) {
    return decision.getPartners().stream().collect(Collectors.toMap(PartnerDecision::getPartnerId, Function.identity()));
  }

  private static Enquiry fresh() {
    return enquiry(EMAIL, PHONE).build();
  }

  @Test
  void rule4_aDoNotRepeatNamingAPartnerExcludesIt() {
    d.partner(partner("acme", PartnerKind.OPERATOR).build());
    d.partner(partner("beta", PartnerKind.LANDLORD).build());
    d.doNotRepeat(d.subjectKey(EMAIL), doNotRepeat(d.now().minusSeconds(60), false, "acme"), d.now().minusSeconds(60));
    Map<String, PartnerDecision> p = byPartner(route(fresh()));
    assertThat(p.get("acme").getReason()).isEqualTo(PartnerReason.DO_NOT_REPEAT);
    assertThat(p.get("beta").getStatus()).isEqualTo(PartnerStatus.CHOSEN);
    assertThat(d.leads(PartnerKind.OPERATOR, "acme")).isEmpty();
  }

  @Test
  void rule4_aDoNotRepeatForAllPartnersExcludesEveryone() {
    d.partner(partner("acme", PartnerKind.OPERATOR).build());
    d.doNotRepeat(d.subjectKey(EMAIL), doNotRepeat(d.now().minusSeconds(60), true), d.now().minusSeconds(60));
    assertThat(route(fresh()).getOutcome()).isEqualTo(DecisionOutcome.ALL_EXCLUDED);
  }

  @Test
  void rule4_theSameSubjectIsNotSentToTheSamePartnerWithinTheDedupeWindow() {
    d.partner(partner("acme", PartnerKind.OPERATOR).build());
    route(fresh());
    d.advance(Duration.ofDays(29));
    RoutingDecision second = route(enquiry("  ADA@Example.com ", null).build());
    assertThat(byPartner(second).get("acme").getReason()).isEqualTo(PartnerReason.DUPLICATE);
    assertThat(second.getOutcome()).isEqualTo(DecisionOutcome.ALL_EXCLUDED);
    assertThat(d.leads(PartnerKind.OPERATOR, "acme")).hasSize(1);
  }

  @Test
  void rule4_afterTheDedupeWindowTheSubjectGoesAgainAndTheFirstIntroductionIsKept() {
    d.partner(partner("acme", PartnerKind.OPERATOR).build());
    Enquiry first = fresh();
    Instant firstAt = d.now();
    route(first);
    d.advance(Duration.ofDays(31));
    Enquiry second = fresh();
    assertThat(byPartner(route(second)).get("acme").getStatus()).isEqualTo(PartnerStatus.CHOSEN);
    Introductions seen = d.driver.<String, Introductions>getKeyValueStore("introductions").get(d.subjectKey(EMAIL));
    Introductions.Introduction acme = seen.of("acme").orElseThrow();
    assertThat(acme.firstAt()).isEqualTo(firstAt.toEpochMilli());
    assertThat(acme.firstLeadId()).isEqualTo(LeadIds.of(first.getEnquiryId(), "acme"));
    assertThat(acme.leadIds()).hasSize(2);
  }

  @Test
  void rule5_onlyActivePartnersCoveringCityDistrictDesksTypeAndBudgetMatch() {
    d.partner(partner("good", PartnerKind.OPERATOR).build());
    d.partner(partner("paused", PartnerKind.OPERATOR).setActive(false).build());
    d.partner(partner("leeds", PartnerKind.OPERATOR).setCities(List.of("Leeds")).build());
    d.partner(partner("other-district", PartnerKind.OPERATOR).setPostcodeDistricts(List.of("W1")).build());
    d.partner(partner("too-small", PartnerKind.OPERATOR).setMaxDesks(5).build());
    d.partner(partner("leased-only", PartnerKind.LANDLORD).setOfficeTypes(List.of(OfficeType.LEASED)).build());
    d.partner(partner("too-dear", PartnerKind.OPERATOR).setMinPricePerDeskGbp(900).build());
    RoutingDecision decision = route(fresh());
    assertThat(decision.getPartners()).extracting(PartnerDecision::getPartnerId).containsExactly("good");
  }

  @Test
  void rule5_noCoverageMeansNoMatch() {
    d.partner(partner("leeds", PartnerKind.OPERATOR).setCities(List.of("Leeds")).build());
    assertThat(route(fresh()).getOutcome()).isEqualTo(DecisionOutcome.NO_MATCH);
  }

  @Test
  void rule5_atMostThreePartnersPerLeadAndTheBestScoreWins() {
    for (String id : List.of("a1", "a2", "a3", "a4")) {
      d.partner(partner(id, PartnerKind.OPERATOR).build());
    }
    d.partner(partner("local", PartnerKind.LANDLORD).setPostcodeDistricts(List.of("EC2A")).build());
    RoutingDecision decision = route(fresh());
    List<PartnerDecision> chosen = decision.getPartners().stream().filter(p -> p.getStatus() == PartnerStatus.CHOSEN).toList();
    assertThat(chosen).hasSize(3);
    assertThat(chosen.get(0).getPartnerId()).isEqualTo("local");
    assertThat(decision.getPartners()).filteredOn(p -> p.getStatus() == PartnerStatus.EXCLUDED)
        .extracting(PartnerDecision::getReason).containsOnly(PartnerReason.LOWER_SCORE);
  }

  @Test
  void rule5_anExclusivePartnerTakesTheLeadAlone() {
    d.partner(partner("niche", PartnerKind.LANDLORD).setExclusive(true).setPostcodeDistricts(List.of("EC2A")).build());
    d.partner(partner("a1", PartnerKind.OPERATOR).build());
    d.partner(partner("a2", PartnerKind.OPERATOR).build());
    Map<String, PartnerDecision> p = byPartner(route(fresh()));
    assertThat(p.get("niche").getStatus()).isEqualTo(PartnerStatus.CHOSEN);
    assertThat(p.get("a1").getReason()).isEqualTo(PartnerReason.EXCLUSIVE_PARTNER_CHOSEN);
    assertThat(p.get("a2").getReason()).isEqualTo(PartnerReason.EXCLUSIVE_PARTNER_CHOSEN);
  }

  @Test
  void rule5_aDailyCapIsNeverExceededInThePartnersLocalDay() {
    d.partner(partner("capped", PartnerKind.OPERATOR).setDailyCap(2).build());
    for (int i = 0; i < 4; i++) {
      d.enquiry(enquiry("person" + i + "@example.com", null).build());
    }
    assertThat(d.leads(PartnerKind.OPERATOR, "capped")).hasSize(2);
    List<RoutingDecision> decisions = d.decisions();
    assertThat(decisions.subList(2, 4)).allSatisfy(x ->
        assertThat(x.getPartners().get(0).getReason()).isEqualTo(PartnerReason.DAILY_CAP_REACHED));
    assertThat(d.metrics.count("partner.cap.exhausted", "partner_kind", "operator")).isEqualTo(2.0);
  }

  @Test
  void rule5_theCapStartsAgainOnThePartnersNextLocalDay() {
    // 23:30 in New York is 04:30 UTC the next day: the partner's day, not UTC's, counts.
    d.partner(partner("ny", PartnerKind.OPERATOR).setDailyCap(1).setTimeZone("America/New_York").build());
    d.enquiry(enquiry("p1@example.com", null).build()); // 05:00 New York, 2 March
    d.advance(Duration.ofHours(13)); // 18:00 New York, still 2 March
    d.enquiry(enquiry("p2@example.com", null).build());
    d.advance(Duration.ofHours(7)); // 01:00 New York, 3 March
    d.enquiry(enquiry("p3@example.com", null).build());
    assertThat(d.leads(PartnerKind.OPERATOR, "ny")).hasSize(2);
  }

  @Test
  void rule5_aLeadOutsideDeliveryHoursWaitsAndGoesOutWhenTheyOpen() {
    d.partner(partner("office-hours", PartnerKind.LANDLORD).setDeliveryHours(Fixtures.weekdays("12:00", "17:00")).build());
    RoutingDecision decision = route(fresh()); // 10:00 Monday
    assertThat(decision.getPartners().get(0).getStatus()).isEqualTo(PartnerStatus.DEFERRED);
    assertThat(decision.getPartners().get(0).getReason()).isEqualTo(PartnerReason.OUTSIDE_DELIVERY_HOURS);
    assertThat(d.leads(PartnerKind.LANDLORD, "office-hours")).isEmpty();
    d.advance(Duration.ofMinutes(119));
    assertThat(d.leads(PartnerKind.LANDLORD, "office-hours")).isEmpty();
    d.advance(Duration.ofMinutes(2));
    List<Lead> leads = d.leads(PartnerKind.LANDLORD, "office-hours");
    assertThat(leads).hasSize(1);
    assertThat(leads.get(0).getLeadId()).isEqualTo(decision.getPartners().get(0).getLeadId());
  }

  @Test
  void rule5_aDeferredLeadIsNarrowedByADoNotCallThatArrivesWhileItWaits() {
    d.partner(partner("office-hours", PartnerKind.LANDLORD).setDeliveryHours(Fixtures.weekdays("12:00", "17:00")).build());
    route(fresh());
    d.advance(Duration.ofMinutes(30));
    d.preferences(d.phoneKey(PHONE), doNotCall(d.now()), d.now());
    d.advance(Duration.ofHours(2));
    Lead lead = d.leads(PartnerKind.LANDLORD, "office-hours").get(0);
    assertThat(lead.getCallPermitted()).isFalse();
    assertThat(lead.getContact().getPhone()).isNull();
  }

  @Test
  void rule5_tiesAreSharedByWeightedRoundRobin() {
    d.partner(partner("heavy", PartnerKind.OPERATOR).setWeight(2).build());
    d.partner(partner("light", PartnerKind.OPERATOR).build());
    RouterConfig one = RouterConfig.forTests(Fixtures.SECRET).withMaxPartners(1);
    try (RouterDriver single = new RouterDriver(one)) {
      single.partner(partner("heavy", PartnerKind.OPERATOR).setWeight(2).build());
      single.partner(partner("light", PartnerKind.OPERATOR).build());
      for (int i = 0; i < 30; i++) {
        single.enquiry(enquiry("p" + i + "@example.com", null).build());
      }
      assertThat(single.leads(PartnerKind.OPERATOR, "heavy")).hasSize(20);
      assertThat(single.leads(PartnerKind.OPERATOR, "light")).hasSize(10);
    }
  }

  @Test
  void rule6_aLeadIsDataMinimisedAndHasADeterministicId() {
    d.partner(partner("acme", PartnerKind.OPERATOR).build());
    d.tps(d.phoneKey(PHONE), Fixtures.tps(Register.TPS, java.time.LocalDate.parse("2024-01-01")), d.now().minus(Duration.ofDays(90)));
    Enquiry e = fresh();
    e.getContact().setOnBehalfOfAnother(true);
    route(e);
    Lead lead = d.leads(PartnerKind.OPERATOR, "acme").get(0);
    assertThat(lead.getLeadId()).isEqualTo(LeadIds.of(e.getEnquiryId(), "acme"));
    assertThat(lead.getContact().getPhone()).isNull();
    assertThat(lead.getCallPermitted()).isFalse();
    assertThat(lead.getContact().getEmail()).isEqualTo(EMAIL);
  }

  @Test
  void rule6_exactlyOneDecisionPerEnquiryWithEveryPartnerFactsAndLatency() {
    d.partner(partner("acme", PartnerKind.OPERATOR).build());
    d.partner(partner("capped", PartnerKind.LANDLORD).setDailyCap(0).build());
    d.preferences(d.subjectKey(EMAIL), emailOptOut(d.now().minusSeconds(5)), d.now().minusSeconds(5));
    Enquiry e = fresh();
    d.enquiry(e, d.now().minusMillis(250));
    RoutingDecision decision = d.onlyDecision();
    assertThat(decision.getEnquiryId()).isEqualTo(e.getEnquiryId());
    assertThat(decision.getSubjectKey()).isEqualTo(d.subjectKey(EMAIL)).doesNotContain("@");
    assertThat(decision.getPhoneKey()).isEqualTo(d.phoneKey(PHONE));
    assertThat(decision.getPartners()).extracting(PartnerDecision::getPartnerId).containsExactlyInAnyOrder("acme", "capped");
    assertThat(decision.getSuppressionFacts()).singleElement().satisfies(f ->
        assertThat(f.getEffectiveAt()).isEqualTo(d.now().minusSeconds(5)));
    assertThat(decision.getLatencyMs()).isEqualTo(250);
  }

  @Test
  void rule6_aResentEnquiryGetsNoSecondDecisionAndNoSecondLead() {
    d.partner(partner("acme", PartnerKind.OPERATOR).build());
    Enquiry e = fresh();
    d.enquiry(e);
    d.advance(Duration.ofMinutes(1));
    d.enquiry(e);
    assertThat(d.decisions()).hasSize(1);
    assertThat(d.leads(PartnerKind.OPERATOR, "acme")).hasSize(1);
  }

  @Test
  void rule7_aDoNotCallAfterLeadsWentOutNotifiesEveryRecipient() {
    d.partner(partner("acme", PartnerKind.OPERATOR).build());
    d.partner(partner("beta", PartnerKind.LANDLORD).build());
    Enquiry e = fresh();
    route(e);
    d.advance(Duration.ofDays(2));
    d.preferences(d.phoneKey(PHONE), doNotCall(d.now()), d.now());
    List<ContactNotice> acme = d.notices(PartnerKind.OPERATOR, "acme");
    List<ContactNotice> beta = d.notices(PartnerKind.LANDLORD, "beta");
    assertThat(acme).singleElement().satisfies(n -> {
      assertThat(n.getKind()).isEqualTo(NoticeKind.DO_NOT_CALL);
      assertThat(n.getLeadIds()).containsExactly(LeadIds.of(e.getEnquiryId(), "acme"));
    });
    assertThat(beta).singleElement().satisfies(n -> assertThat(n.getKind()).isEqualTo(NoticeKind.DO_NOT_CALL));
  }

  @Test
  void rule7_aMarketingOptOutAfterLeadsWentOutNotifiesRecipientsOnce() {
    d.partner(partner("acme", PartnerKind.OPERATOR).build());
    route(fresh());
    d.preferences(d.subjectKey(EMAIL), emailOptOut(d.now()), d.now());
    d.preferences(d.subjectKey(EMAIL), emailOptOut(d.now()), d.now().plusSeconds(1)); // re-sent
    assertThat(d.notices(PartnerKind.OPERATOR, "acme")).singleElement()
        .satisfies(n -> assertThat(n.getKind()).isEqualTo(NoticeKind.MARKETING_OPT_OUT));
  }

  @Test
  void rule7_aDoNotRepeatAfterLeadsWentOutNotifiesOnlyTheNamedPartner() {
    d.partner(partner("acme", PartnerKind.OPERATOR).build());
    d.partner(partner("beta", PartnerKind.LANDLORD).build());
    route(fresh());
    d.doNotRepeat(d.subjectKey(EMAIL), doNotRepeat(d.now(), false, "beta"), d.now());
    assertThat(d.notices(PartnerKind.OPERATOR, "acme")).isEmpty();
    assertThat(d.notices(PartnerKind.LANDLORD, "beta")).singleElement()
        .satisfies(n -> assertThat(n.getKind()).isEqualTo(NoticeKind.DO_NOT_REPEAT));
  }

  @Test
  void rule7_aChangeForSomeoneNobodyReceivedNotifiesNobody() {
    d.partner(partner("acme", PartnerKind.OPERATOR).build());
    route(fresh());
    d.preferences(d.subjectKey("someone@else.com"), doNotCall(d.now()), d.now());
    assertThat(d.notices(PartnerKind.OPERATOR, "acme")).isEmpty();
  }

  @Test
  void failClosed_noDeliveryBeforeAnyRegisterLoadThenDeliveryOnceFresh() {
    RouterConfig strict = RouterConfig.forTests(Fixtures.SECRET).withMaxRegisterAge(Duration.ofHours(48));
    try (RouterDriver s = new RouterDriver(strict)) {
      s.partner(partner("acme", PartnerKind.OPERATOR).build());
      s.enquiry(fresh());
      s.advance(Duration.ofSeconds(1));
      assertThat(s.decisions()).isEmpty();
      assertThat(s.metrics.isStale()).isTrue();
      s.load(Fixtures.load(Register.TPS, s.now()));
      s.advance(Duration.ofSeconds(1));
      assertThat(s.decisions()).as("CTPS still never loaded").isEmpty();
      s.load(Fixtures.load(Register.CTPS, s.now()));
      s.advance(Duration.ofSeconds(1));
      assertThat(s.decisions()).hasSize(1);
      assertThat(s.metrics.isStale()).isFalse();
    }
  }

  @Test
  void failClosed_staleFollowsTheRegistersWhileNoEnquiryWaits() {
    // Readiness (/health/ready) reads this flag; an idle router must still notice a load arriving
    // and a register ageing, not only when an enquiry is held.
    RouterConfig strict = RouterConfig.forTests(Fixtures.SECRET).withMaxRegisterAge(Duration.ofHours(48));
    try (RouterDriver s = new RouterDriver(strict)) {
      s.advance(Duration.ofSeconds(1));
      assertThat(s.metrics.isStale()).isTrue();
      s.load(Fixtures.load(Register.TPS, s.now()));
      s.load(Fixtures.load(Register.CTPS, s.now()));
      s.advance(Duration.ofSeconds(1));
      assertThat(s.metrics.isStale()).isFalse();
      s.advance(Duration.ofHours(49));
      assertThat(s.metrics.isStale()).isTrue();
    }
  }

  @Test
  void failClosed_aRegisterOlderThanTheMaximumAgeHoldsDelivery() {
    RouterConfig strict = RouterConfig.forTests(Fixtures.SECRET).withMaxRegisterAge(Duration.ofHours(48));
    try (RouterDriver s = new RouterDriver(strict)) {
      s.partner(partner("acme", PartnerKind.OPERATOR).build());
      s.load(Fixtures.load(Register.TPS, s.now().minus(Duration.ofHours(49))));
      s.load(Fixtures.load(Register.CTPS, s.now().minus(Duration.ofHours(1))));
      s.enquiry(fresh());
      s.advance(Duration.ofMinutes(5));
      assertThat(s.decisions()).isEmpty();
      assertThat(s.leads(PartnerKind.OPERATOR, "acme")).isEmpty();
      s.load(Fixtures.load(Register.TPS, s.now()));
      s.advance(Duration.ofSeconds(1));
      assertThat(s.leads(PartnerKind.OPERATOR, "acme")).hasSize(1);
    }
  }
}
