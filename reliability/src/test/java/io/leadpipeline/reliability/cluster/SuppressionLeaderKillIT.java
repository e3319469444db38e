package io.leadpipeline.reliability.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipeline.avro.CallReason;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.reliability.corpus.BadEnquiries;
import io.leadpipeline.reliability.harness.ChildJvm;
import io.leadpipeline.reliability.harness.Pipeline;
import io.leadpipeline.reliability.harness.SuppressionApi;
import io.leadpipeline.reliability.traffic.Person;
import io.leadpipeline.reliability.verify.Run;
import io.leadpipeline.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The suppression leader dies right after its ack (docs/cluster.md). Every suppression partition
 * is led by one broker and everything else the enquiry needs (enquiries, the router's own topics,
 * offsets and transactions) by the other two; a person asks not to be called, or not to be
 * introduced to the one partner again, the service answers 2xx, and that broker is killed with
 * SIGKILL before the router can fetch the change. The enquiry the person sends next is appended
 * and consumed while the change's partition has no live leader (until the controller fences the
 * dead broker, {@code broker.session.timeout.ms}, 9 s). The acknowledged change is on the two
 * surviving replicas, so the promise (docs/SPECIFICATION.md §7) still holds: the enquiry must be
 * decided with the change applied, and no lead may carry the withheld phone or reach the excluded
 * partner.
 */
@Tag("cluster")
class SuppressionLeaderKillIT {
  static final int TRIALS = Integer.getInteger("cluster.leader-kill.trials", 4);
  static final String PARTNER = "lk-a";

  record Trial(int number, String change, int victim, Instant acknowledgedAt, Instant eventTime, String enquiryId,
      String phone) {}

  @Test
  @Timeout(1800)
  void anEnquiryAfterTheAckIsScreenedThoughTheLeaderDied() throws Exception {
    try (LocalStack stack = LocalStack.builder().brokers(3).build().start()) {
      run(stack);
    }
  }

