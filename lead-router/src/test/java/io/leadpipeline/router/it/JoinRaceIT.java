package io.leadpipeline.router.it;

import static io.leadpipeline.router.Fixtures.enquiry;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.CallReason;
import io.leadpipeline.avro.DecisionOutcome;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.identity.PhoneNumbers;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.router.Fixtures;
import io.leadpipeline.router.LeadRouter;
import io.leadpipeline.topics.Topics;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/SPECIFICATION.md §7 ordering: a suppression change acknowledged at T applies to every enquiry appended
 * after T. Thousands of pairs — the change written and acknowledged, the enquiry appended right
 * after — across all four tables and both lookup stages, on the real broker. Zero violations.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class JoinRaceIT {
  static final int PAIRS = 2000;
  static final int BATCH = 50;

  /** Valid, distinct UK numbers from Ofcom's drama ranges. */
  static List<String> phones(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; out.size() < n && i < 10_000; i++) {
      for (String raw : List.of(String.format("07700 900%03d", i % 1000), String.format("020 7946 %04d", i))) {
        try {
          String e164 = PhoneNumbers.toE164(raw);
          if (!out.contains(e164)) {
            out.add(e164);
          }
        } catch (IllegalArgumentException invalid) {
          // not in a valid range
        }
      }
    }
    return out.subList(0, n);
  }

  enum Kind { PHONE_DO_NOT_CALL, PHONE_CTPS, SUBJECT_DO_NOT_CALL, SUBJECT_DO_NOT_REPEAT }

  /** With the production ordering: the offset barrier and ε (docs/ordering.md), no wall-clock wait. */
  @Test
  @Timeout(400)
  void aSuppressionAcknowledgedBeforeAnEnquiryAlwaysAppliesToIt(LocalStack stack) throws Exception {
    String wait = "offset barrier";
    ItSupport it = new ItSupport(stack, "race-it");
    SubjectKeys keys = new SubjectKeys(Fixtures.SECRET);
    List<String> phones = phones(PAIRS);
    Map<String, Kind> kindByEnquiry = new HashMap<>();
    int tiedTimestamps = 0;
    try (KafkaProducer<String, SpecificRecord> producer = it.producer()) {
      producer.send(new ProducerRecord<>(Topics.PARTNERS.name(it.prefix), "race-partner",
          Fixtures.partner("race-partner", PartnerKind.OPERATOR).build())).get();
      stack.createTopics(Topics.partnerTopics(PartnerKind.OPERATOR, "race-partner").stream()
          .map(t -> t.newTopic(it.prefix, (short) 1)).toList());
      try (LeadRouter router = LeadRouter.start(it.settings(Map.of()))) {
        // Measure routing, not start-up: produce once the tasks run.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90))
            .until(() -> router.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING);
        long began = System.nanoTime();
        for (int start = 0; start < PAIRS; start += BATCH) {
          List<Future<RecordMetadata>> acks = new ArrayList<>();
          List<Enquiry> enquiries = new ArrayList<>();
          for (int i = start; i < start + BATCH; i++) {
            Kind kind = Kind.values()[i % 4];
            String email = "race" + i + "@example.com";
            String subject = keys.ofEmail(email);
            String phone = keys.ofE164(phones.get(i));
            Enquiry e = enquiry(email, phones.get(i)).build();
            e.getContact().setOnBehalfOfAnother(kind == Kind.PHONE_CTPS);
            enquiries.add(e);
            kindByEnquiry.put(e.getEnquiryId(), kind);
            acks.add(switch (kind) {
              case PHONE_DO_NOT_CALL -> producer.send(new ProducerRecord<>(
                  Topics.SUPPRESSION_PREFERENCES.name(it.prefix), phone, Fixtures.doNotCall(java.time.Instant.now())));
              case PHONE_CTPS -> producer.send(new ProducerRecord<>(
                  Topics.SUPPRESSION_TPS.name(it.prefix), phone, Fixtures.tps(Register.CTPS, LocalDate.parse("2025-01-01"))));
              case SUBJECT_DO_NOT_CALL -> producer.send(new ProducerRecord<>(
                  Topics.SUPPRESSION_PREFERENCES.name(it.prefix), subject, Fixtures.doNotCall(java.time.Instant.now())));
              case SUBJECT_DO_NOT_REPEAT -> producer.send(new ProducerRecord<>(
                  Topics.SUPPRESSION_DO_NOT_REPEAT.name(it.prefix), subject, Fixtures.doNotRepeat(java.time.Instant.now(), true)));
            });
          }
          long[] acknowledgedAt = new long[BATCH];
          for (int j = 0; j < BATCH; j++) {
            acknowledgedAt[j] = acks.get(j).get().timestamp(); // T: the broker's LogAppendTime
          }
          List<Future<RecordMetadata>> appended = new ArrayList<>();
          for (Enquiry e : enquiries) {
            appended.add(producer.send(new ProducerRecord<>(Topics.ENQUIRIES.name(it.prefix), e.getEnquiryId(), e)));
          }
          for (int j = 0; j < BATCH; j++) {
            long t = appended.get(j).get().timestamp();
            assertThat(t).as("enquiry appended after its suppression was acknowledged").isGreaterThanOrEqualTo(acknowledgedAt[j]);
            if (t == acknowledgedAt[j]) {
              tiedTimestamps++;
            }
          }
        }

        List<ConsumerRecord<String, RoutingDecision>> decisions = it.readCommitted(
            Topics.LEAD_DECISIONS.name(it.prefix), RoutingDecision.class, Duration.ofSeconds(240), l -> l.size() >= PAIRS);
        double seconds = (System.nanoTime() - began) / 1e9;
        assertThat(decisions).hasSize(PAIRS);
        List<String> violations = new ArrayList<>();
        long[] latency = new long[PAIRS];
        int n = 0;
        for (ConsumerRecord<String, RoutingDecision> r : decisions) {
          RoutingDecision d = r.value();
          latency[n++] = d.getLatencyMs();
          Kind kind = kindByEnquiry.get(d.getEnquiryId());
          boolean ok = switch (kind) {
            case PHONE_DO_NOT_CALL, SUBJECT_DO_NOT_CALL -> d.getCall().getReason() == CallReason.DO_NOT_CALL;
            case PHONE_CTPS -> d.getCall().getReason() == CallReason.CTPS;
            case SUBJECT_DO_NOT_REPEAT -> d.getOutcome() == DecisionOutcome.ALL_EXCLUDED;
          };
          if (!ok) {
            violations.add(kind + " " + d.getEnquiryId() + " call=" + d.getCall() + " outcome=" + d.getOutcome());
          }
        }
        Arrays.sort(latency);
        System.out.printf("join race (%s): %d pairs, %d violations, %d enquiries stamped in the same ms as"
                + " their suppression; decision latency p50=%d ms p99=%d ms max=%d ms; all decided %.1f s after the"
                + " first write (%.0f enquiries/s)%n",
            wait, PAIRS, violations.size(), tiedTimestamps, latency[PAIRS / 2], latency[PAIRS * 99 / 100],
            latency[PAIRS - 1], seconds, PAIRS / seconds);
        assertThat(violations).isEmpty();
      }
    }
  }
}
