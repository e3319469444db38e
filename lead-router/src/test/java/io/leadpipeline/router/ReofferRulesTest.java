package io.leadpipeline.router;

import static io.leadpipeline.router.Fixtures.doNotCall;
import static io.leadpipeline.router.Fixtures.enquiry;
import static io.leadpipeline.router.Fixtures.partner;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.DecisionOutcome;
import io.leadpipeline.avro.DeliveryHours;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.LeadResponse;
import io.leadpipeline.avro.PartnerDecision;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.PartnerReason;
import io.leadpipeline.avro.PartnerStatus;
import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.RejectionReason;
import io.leadpipeline.avro.ReofferStop;
import io.leadpipeline.avro.ResponseDecision;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.avro.Weekday;
import io.leadpipeline.router.allocation.AllocationStores;
import io.leadpipeline.router.delivery.LeadIds;
import io.leadpipeline.router.reoffer.ReofferTopic;
import io.leadpipeline.router.reoffer.Reoffers;
import io.leadpipeline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/SPECIFICATION.md §6.8: a rejected lead is offered to one more partner, screened again as
 * of the rejection, within the enquiry's partner limit — on the production topology, the re-offer
 * going round through the router's own topic and both suppression stages.
 */
@Timeout(60)
class ReofferRulesTest {
  static final String EMAIL = "ada@example.com";
  static final String PHONE = "020 7946 0018";
  static final List<String> PARTNERS = List.of("acme", "beta", "gamma");
  RouterDriver d;
  TestInputTopic<String, LeadResponse> responses;
  Enquiry enquiry;

  @BeforeEach
  void open() {
    // One partner per enquiry, so "the next partner" is one of the two left.
    d = new RouterDriver(RouterConfig.forTests(Fixtures.SECRET).withMaxPartners(1));
    responses = d.driver.createInputTopic(Topics.PORTAL_RESPONSES.name(""),
        d.serdes.key(Topics.PORTAL_RESPONSES).serializer(), d.serdes.value(Topics.PORTAL_RESPONSES).serializer());
    for (String p : PARTNERS) {
      d.partner(partner(p, PartnerKind.OPERATOR).build());
    }
    enquiry = enquiry(EMAIL, PHONE).build();
  }

  @AfterEach
  void close() {
    d.close();
  }

  /** Routes the enquiry; returns the one lead it made. */
  private Lead routed() {
    d.enquiry(enquiry);
    assertThat(d.onlyDecision().getOutcome()).isEqualTo(DecisionOutcome.ROUTED);
    List<Lead> leads = allLeads();
    assertThat(leads).hasSize(1);
    return leads.get(0);
  }

  private List<Lead> allLeads() {
    List<Lead> all = new ArrayList<>();
    for (String p : PARTNERS) {
      all.addAll(d.leads(PartnerKind.OPERATOR, p));
    }
    return all;
  }

