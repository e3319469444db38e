package io.leadpipeline.reliability.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipeline.avro.CallReason;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.MarketingReason;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.reliability.corpus.BadEnquiries;
import io.leadpipeline.reliability.harness.ChildJvm;
import io.leadpipeline.reliability.harness.Pipeline;
import io.leadpipeline.reliability.harness.SuppressionApi;
import io.leadpipeline.reliability.race.OrderingCheck;
import io.leadpipeline.reliability.traffic.Person;
import io.leadpipeline.topics.Topics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The suppression race on three brokers while they fail (docs/cluster.md). Workers write a
 * suppression change through the service's HTTP API (do-not-call or an email-marketing opt-out),
 * and as soon as its 2xx is in hand produce an enquiry from the same person: each is one
 * (acknowledged change at T, enquiry at t after T) pair. Meanwhile leaders of the suppression and
 * enquiry partitions move the whole time (reassignment and preferred-leader election), a 1 M-number
 * TPS file is loaded, one broker is killed with SIGKILL and started again, and one is frozen with
 * SIGSTOP for longer than the controller's broker session timeout. Traffic runs until every fault
 * is over and at least {@code cluster.race.pairs} pairs are made. docs/SPECIFICATION.md §7: every
 * pair must be decided with the change applied; {@link OrderingCheck} counts the violations.
 */
@Tag("cluster")
class ClusterRaceIT {
  static final int PAIRS = Integer.getInteger("cluster.race.pairs", 10_000);
  static final int TPS_NUMBERS = Integer.getInteger("cluster.race.tps-numbers", 1_000_000);
  static final Duration PAUSE = Duration.ofSeconds(Integer.getInteger("cluster.race.pause-seconds", 15));
  static final int WORKERS = 8;

  enum Change { DO_NOT_CALL, EMAIL_OPT_OUT }

  record Sent(String enquiryId, int subject, Instant acknowledgedAt, Instant eventTime) {}

  private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
  private long startedAt;

  @Test
  @Timeout(3600)
  void everyEnquiryAfterAnAcknowledgedChangeIsScreenedWhileBrokersFail() throws Exception {
    try (LocalStack stack = LocalStack.builder().brokers(3).build().start()) {
      run(stack);
    }
  }

