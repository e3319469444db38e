package io.leadpipeline.router;

import static io.leadpipeline.router.Fixtures.doNotCall;
import static io.leadpipeline.router.Fixtures.enquiry;
import static io.leadpipeline.router.Fixtures.partner;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.DecisionOutcome;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.NoticeKind;
import io.leadpipeline.avro.PartnerDecision;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.PartnerReason;
import io.leadpipeline.avro.PartnerStatus;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.router.notices.Introductions;
import io.leadpipeline.topics.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An erasure request reaches the router's own state: introductions and waiting leads. */
@Timeout(60)
class ErasureRulesTest {
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

  private static Enquiry fresh() {
    return enquiry(EMAIL, PHONE).build();
  }

  private PartnerDecision routedTo(String partnerId, Enquiry e) {
    d.enquiry(e);
    RoutingDecision decision = d.onlyDecision();
    return decision.getPartners().stream().filter(p -> p.getPartnerId().equals(partnerId)).findFirst().orElseThrow();
  }

  private KeyValueStore<String, Introductions> introductions() {
    return d.driver.getKeyValueStore("introductions");
  }

  /** The erasure as the service writes it, having told the partners of every lead so far. */
  private void erase() {
    d.erasure(d.subjectKey(EMAIL), d.phoneKey(PHONE), d.now(), leadIdsSoFar());
  }

  private List<String> leadIdsSoFar() {
    Introductions i = introductions().get(d.subjectKey(EMAIL));
    return i == null ? List.of() : i.items().stream().flatMap(x -> x.leadIds().stream()).toList();
  }

  @Test
  void afterAnErasureTheSamePersonCanGoToTheSamePartnerAgain() {
    d.partner(partner("acme", PartnerKind.OPERATOR).build());
    assertThat(routedTo("acme", fresh()).getStatus()).isEqualTo(PartnerStatus.CHOSEN);
    d.advance(Duration.ofDays(1));
    erase();
    assertThat(introductions().get(d.subjectKey(EMAIL))).isNull();
    assertThat(introductions().get(d.phoneKey(PHONE))).isNull();

    d.advance(Duration.ofDays(1));
    PartnerDecision again = routedTo("acme", fresh());
    assertThat(again.getStatus()).isEqualTo(PartnerStatus.CHOSEN);
    assertThat(again.getReason()).isNotEqualTo(PartnerReason.DUPLICATE);
    assertThat(d.leads(PartnerKind.OPERATOR, "acme")).hasSize(2);
    assertThat(d.metrics.count("router.erasures", null, null)).isEqualTo(1);
  }

  @Test
  void aChangeOfMindAfterAnErasureSendsNoNotice() {
    d.partner(partner("acme", PartnerKind.OPERATOR).build());
    routedTo("acme", fresh());
    d.advance(Duration.ofHours(1));
    erase();
    d.advance(Duration.ofHours(1));
    d.preferences(d.phoneKey(PHONE), doNotCall(d.now()), d.now());
    d.preferences(d.subjectKey(EMAIL), doNotCall(d.now()), d.now());
    assertThat(d.notices(PartnerKind.OPERATOR, "acme")).isEmpty();
  }

  @Test
  void aLeadWaitingForDeliveryHoursIsWithdrawnAndNeverSent() {
    d.partner(partner("office-hours", PartnerKind.LANDLORD).setDeliveryHours(Fixtures.weekdays("12:00", "17:00")).build());
    assertThat(routedTo("office-hours", fresh()).getStatus()).isEqualTo(PartnerStatus.DEFERRED); // 10:00 Monday
    Enquiry someoneElse = enquiry("grace@example.com", "020 7946 0999").build();
    assertThat(routedTo("office-hours", someoneElse).getStatus()).isEqualTo(PartnerStatus.DEFERRED);
    d.advance(Duration.ofMinutes(30));
    erase();
    assertThat(d.metrics.count("enquiries.suppressed", "reason", "ERASED")).isEqualTo(1);

    d.advance(Duration.ofHours(3)); // hours open at 12:00
    assertThat(d.leads(PartnerKind.LANDLORD, "office-hours"))
        .singleElement()
        .satisfies(lead -> assertThat(lead.getEnquiryId()).isEqualTo(someoneElse.getEnquiryId()));
    assertThat(d.driver.getKeyValueStore("deferred-leads").approximateNumEntries()).isZero();
  }