  private void run(LocalStack stack) throws Exception {
    Pipeline pipeline = new Pipeline(stack, "lkill").routerSetting("kafka.session.timeout.ms", "20000");
    String tag = pipeline.prefix.replace(".", "");
    pipeline.importPartners("""
        [{"partnerId": "%s", "name": "A", "kind": "OPERATOR", "cities": ["London"],
          "maxDesks": 100, "officeTypes": ["SERVICED"]}]
        """.formatted(PARTNER));
    ChildJvm service = pipeline.startService();
    SuppressionApi api = pipeline.api();
    for (String register : List.of("TPS", "CTPS")) {
      assertThat(api.send("/v1/tps/files?register=" + register + "&kind=FULL", "text/plain",
          "02079460999,2020-01-01\n".getBytes(), "POST").status()).isEqualTo(200);
    }
    ChildJvm router = pipeline.startRouter(0);
    pipeline.awaitRouterReady(0, router);
    // Warm the router's tasks up (and create its internal topics) with one enquiry before placing leaders.
    try (KafkaProducer<String, Enquiry> website = pipeline.website()) {
      String first = produce(website, pipeline, tag, 0).enquiryId;
      awaitDecision(pipeline, router, first);
    }

    List<String> suppressionTopics = List.of(Topics.SUPPRESSION_CALL_CONSENTS.name(pipeline.prefix),
        Topics.SUPPRESSION_PREFERENCES.name(pipeline.prefix), Topics.SUPPRESSION_DO_NOT_REPEAT.name(pipeline.prefix),
        Topics.SUPPRESSION_TPS.name(pipeline.prefix));
    List<TopicPartition> everything = new ArrayList<>(LeaderShuffle.partitionsOf(stack, pipeline.prefix));
    everything.addAll(LeaderShuffle.partitionsOf(stack, "__consumer_offsets"));
    everything.addAll(LeaderShuffle.partitionsOf(stack, "__transaction_state"));

    List<Trial> trials = new ArrayList<>();
    List<String> violations = new ArrayList<>();
    try (KafkaProducer<String, Enquiry> website = pipeline.website()) {
      for (int trialNumber = 1; trialNumber <= TRIALS; trialNumber++) {
        int n = trialNumber;
        int victim = stack.brokerIds().get(n % stack.brokerCount());
        List<Integer> others = stack.brokerIds().stream().filter(id -> id != victim).toList();
        Map<TopicPartition, Integer> placement = new HashMap<>();
        int i = 0;
        for (TopicPartition p : everything) {
          placement.put(p, suppressionTopics.contains(p.topic()) ? victim : others.get(i++ % others.size()));
        }
        awaitInSync(stack, everything);
        stack.leaders().moveLeaders(placement);

        Person person = Person.of(tag, n);
        boolean doNotCall = n % 2 == 1;
        SuppressionApi.Answer ack = doNotCall ? api.doNotCall(person.email(), person.phone())
            : api.doNotRepeat(person.email(), PARTNER);
        Instant acknowledgedAt = ack.acknowledgedAt();
        stack.killBroker(victim);
        Sent e = produce(website, pipeline, tag, n);
        Trial trial = new Trial(n, doNotCall ? "do-not-call" : "do-not-repeat " + PARTNER, victim, acknowledgedAt,
            e.eventTime, e.enquiryId, person.e164());
        trials.add(trial);
        System.out.println("LEADER KILL trial " + trial);

        RoutingDecision d = awaitDecision(pipeline, router, e.enquiryId);
        List<Run.Lead> leads = pipeline.reader().leads(List.of(Topics.leads(PartnerKind.OPERATOR, PARTNER))).stream()
            .filter(l -> l.enquiryId().equals(e.enquiryId)).toList();
        if (doNotCall) {
          if (d.getCall().getReason() != CallReason.DO_NOT_CALL) {
            violations.add("trial " + n + ": decided with call reason " + d.getCall().getReason());
          }
          leads.stream().filter(l -> l.phone() != null).forEach(l ->
              violations.add("trial " + n + ": lead " + l.leadId() + " carries the withheld phone"));
        } else {
          leads.forEach(l -> violations.add("trial " + n + ": lead " + l.leadId() + " reached the excluded partner"));
        }
        stack.startBroker(victim);
      }
    }
    System.out.println("LEADER KILL " + (violations.isEmpty() ? "PASS" : "FAIL") + ": " + trials.size()
        + " trials; violations: " + violations.size() + " " + violations);

    assertThat(router.isAlive()).as("router kept running").isTrue();
    assertThat(trials).allSatisfy(t -> assertThat(t.eventTime()).isAfter(t.acknowledgedAt()));
    assertThat(violations).as("enquiries after an acknowledged change that escaped it").isEmpty();
    router.close();
    service.close();
  }

  private record Sent(String enquiryId, Instant eventTime) {}

  private static Sent produce(KafkaProducer<String, Enquiry> website, Pipeline pipeline, String tag, int subject)
      throws Exception {
    Enquiry e = BadEnquiries.valid(tag, subject).build();
    RecordMetadata m = website.send(new ProducerRecord<>(Topics.ENQUIRIES.name(pipeline.prefix), e.getEnquiryId(), e))
        .get();
    return new Sent(e.getEnquiryId(), Instant.ofEpochMilli(m.timestamp()));
  }

  private static RoutingDecision awaitDecision(Pipeline pipeline, ChildJvm router, String enquiryId) {
    Map<String, RoutingDecision> found = new HashMap<>();
    await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).failFast(() -> !router.isAlive())
        .until(() -> {
          pipeline.reader().routingDecisions().stream().filter(d -> d.getEnquiryId().equals(enquiryId))
              .forEach(d -> found.put(enquiryId, d));
          return found.containsKey(enquiryId);
        });
    return found.get(enquiryId);
  }

  /** A restarted broker must be back in every ISR before it can be made leader again. */
  private static void awaitInSync(LocalStack stack, List<TopicPartition> partitions) {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> stack.leaders()
        .inSyncReplicas(partitions).values().stream().allMatch(isr -> isr.size() == stack.replicationFactor()));
  }
}