  private void run(LocalStack stack) throws Exception {
    startedAt = System.nanoTime();
    Pipeline pipeline = new Pipeline(stack, "crace").routerSetting("kafka.session.timeout.ms", "20000");
    String tag = pipeline.prefix.replace(".", "");
    pipeline.importPartners("""
        [{"partnerId": "crace-a", "name": "A", "kind": "OPERATOR", "cities": ["London"],
          "maxDesks": 100, "officeTypes": ["SERVICED"]}]
        """);
    ChildJvm service = pipeline.startService();
    SuppressionApi api = pipeline.api();
    for (String register : List.of("TPS", "CTPS")) {
      assertThat(api.send("/v1/tps/files?register=" + register + "&kind=FULL", "text/plain",
          "02079460999,2020-01-01\n".getBytes(), "POST").status()).isEqualTo(200);
    }
    Path bigTps = tpsFile(pipeline.workDir.resolve("tps-1m.txt"));
    ChildJvm router = pipeline.startRouter(0);
    pipeline.awaitRouterReady(0, router);
    mark("router ready on " + stack.brokerCount() + " brokers");

    List<TopicPartition> moving = new ArrayList<>();
    for (var topic : List.of(Topics.SUPPRESSION_CALL_CONSENTS, Topics.SUPPRESSION_PREFERENCES,
        Topics.SUPPRESSION_DO_NOT_REPEAT, Topics.SUPPRESSION_TPS, Topics.ENQUIRIES)) {
      moving.addAll(LeaderShuffle.partitionsOf(stack, topic.name(pipeline.prefix)));
    }

    List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger after = new AtomicInteger();
    AtomicInteger subjects = new AtomicInteger();
    AtomicBoolean faultsOver = new AtomicBoolean();
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
    List<Future<?>> traffic = new ArrayList<>();
    LeaderShuffle shuffle;
    try (KafkaProducer<String, Enquiry> website = pipeline.website()) {
      for (int w = 0; w < WORKERS; w++) {
        traffic.add(workers.submit(() -> {
          while (!faultsOver.get() || after.get() < PAIRS) {
            int subject = subjects.getAndIncrement();
            Person p = Person.of(tag, subject % Person.MAX_PEOPLE);
            Change change = subject % 2 == 0 ? Change.DO_NOT_CALL : Change.EMAIL_OPT_OUT;
            Instant acknowledged;
            try {
              SuppressionApi.Answer a = change == Change.DO_NOT_CALL ? api.doNotCall(p.email(), p.phone())
                  : api.optOut(p.email(), "EMAIL_MARKETING");
              if (a.status() / 100 != 2) {
                refused.incrementAndGet();
                continue;
              }
              acknowledged = a.acknowledgedAt();
            } catch (RuntimeException unanswered) {
              // Not acknowledged, so nothing is promised: no pair.
              refused.incrementAndGet();
              continue;
            }
            Enquiry e = BadEnquiries.valid(tag, subject % Person.MAX_PEOPLE).build();
            RecordMetadata m = website.send(new ProducerRecord<>(Topics.ENQUIRIES.name(pipeline.prefix),
                e.getEnquiryId(), e)).get();
            Sent pair = new Sent(e.getEnquiryId(), subject, acknowledged, Instant.ofEpochMilli(m.timestamp()));
            sent.add(pair);
            // Within the same millisecond as T is not after it: such a pair does not count towards PAIRS.
            if (pair.eventTime().isAfter(acknowledged)) {
              after.incrementAndGet();
            }
          }
          return null;
        }));
      }

      shuffle = new LeaderShuffle(stack, moving);
      mark("traffic and leader moves started over " + moving.size() + " partitions");
      // A load that loses a write to a broker fault answers 503 and keeps the previous register; as
      // an operator would, it is run again (the service then sends only the differences).
      List<Integer> loadAnswers = Collections.synchronizedList(new ArrayList<>());
      CompletableFuture<SuppressionApi.Answer> load = CompletableFuture.supplyAsync(() -> {
        try {
          byte[] file = Files.readAllBytes(bigTps);
          SuppressionApi.Answer a;
          do {
            a = api.send("/v1/tps/files?register=TPS&kind=FULL&name=tps-1m.txt", "text/plain", file, "POST",
                Duration.ofMinutes(30));
            loadAnswers.add(a.status());
          } while (a.status() == 503 && loadAnswers.size() < 4);
          return a;
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      mark("TPS upload of " + TPS_NUMBERS + " numbers started");

      awaitPairs(sent, PAIRS / 10);
      int killed = busiestBroker(stack, moving);
      shuffle.down(killed);
      stack.killBroker(killed);
      mark("broker " + killed + " killed with SIGKILL after " + sent.size() + " pairs");
      awaitPairs(sent, sent.size() + PAIRS / 20);
      stack.startBroker(killed);
      shuffle.up(killed);
      mark("broker " + killed + " restarted after " + sent.size() + " pairs");

      awaitPairs(sent, sent.size() + PAIRS / 20);
      int paused = busiestBroker(stack, moving);
      shuffle.down(paused);
      stack.pauseBroker(paused);
      mark("broker " + paused + " paused with SIGSTOP for " + PAUSE.toSeconds() + " s after " + sent.size() + " pairs");
      // The fault itself lasts this long: longer than broker.session.timeout.ms (9 s), so it is fenced.
      Thread.sleep(PAUSE.toMillis());
      stack.resumeBroker(paused);
      shuffle.up(paused);
      mark("broker " + paused + " resumed after " + sent.size() + " pairs");

      SuppressionApi.Answer loaded = load.get();
      mark("TPS upload answered " + loadAnswers + " after " + sent.size() + " pairs");
      faultsOver.set(true);
      for (Future<?> f : traffic) {
        f.get();
      }
      shuffle.close();
      mark("traffic over: " + sent.size() + " pairs, " + refused.get() + " writes not acknowledged; leader moves: "
          + shuffle.moved() + " done, " + shuffle.failed() + " refused");
    } finally {
      workers.shutdownNow();
    }

    Map<String, RoutingDecision> decisions = new HashMap<>();
    await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(5)).failFast(() -> !router.isAlive())
        .until(() -> {
          pipeline.reader().routingDecisions().forEach(d -> decisions.put(d.getEnquiryId(), d));
          return decisions.keySet().containsAll(sent.stream().map(Sent::enquiryId).toList());
        });
    mark("every enquiry decided");

    List<OrderingCheck.Pair> pairs = new ArrayList<>();
    for (Sent s : sent) {
      Change change = s.subject() % 2 == 0 ? Change.DO_NOT_CALL : Change.EMAIL_OPT_OUT;
      Optional<Boolean> applied = Optional.ofNullable(decisions.get(s.enquiryId())).map(d -> change == Change.DO_NOT_CALL
          ? d.getCall().getReason() == CallReason.DO_NOT_CALL
          : d.getMarketing().getReason() == MarketingReason.OPTED_OUT);
      pairs.add(new OrderingCheck.Pair(s.enquiryId(), s.acknowledgedAt(), s.eventTime(), applied));
    }
    OrderingCheck.Report report = OrderingCheck.check(pairs);
    System.out.println("CLUSTER RACE TIMELINE\n  " + String.join("\n  ", timeline));
    System.out.println("CLUSTER " + report.line());

    assertThat(router.isAlive()).as("router kept running").isTrue();
    assertThat(report.after()).as("pairs with t after T").isGreaterThanOrEqualTo(PAIRS);
    assertThat(report.passed()).as(report.line()).isTrue();
    router.close();
    service.close();
  }

  /** The broker leading most of {@code partitions} right now: the one whose loss hurts most. */
  private static int busiestBroker(LocalStack stack, List<TopicPartition> partitions) {
    Map<Integer, Integer> led = new HashMap<>();
    stack.leaders().leadersOf(partitions).values().forEach(id -> led.merge(id, 1, Integer::sum));
    return led.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
        .orElse(stack.brokerIds().get(0));
  }

  private static void awaitPairs(List<Sent> sent, int count) {
    await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(200)).until(() -> sent.size() >= count);
  }

  private static Path tpsFile(Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("02079460999,2020-01-01\n");
      for (int i = 0; i < TPS_NUMBERS; i++) {
        w.write(String.format("+4420%08d,2021-06-01%n", 30_000_000 + i));
      }
    }
    return file;
  }

  private void mark(String event) {
    String line = String.format("%6.1f s  %s", (System.nanoTime() - startedAt) / 1e9, event);
    timeline.add(line);
    System.out.println("CLUSTER RACE " + line);
  }
}