  @Test
  void aPhoneOnlyErasureWithdrawsTheLeadsOfThatPhone() {
    d.partner(partner("office-hours", PartnerKind.LANDLORD).setDeliveryHours(Fixtures.weekdays("12:00", "17:00")).build());
    routedTo("office-hours", enquiry("someone@example.com", PHONE).build());
    d.erasure(null, d.phoneKey(PHONE), d.now());
    d.advance(Duration.ofHours(3));
    assertThat(d.leads(PartnerKind.LANDLORD, "office-hours")).isEmpty();
    assertThat(introductions().get(d.phoneKey(PHONE))).isNull();
  }

  @Test
  void anErasureForSomeoneTheRouterNeverSawChangesNothing() {
    d.partner(partner("acme", PartnerKind.OPERATOR).build());
    d.partner(partner("office-hours", PartnerKind.LANDLORD).setDeliveryHours(Fixtures.weekdays("12:00", "17:00")).build());
    routedTo("acme", fresh());
    Introductions before = introductions().get(d.subjectKey(EMAIL));

    d.erasure(d.subjectKey("nobody@example.com"), d.phoneKey("020 7946 0777"), d.now());
    d.erasure(null, d.phoneKey("020 7946 0778"), d.now());

    assertThat(introductions().get(d.subjectKey(EMAIL))).isEqualTo(before);
    assertThat(d.decisions()).isEmpty();
    assertThat(d.notices(PartnerKind.OPERATOR, "acme")).isEmpty();
    d.advance(Duration.ofHours(3));
    assertThat(d.leads(PartnerKind.OPERATOR, "acme")).hasSize(1);
    assertThat(d.leads(PartnerKind.LANDLORD, "office-hours")).as("the deferred lead still goes out").hasSize(1);
    List<PartnerDecision> again = List.of(routedTo("acme", fresh()));
    assertThat(again.get(0).getReason()).isEqualTo(PartnerReason.DUPLICATE);
  }

  @Test
  void aLeadTheServiceDidNotYetKnowAboutIsToldByTheRouter() {
    d.partner(partner("acme", PartnerKind.OPERATOR).build());
    d.partner(partner("bloom", PartnerKind.OPERATOR).build());
    d.enquiry(fresh());
    List<String> leads = d.onlyDecision().getPartners().stream()
        .filter(p -> p.getStatus() == PartnerStatus.CHOSEN).map(PartnerDecision::getLeadId).toList();
    assertThat(leads).hasSize(2);
    String acmeLead = d.leads(PartnerKind.OPERATOR, "acme").get(0).getLeadId();

    // The service found only acme's lead in lead-decisions when it looked.
    d.erasure(d.subjectKey(EMAIL), d.phoneKey(PHONE), d.now(), List.of(acmeLead));

    assertThat(d.notices(PartnerKind.OPERATOR, "acme")).isEmpty();
    assertThat(d.notices(PartnerKind.OPERATOR, "bloom")).singleElement().satisfies(n -> {
      assertThat(n.getKind()).isEqualTo(NoticeKind.ERASURE);
      assertThat(n.getLeadIds()).doesNotContain(acmeLead).hasSize(1);
    });
  }

  @Test
  void anEnquirySentBeforeTheErasureButStillInFlightIsDecidedErasedAndNotRouted() {
    d.close();
    d = new RouterDriver(RouterConfig.forTests(Fixtures.SECRET));
    d.partner(partner("acme", PartnerKind.OPERATOR).build());
    Enquiry inFlight = fresh();
    d.onBrokerNotYetFetched(Topics.SUPPRESSION_PREFERENCES);
    d.enquiry(inFlight); // held at the barrier: a preference record is on the broker, not yet applied
    d.advance(Duration.ofMillis(500));
    erase();
    d.preferences("someone-else", Fixtures.doNotCall(d.now()), d.now());
    d.tick();

    assertThat(d.onlyDecision()).satisfies(decision -> {
      assertThat(decision.getEnquiryId()).isEqualTo(inFlight.getEnquiryId());
      assertThat(decision.getOutcome()).isEqualTo(DecisionOutcome.ERASED);
      assertThat(decision.getPartners()).isEmpty();
    });
    assertThat(d.leads(PartnerKind.OPERATOR, "acme")).isEmpty();

    // Writing again after the erasure is a new request: routed as usual.
    d.enquiry(fresh());
    d.advance(Duration.ofSeconds(3));
    assertThat(d.onlyDecision().getOutcome()).isEqualTo(DecisionOutcome.ROUTED);
    assertThat(d.leads(PartnerKind.OPERATOR, "acme")).hasSize(1);
  }
}