  private long stored(String store) {
    long n = 0;
    try (var it = d.driver.getKeyValueStore(store).all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  private void answer(Lead lead, String partnerId, ResponseDecision decision, Instant at) {
    LeadResponse r = LeadResponse.newBuilder()
        .setResponseId(UUID.randomUUID().toString())
        .setLeadId(lead.getLeadId())
        .setPartnerId(partnerId)
        .setDecision(decision)
        .setReason(decision == ResponseDecision.REJECTED ? RejectionReason.ALREADY_KNOWN : null)
        .setRespondedAt(at)
        .setActorKey("actor-key")
        .build();
    responses.pipeInput(lead.getLeadId(), r, at);
  }

  private void reject(Lead lead, Instant at) {
    answer(lead, lead.getPartnerId(), ResponseDecision.REJECTED, at);
  }

  @Test
  void rule8_aRejectionIsOfferedToExactlyOneNextPartner() {
    Lead first = routed();
    d.advance(Duration.ofHours(3));
    reject(first, d.now());

    List<Lead> next = allLeads();
    assertThat(next).singleElement().satisfies(l -> {
      assertThat(l.getPartnerId()).isNotEqualTo(first.getPartnerId());
      assertThat(l.getLeadId()).isEqualTo(LeadIds.of(enquiry.getEnquiryId(), l.getPartnerId()));
      assertThat(l.getEnquiryId()).isEqualTo(enquiry.getEnquiryId());
      assertThat(l.getContact().getEmail()).isEqualTo(EMAIL);
      assertThat(l.getContact().getPhone()).as("calling still permitted").isEqualTo("+442079460018");
    });
    RoutingDecision decision = d.onlyDecision();
    assertThat(decision.getOutcome()).isEqualTo(DecisionOutcome.ROUTED);
    assertThat(decision.getReoffer().getRejectedLeadId()).isEqualTo(first.getLeadId());
    assertThat(decision.getReoffer().getRejectedBy()).isEqualTo(first.getPartnerId());
    assertThat(decision.getReoffer().getStoppedBy()).isNull();
    assertThat(decision.getEventTime()).as("screened as of the rejection").isEqualTo(d.now());
    assertThat(decision.getPartners()).filteredOn(p -> p.getPartnerId().equals(first.getPartnerId()))
        .singleElement().extracting(PartnerDecision::getReason).isEqualTo(PartnerReason.DUPLICATE);
    assertThat(decision.getPartners()).filteredOn(p -> p.getStatus() == PartnerStatus.CHOSEN).hasSize(1);
    assertThat(decision.toString()).doesNotContain(EMAIL).doesNotContain("7946");
    // The way back to screening carries ids and keys, not the person's details.
    List<byte[]> back = d.driver.createOutputTopic(ReofferTopic.name(RouterConfig.forTests(Fixtures.SECRET).applicationId()),
        Serdes.String().deserializer(), Serdes.ByteArray().deserializer()).readValuesToList();
    assertThat(back).singleElement().satisfies(v -> assertThat(new String(v, StandardCharsets.ISO_8859_1))
        .contains(d.subjectKey(EMAIL)).doesNotContain(EMAIL).doesNotContain("7946").doesNotContain("Lovelace"));
  }

  @Test
  void rule8_aRepeatedRejectionOffersNothingMore() {
    Lead first = routed();
    reject(first, d.now());
    assertThat(allLeads()).hasSize(1);
    assertThat(d.decisions()).hasSize(1);

    reject(first, d.now().plusSeconds(1));
    assertThat(allLeads()).isEmpty();
    assertThat(d.decisions()).isEmpty();
  }

  @Test
  void rule8_aRejectionAfterTheResponseWindowIsNotOffered() {
    Lead first = routed();
    Instant late = d.now().plus(Reoffers.RESPONSE_WINDOW).plusMillis(1);
    reject(first, late);
    assertThat(allLeads()).isEmpty();
    assertThat(d.decisions()).isEmpty();
  }

  @Test
  void rule8_aRejectionOnTheLastMomentOfTheWindowIsOffered() {
    Lead first = routed();
    reject(first, d.now().plus(Reoffers.RESPONSE_WINDOW));
    assertThat(allLeads()).hasSize(1);
  }

  @Test
  void rule8_aDoNotCallSinceTheFirstShareStopsTheReofferAndTheDecisionSaysSo() {
    Lead first = routed();
    d.advance(Duration.ofMinutes(5));
    d.preferences(d.phoneKey(PHONE), doNotCall(d.now()), d.now());
    d.decisions(); // none: the enquiry's leads went out before
    d.advance(Duration.ofMinutes(5));
    reject(first, d.now());

    assertThat(allLeads()).isEmpty();
    RoutingDecision decision = d.onlyDecision();
    assertThat(decision.getReoffer().getStoppedBy()).isEqualTo(ReofferStop.DO_NOT_CALL);
    assertThat(decision.getReoffer().getRejectedLeadId()).isEqualTo(first.getLeadId());
    assertThat(decision.getOutcome()).isEqualTo(DecisionOutcome.ALL_EXCLUDED);
    assertThat(decision.getPartners()).isEmpty();
  }

  @Test
  void rule8_theReofferWaitsAtTheOffsetBarrierForARegistrationAcknowledgedBeforeTheRejection() {
    Lead first = routed();
    d.advance(Duration.ofDays(1));
    // Acknowledged before the rejection, fetched after it: only the stages' lookups can see it
    // (a register entry is no change of mind the allocation step hears of).
    d.onBrokerNotYetFetched(Topics.SUPPRESSION_TPS);
    reject(first, d.now());
    d.tick();
    assertThat(d.decisions()).as("held at the barrier").isEmpty();
    d.tps(d.phoneKey(PHONE), Fixtures.tps(Register.TPS, LocalDate.ofInstant(d.now(), ZoneOffset.UTC)), d.now().minusSeconds(1));
    d.tick();

    assertThat(allLeads()).isEmpty();
    RoutingDecision decision = d.onlyDecision();
    assertThat(decision.getReoffer().getStoppedBy()).isEqualTo(ReofferStop.TPS);
    assertThat(decision.getScreenedAgainst()).isNotEmpty();
  }

  @Test
  void rule8_aDoNotCallFromBeforeTheFirstShareDoesNotStopIt() {
    d.preferences(d.phoneKey(PHONE), doNotCall(d.now().minusSeconds(600)), d.now().minusSeconds(600));
    Lead first = routed();
    assertThat(first.getCallPermitted()).isFalse();
    reject(first, d.now().plusSeconds(60));
    assertThat(allLeads()).singleElement().satisfies(l -> {
      assertThat(l.getCallPermitted()).isFalse();
      assertThat(l.getContact().getPhone()).isNull();
    });
  }

  @Test
  void rule8_anErasureSinceTheFirstShareStopsTheReoffer() {
    Lead first = routed();
    d.advance(Duration.ofMinutes(5));
    d.erasure(d.subjectKey(EMAIL), d.phoneKey(PHONE), d.now(), List.of(first.getLeadId()));
    assertThat(stored(AllocationStores.OFFERED_ENQUIRIES))
        .as("the enquiry's details go with the person").isZero();
    d.advance(Duration.ofMinutes(5));
    reject(first, d.now());

    assertThat(allLeads()).isEmpty();
    RoutingDecision decision = d.onlyDecision();
    assertThat(decision.getOutcome()).isEqualTo(DecisionOutcome.ERASED);
    assertThat(decision.getReoffer().getStoppedBy()).isEqualTo(ReofferStop.ERASED);
  }

  @Test
  void rule8_aFullPartnerLimitStopsTheReoffer() {
    Lead first = routed();
    reject(first, d.now().plusSeconds(1));
    Lead replacement = allLeads().get(0);
    d.decisions();
    // The replacement took the one freed place; its own rejection frees nothing.
    reject(replacement, d.now().plusSeconds(2));

    assertThat(allLeads()).isEmpty();
    RoutingDecision decision = d.onlyDecision();
    assertThat(decision.getReoffer().getStoppedBy()).isEqualTo(ReofferStop.PARTNER_LIMIT_REACHED);
    assertThat(decision.getReoffer().getRejectedLeadId()).isEqualTo(replacement.getLeadId());
  }

  @Test
  void rule8_anAcceptanceIsNotOfferedAndALaterRejectionChangesNothing() {
    Lead first = routed();
    answer(first, first.getPartnerId(), ResponseDecision.ACCEPTED, d.now().plusSeconds(1));
    reject(first, d.now().plusSeconds(2));
    assertThat(allLeads()).isEmpty();
    assertThat(d.decisions()).isEmpty();
  }

  @Test
  void rule8_anAnswerByAPartnerThatWasNotTheRecipientOrToAnUnknownLeadIsIgnored() {
    Lead first = routed();
    String other = PARTNERS.stream().filter(p -> !p.equals(first.getPartnerId())).findFirst().orElseThrow();
    answer(first, other, ResponseDecision.REJECTED, d.now().plusSeconds(1));
    Lead unknown = Lead.newBuilder(first).setLeadId(UUID.randomUUID().toString()).build();
    reject(unknown, d.now().plusSeconds(1));
    assertThat(allLeads()).isEmpty();
    assertThat(d.decisions()).isEmpty();

    // The recipient's own answer still counts.
    reject(first, d.now().plusSeconds(2));
    assertThat(allLeads()).hasSize(1);
  }

  @Test
  void rule8_aReplacementOutsideItsPartnersHoursWaitsAndItsWindowStartsWhenItGoesOut() {
    Lead first = routed();
    for (String p : PARTNERS) {
      if (!p.equals(first.getPartnerId())) {
        d.partner(partner(p, PartnerKind.OPERATOR)
            .setDeliveryHours(new DeliveryHours(List.of(Weekday.SATURDAY), "09:00", "17:00")).build());
      }
    }
    d.advance(Duration.ofSeconds(2)); // the allocation step re-reads partners every second
    reject(first, d.now());
    RoutingDecision decision = d.onlyDecision();
    assertThat(decision.getOutcome()).isEqualTo(DecisionOutcome.ROUTED);
    assertThat(decision.getPartners()).filteredOn(p -> p.getStatus() == PartnerStatus.DEFERRED).hasSize(1);
    assertThat(allLeads()).as("waiting for Saturday").isEmpty();

    d.advance(Duration.between(d.now(), Instant.parse("2026-03-07T09:00:30Z"))); // Saturday, hours open
    Lead replacement = allLeads().get(0);
    assertThat(replacement.getPartnerId()).isNotEqualTo(first.getPartnerId());
    // Six days after the enquiry was first shared, a day after the replacement went out: in its window.
    reject(replacement, d.now().plus(Duration.ofDays(1)));
    assertThat(d.onlyDecision().getReoffer().getStoppedBy()).isEqualTo(ReofferStop.PARTNER_LIMIT_REACHED);
  }

  @Test
  void rule8_theEnquiryIsKeptOnlyForTheResponseWindow() {
    Lead first = routed();
    assertThat(stored(AllocationStores.OFFERED_ENQUIRIES)).isEqualTo(1);
    d.advance(Reoffers.RESPONSE_WINDOW.plus(Reoffers.MARGIN).plusHours(2)); // the hourly clean-up runs
    assertThat(stored(AllocationStores.OFFERED_ENQUIRIES)).isZero();
    assertThat(stored(AllocationStores.OFFERED_LEADS)).isZero();
    reject(first, d.now());
    assertThat(allLeads()).isEmpty();
  }
}
