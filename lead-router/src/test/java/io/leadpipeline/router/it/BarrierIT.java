package io.leadpipeline.router.it;

import static io.leadpipeline.router.Fixtures.enquiry;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.CallReason;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.router.Fixtures;
import io.leadpipeline.router.LeadRouter;
import io.leadpipeline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/ordering.md: a suppression acknowledged before an enquiry was appended applies to it, on the
 * real broker, in each way a wall-clock wait lets it slip — a consumer that is behind while
 * reporting no lag, a restart with held enquiries and a suppression backlog, a transaction left
 * open on a suppression partition, a clock out of bound. Each fault lasts longer than the former
 * 2 s join wait, so a wall-clock release would decide the enquiry unscreened; here it waits.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class BarrierIT {
  static final String PARTNER = "barrier-partner";
  static final String PHONE = "020 7946 0555";
  /** How long each fault lasts: longer than the 2 s the former wall-clock wait allowed. */
  static final Duration FAULT = Duration.ofSeconds(4);

  private final SubjectKeys keys = new SubjectKeys(Fixtures.SECRET);

  private ItSupport setUp(LocalStack stack, String name, KafkaProducer<String, SpecificRecord> producer) throws Exception {
    ItSupport it = new ItSupport(stack, name);
    producer.send(new ProducerRecord<>(Topics.PARTNERS.name(it.prefix), PARTNER,
        Fixtures.partner(PARTNER, PartnerKind.OPERATOR).build())).get();
    stack.createTopics(Topics.partnerTopics(PartnerKind.OPERATOR, PARTNER).stream()
        .map(t -> t.newTopic(it.prefix, (short) 1)).toList());
    return it;
  }

  private static void awaitRunning(LeadRouter router) {
    Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> router.state() == KafkaStreams.State.RUNNING);
  }

  private static double gauge(LeadRouter router, String name) {
    return router.metrics().registry().get(name).gauge().value();
  }

  /** A do-not-call for the phone, acknowledged; then an enquiry with it, appended after the ack. */
  private Enquiry doNotCallThenEnquiry(ItSupport it, KafkaProducer<String, SpecificRecord> producer) throws Exception {
    long acknowledgedAt = producer.send(new ProducerRecord<>(Topics.SUPPRESSION_PREFERENCES.name(it.prefix),
        keys.ofPhone(PHONE), Fixtures.doNotCall(Instant.now()))).get().timestamp();
    Enquiry e = enquiry("barrier-" + System.nanoTime() + "@example.com", PHONE).build();
    long appendedAt = producer.send(new ProducerRecord<>(Topics.ENQUIRIES.name(it.prefix), e.getEnquiryId(), e)).get().timestamp();
    assertThat(appendedAt).isGreaterThanOrEqualTo(acknowledgedAt);
    return e;
  }

  private static RoutingDecision decisionOf(ItSupport it, Enquiry e, Duration within) {
    List<ConsumerRecord<String, RoutingDecision>> decisions = it.readCommitted(Topics.LEAD_DECISIONS.name(it.prefix),
        RoutingDecision.class, within, l -> l.stream().anyMatch(r -> r.value().getEnquiryId().equals(e.getEnquiryId())));
    List<RoutingDecision> mine = decisions.stream().map(ConsumerRecord::value)
        .filter(d -> d.getEnquiryId().equals(e.getEnquiryId())).toList();
    assertThat(mine).as("decisions for %s", e.getEnquiryId()).hasSizeLessThanOrEqualTo(1);
    return mine.isEmpty() ? null : mine.get(0);
  }

  @Test
  @Timeout(300)
  void aSlowSuppressionConsumerReportingNoLagHoldsTheEnquiry(LocalStack stack) throws Exception {
    try (KafkaProducer<String, SpecificRecord> producer = new ItSupport(stack, "warm").producer()) {
      ItSupport it = setUp(stack, "barrier-slow", producer);
      WithholdingClients clients = new WithholdingClients(it.prefix + "suppression.");
      try (LeadRouter router = LeadRouter.start(it.settings(Map.of()), clients, Time.SYSTEM)) {
        awaitRunning(router);
        clients.withhold(true);
        Enquiry e = doNotCallThenEnquiry(it, producer);
        Awaitility.await().atMost(Duration.ofSeconds(60))
            .until(() -> clients.withheldCount() >= 1 && gauge(router, "suppression.barrier.waiting") >= 1);
        assertThat(decisionOf(it, e, FAULT)).as("decided while the do-not-call was withheld").isNull();
        clients.withhold(false);

        RoutingDecision d = decisionOf(it, e, Duration.ofSeconds(60));
        assertThat(d).isNotNull();
        assertThat(d.getCall().getReason()).isEqualTo(CallReason.DO_NOT_CALL);
        assertThat(d.getScreenedAgainst()).isNotEmpty();
      }
    }
  }

  @Test
  @Timeout(300)
  void aRestartWithHeldEnquiriesWaitsForTheSuppressionBacklog(LocalStack stack) throws Exception {
    try (KafkaProducer<String, SpecificRecord> producer = new ItSupport(stack, "warm").producer()) {
      ItSupport it = setUp(stack, "barrier-restart", producer);
      WithholdingClients before = new WithholdingClients(it.prefix + "suppression.");
      Enquiry e;
      try (LeadRouter router = LeadRouter.start(it.settings(Map.of()), before, Time.SYSTEM)) {
        awaitRunning(router);
        before.withhold(true);
        e = doNotCallThenEnquiry(it, producer);
        Awaitility.await().atMost(Duration.ofSeconds(60))
            .until(() -> before.withheldCount() >= 1 && gauge(router, "suppression.barrier.waiting") >= 1);
      } // closed with the enquiry held and the do-not-call not applied

      // While it is down, more suppression data arrives: the backlog the restarted router must apply first.
      producer.send(new ProducerRecord<>(Topics.SUPPRESSION_PREFERENCES.name(it.prefix),
          keys.ofPhone("020 7946 0556"), Fixtures.doNotCall(Instant.now()))).get();
      WithholdingClients after = new WithholdingClients(it.prefix + "suppression.");
      after.withhold(true);
      try (LeadRouter router = LeadRouter.start(it.settings(Map.of()), after, Time.SYSTEM)) {
        awaitRunning(router);
        Awaitility.await().atMost(Duration.ofSeconds(60))
            .until(() -> after.withheldCount() >= 1 && gauge(router, "enquiries.held") >= 1);
        assertThat(decisionOf(it, e, FAULT)).as("the restored hold released before the backlog was applied").isNull();
        after.withhold(false);

        RoutingDecision d = decisionOf(it, e, Duration.ofSeconds(60));
        assertThat(d).isNotNull();
        assertThat(d.getCall().getReason()).isEqualTo(CallReason.DO_NOT_CALL);
      }
    }
  }

  @Test
  @Timeout(300)
  void aHangingTransactionOnASuppressionPartitionHoldsTheEnquiryBehindIt(LocalStack stack) throws Exception {
    try (KafkaProducer<String, SpecificRecord> producer = new ItSupport(stack, "warm").producer()) {
      ItSupport it = setUp(stack, "barrier-txn", producer);
      Map<String, Object> tx = new HashMap<>(stack.adminConfig());
      tx.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, it.prefix + "hanging");
      tx.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 120_000);
      var serializer = new io.leadpipeline.serde.ConfluentAvroSerializer<SpecificRecord>(
          Map.of("schema.registry.url", stack.schemaRegistryUrl()), false);
      try (LeadRouter router = LeadRouter.start(it.settings(Map.of()));
          KafkaProducer<String, SpecificRecord> hanging =
              new KafkaProducer<>(tx, new org.apache.kafka.common.serialization.StringSerializer(), serializer)) {
        awaitRunning(router);
        String phoneKey = keys.ofPhone(PHONE);
        int partition = Utils.toPositive(Utils.murmur2(phoneKey.getBytes(StandardCharsets.UTF_8))) % Topics.PARTITIONS;
        hanging.initTransactions();
        hanging.beginTransaction();
        hanging.send(new ProducerRecord<>(Topics.SUPPRESSION_PREFERENCES.name(it.prefix), partition,
            keys.ofPhone("020 7946 0557"), Fixtures.doNotCall(Instant.now()))).get();
        // Then a committed do-not-call on the same partition, behind the open transaction.
        Enquiry e = doNotCallThenEnquiry(it, producer);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> gauge(router, "suppression.barrier.waiting") >= 1);
        assertThat(decisionOf(it, e, FAULT)).as("decided while the transaction hid the do-not-call").isNull();
        hanging.abortTransaction();

        RoutingDecision d = decisionOf(it, e, Duration.ofSeconds(60));
        assertThat(d).isNotNull();
        assertThat(d.getCall().getReason()).isEqualTo(CallReason.DO_NOT_CALL);
      }
    }
  }

  @Test
  @Timeout(300)
  void releasesWaitWhileABrokerClockIsBeyondHalfEpsilonAndGoAheadWithin(LocalStack stack) throws Exception {
    try (KafkaProducer<String, SpecificRecord> producer = new ItSupport(stack, "warm").producer()) {
      ItSupport it = setUp(stack, "barrier-skew", producer);
      SkewedTime time = new SkewedTime();
      time.skew(2_000); // the router's clock 2 s ahead: the broker's reads 2 s behind it, beyond ε/2
      try (LeadRouter router = LeadRouter.start(it.settings(Map.of()), null, time)) {
        awaitRunning(router);
        Awaitility.await().atMost(Duration.ofSeconds(60))
            .until(() -> gauge(router, "broker.clock.offset.seconds") < -1.5);
        assertThat(gauge(router, "suppression.releases.held.for.skew")).isEqualTo(1.0);
        Enquiry e = doNotCallThenEnquiry(it, producer);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> gauge(router, "enquiries.held") >= 1);
        assertThat(decisionOf(it, e, FAULT)).as("released while the clocks were out of bound").isNull();

        time.skew(20); // within ε/2 = 50 ms
        Awaitility.await().atMost(Duration.ofSeconds(60))
            .until(() -> Math.abs(gauge(router, "broker.clock.offset.seconds")) < 0.05);
        RoutingDecision d = decisionOf(it, e, Duration.ofSeconds(60));
        assertThat(d).isNotNull();
        assertThat(d.getCall().getReason()).isEqualTo(CallReason.DO_NOT_CALL);
        assertThat(gauge(router, "suppression.releases.held.for.skew")).isZero();
      }
    }
  }
}
