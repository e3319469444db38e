package io.leadpipeline.reliability.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.reliability.corpus.BadEnquiries;
import io.leadpipeline.reliability.harness.ChildJvm;
import io.leadpipeline.reliability.harness.Pipeline;
import io.leadpipeline.reliability.harness.SuppressionApi;
import io.leadpipeline.reliability.traffic.Person;
import io.leadpipeline.reliability.verify.DeliveryVerifier;
import io.leadpipeline.reliability.verify.PipelineReader;
import io.leadpipeline.reliability.verify.Run;
import io.leadpipeline.reliability.verify.Verdict;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fault suite's verdict on three brokers with router failover (docs/cluster.md). Two router
 * instances run with one standby replica ({@code num.standby.replicas=1}); a website sends a
 * steady stream of enquiries (some invalid) from people who asked not to be called, opted out,
 * or excluded a partner; a third of the way in, the active router (the instance holding the
 * single allocation task, which every lead passes through) is killed with SIGKILL and not
 * restarted. The survivor takes over from its standby state. The failover time (the kill to the
 * first decision of an enquiry sent after it, read as decisions arrive) is measured and printed;
 * {@link DeliveryVerifier} then judges the committed topics: every valid enquiry one decision,
 * every chosen pair one lead, caps kept, nothing suppressed delivered.
 */
@Tag("cluster")
class ClusterFaultSuiteIT {
  static final int ENQUIRIES = Integer.getInteger("cluster.faults.enquiries", 900);
  static final int RATE_PER_SECOND = Integer.getInteger("cluster.faults.rate", 12);
  static final int CAP = 40;

  private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
  private long startedAt;

  @Test
  @Timeout(1800)
  void theVerdictHoldsWhenTheActiveRouterIsKilled() throws Exception {
    try (LocalStack stack = LocalStack.builder().brokers(3).build().start()) {
      run(stack);
    }
  }

  private void run(LocalStack stack) throws Exception {
    startedAt = System.nanoTime();
    Pipeline pipeline = new Pipeline(stack, "cfaults").routerSetting("num.standby.replicas", "1");
    pipeline.importPartners("""
        [
          {"partnerId": "cf-a", "name": "A", "kind": "OPERATOR", "cities": ["London"],
           "maxDesks": 100, "officeTypes": ["SERVICED"]},
          {"partnerId": "cf-b", "name": "B", "kind": "LANDLORD", "cities": ["London"],
           "maxDesks": 100, "officeTypes": ["SERVICED"], "dailyCap": %d},
          {"partnerId": "cf-c", "name": "C", "kind": "OPERATOR", "cities": ["London"],
           "maxDesks": 100, "officeTypes": ["SERVICED"]}
        ]
        """.formatted(CAP));
    String tag = pipeline.prefix.replace(".", "");
    ChildJvm service = pipeline.startService();
    SuppressionApi api = pipeline.api();
    for (String register : List.of("TPS", "CTPS")) {
      assertThat(api.send("/v1/tps/files?register=" + register + "&kind=FULL", "text/plain",
          "02079460999,2020-01-01\n".getBytes(), "POST").status()).isEqualTo(200);
    }
    Set<String> forbiddenPhones = new HashSet<>();
    Set<Integer> optedOut = new HashSet<>();
    Set<Integer> excludedC = new HashSet<>();
    for (int i = 0; i < ENQUIRIES; i++) {
      Person p = Person.of(tag, i);
      switch (i % 10) {
        case 1 -> {
          api.doNotCall(p.email(), p.phone()).acknowledgedAt();
          forbiddenPhones.add(p.e164());
        }
        case 2 -> {
          api.optOut(p.email(), "EMAIL_MARKETING").acknowledgedAt();
          optedOut.add(i);
        }
        case 3 -> {
          api.doNotRepeat(p.email(), "cf-c").acknowledgedAt();
          excludedC.add(i);
        }
        default -> { }
      }
    }
    mark("suppressions written");

    ChildJvm[] routers = {pipeline.startRouter(0), pipeline.startRouter(1)};
    pipeline.awaitRouterReady(0, routers[0]);
    pipeline.awaitRouterReady(1, routers[1]);
    mark("two routers ready, one standby replica each");

    // Decisions as they arrive, with the wall-clock time each was first seen.
    Map<String, Long> decidedAt = new ConcurrentHashMap<>();
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    AtomicBoolean watching = new AtomicBoolean(true);
    CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> watchDecisions(stack, pipeline, decidedAt, watching));

    List<Run.Sent> sent = Collections.synchronizedList(new ArrayList<>());
    Set<Run.Delivery> forbiddenDeliveries = ConcurrentHashMap.newKeySet();
    Set<String> marketingForbidden = ConcurrentHashMap.newKeySet();
    List<BadEnquiries.Case> corpus = BadEnquiries.all(tag, pipeline::serialize);
    AtomicInteger produced = new AtomicInteger();
    CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
      try (KafkaProducer<String, Enquiry> website = pipeline.website();
          KafkaProducer<byte[], byte[]> raw = pipeline.rawWebsite()) {
        long periodNanos = 1_000_000_000L / RATE_PER_SECOND;
        long next = System.nanoTime();
        int bad = 0;
        for (int i = 0; i < ENQUIRIES; i++) {
          if (i % 20 == 5) {
            BadEnquiries.Case c = corpus.get(bad++ % corpus.size());
            String key = c.key() + "-" + i;
            raw.send(new ProducerRecord<>(Topics.ENQUIRIES.name(pipeline.prefix), key.getBytes(StandardCharsets.UTF_8),
                c.value()));
            sent.add(Run.Sent.invalid(key));
          } else {
            Enquiry e = BadEnquiries.valid(tag, i).build();
            if (optedOut.contains(i)) {
              marketingForbidden.add(e.getEnquiryId());
            }
            if (excludedC.contains(i)) {
              forbiddenDeliveries.add(new Run.Delivery(e.getEnquiryId(), "cf-c"));
            }
            sentAt.put(e.getEnquiryId(), System.nanoTime());
            website.send(new ProducerRecord<>(Topics.ENQUIRIES.name(pipeline.prefix), e.getEnquiryId(), e));
            sent.add(Run.Sent.valid(e.getEnquiryId()));
          }
          produced.incrementAndGet();
          next += periodNanos;
          long wait = next - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });

    await().atMost(Duration.ofMinutes(5)).until(() -> produced.get() >= ENQUIRIES / 3);
    int active = activeRouter(stack, pipeline);
    long killedAt = System.nanoTime();
    routers[active].kill();
    mark("router-" + active + " (holding the allocation task) killed with SIGKILL after " + produced.get() + " records");

    traffic.get();
    mark("all " + ENQUIRIES + " records sent");
    long valid = sent.stream().filter(Run.Sent::valid).count();
    ChildJvm survivor = routers[1 - active];
    await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2)).failFast(() -> !survivor.isAlive())
        .until(() -> decidedAt.size() >= valid);
    watching.set(false);
    watcher.get();
    mark(decidedAt.size() + " of " + valid + " valid enquiries decided");

    // Failover: from the kill to the first decision of an enquiry sent after it.
    long firstAfter = Long.MAX_VALUE;
    long worstLatency = 0;
    int afterKill = 0;
    for (Map.Entry<String, Long> e : sentAt.entrySet()) {
      Long decided = decidedAt.get(e.getKey());
      if (e.getValue() > killedAt && decided != null) {
        afterKill++;
        firstAfter = Math.min(firstAfter, decided);
        worstLatency = Math.max(worstLatency, decided - e.getValue());
      }
    }
    String failover = String.format("FAILOVER: first decision of an enquiry sent after the kill %.1f s after it; "
        + "worst enquiry-to-decision time of the %d enquiries sent after the kill %.1f s",
        (firstAfter - killedAt) / 1e9, afterKill, worstLatency / 1e9);
    mark(failover);

    List<TopicSpec<String, Lead>> leadTopics = List.of(Topics.leads(PartnerKind.OPERATOR, "cf-a"),
        Topics.leads(PartnerKind.LANDLORD, "cf-b"), Topics.leads(PartnerKind.OPERATOR, "cf-c"));
    PipelineReader reader = pipeline.reader();
    Run run = new Run(List.copyOf(sent), Map.of("cf-b", new Run.Cap(CAP, ZoneId.of("Europe/London"))),
        forbiddenPhones, forbiddenDeliveries, marketingForbidden, reader.decisions(), reader.leads(leadTopics),
        reader.deadLetters());
    Verdict verdict = DeliveryVerifier.verify(run);
    System.out.println("CLUSTER FAULT SUITE TIMELINE\n  " + String.join("\n  ", timeline));
    System.out.println(failover);
    System.out.println("CLUSTER " + verdict.line());

    assertThat(survivor.isAlive()).as("the surviving router kept running").isTrue();
    assertThat(afterKill).as("enquiries sent after the kill").isPositive();
    assertThat(verdict.passed()).as(verdict.line()).isTrue();
    survivor.close();
    service.close();
  }

  /** The instance whose consumer holds the allocation task's partition: every lead passes through it. */
  private static int activeRouter(LocalStack stack, Pipeline pipeline) throws Exception {
    String group = pipeline.prefix + "router";
    String allocation = group + "-allocation-repartition";
    try (Admin admin = Admin.create(stack.adminConfig())) {
      for (MemberDescription m : admin.describeConsumerGroups(List.of(group)).all().get().get(group).members()) {
        boolean holds = m.assignment().topicPartitions().stream().anyMatch(tp -> tp.topic().equals(allocation));
        if (holds) {
          return m.clientId().startsWith(pipeline.routerClientId(0)) ? 0 : 1;
        }
      }
    }
    throw new IllegalStateException("no router holds " + allocation);
  }

  private static void watchDecisions(LocalStack stack, Pipeline pipeline, Map<String, Long> decidedAt,
      AtomicBoolean watching) {
    Map<String, Object> config = new HashMap<>(stack.adminConfig());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.GROUP_ID_CONFIG, pipeline.prefix + "failover-watch");
    var valueSerde = pipeline.serdes().value(Topics.LEAD_DECISIONS);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      String topic = Topics.LEAD_DECISIONS.name(pipeline.prefix);
      consumer.subscribe(List.of(topic));
      while (watching.get()) {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> decidedAt.putIfAbsent(
            valueSerde.deserializer().deserialize(topic, r.value()).getEnquiryId(), System.nanoTime()));
      }
    }
  }

  private void mark(String event) {
    String line = String.format("%6.1f s  %s", (System.nanoTime() - startedAt) / 1e9, event);
    timeline.add(line);
    System.out.println("CLUSTER FAULTS " + line);
  }
}
