package io.leadpipeline.reliability.race;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipeline.avro.CallReason;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.MarketingReason;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.reliability.corpus.BadEnquiries;
import io.leadpipeline.reliability.harness.ChildJvm;
import io.leadpipeline.reliability.harness.Pipeline;
import io.leadpipeline.reliability.harness.SuppressionApi;
import io.leadpipeline.reliability.traffic.Person;
import io.leadpipeline.topics.Topics;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The suppression race harness (issue 7, part 2), through the service's real HTTP API. For each
 * of thousands of people, a suppression change (do-not-call or email-marketing opt-out) is written
 * through {@code /v1}, which answers with T, the broker's append time of the change; enquiries
 * from the same person are produced just before the write, just after its 2xx, and at the same
 * moment as the write, so their event times t (the broker's append time on {@code enquiries}) fall
 * on both sides of T within milliseconds and reach the router in both orders, on different
 * partitions. docs/SPECIFICATION.md §7: every enquiry with t after T must be decided with the change applied.
 * {@link OrderingCheck} reports the count and the worst case.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class SuppressionRaceIT {
  static final int SUBJECTS = Integer.getInteger("race.subjects", 2000);
  static final int WORKERS = 12;

  enum Change { DO_NOT_CALL, EMAIL_OPT_OUT }

  record Sent(String enquiryId, int subject, Instant eventTime) {}

  @Test
  @Timeout(900)
  void noEnquiryAfterAnAcknowledgedChangeEscapesIt(LocalStack stack) throws Exception {
    Pipeline pipeline = new Pipeline(stack, "race");
    String tag = pipeline.prefix.replace(".", "");
    pipeline.importPartners("""
        [{"partnerId": "race-a", "name": "A", "kind": "OPERATOR", "cities": ["London"],
          "maxDesks": 100, "officeTypes": ["SERVICED"]}]
        """);
    ChildJvm service = pipeline.startService();
    SuppressionApi api = pipeline.api();
    for (String register : List.of("TPS", "CTPS")) {
      Path file = Files.writeString(pipeline.workDir.resolve(register + ".txt"), "02079460999,2020-01-01\n");
      assertThat(api.send("/v1/tps/files?register=" + register + "&kind=FULL", "text/plain", Files.readAllBytes(file), "POST").status())
          .isEqualTo(200);
    }
    ChildJvm router = pipeline.startRouter(0);
    pipeline.awaitRouterReady(0, router);

    Map<Integer, Instant> acknowledged = Collections.synchronizedMap(new HashMap<>());
    List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    long started = System.nanoTime();
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
    try (KafkaProducer<String, Enquiry> website = pipeline.website()) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < SUBJECTS; i++) {
        int subject = i;
        done.add(workers.submit(() -> {
          Person p = Person.of(tag, subject);
          Change change = subject % 2 == 0 ? Change.DO_NOT_CALL : Change.EMAIL_OPT_OUT;
          // Just before: produced and acknowledged before the write is sent.
          sent.add(produce(website, pipeline, tag, subject));
          // At the same moment: the enquiry and the write race each other.
          CompletableFuture<Sent> racing = CompletableFuture.supplyAsync(() -> produce(website, pipeline, tag, subject));
          Instant t = (change == Change.DO_NOT_CALL ? api.doNotCall(p.email(), p.phone()) : api.optOut(p.email(), "EMAIL_MARKETING"))
              .acknowledgedAt();
          acknowledged.put(subject, t);
          // Just after: produced once the 2xx is in hand.
          sent.add(produce(website, pipeline, tag, subject));
          sent.add(racing.join());
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      workers.shutdownNow();
    }
    double writeSeconds = (System.nanoTime() - started) / 1e9;

    Map<String, RoutingDecision> decisions = new HashMap<>();
    await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(3)).failFast(() -> !router.isAlive())
        .until(() -> {
          pipeline.reader().routingDecisions().forEach(d -> decisions.put(d.getEnquiryId(), d));
          return decisions.size() >= sent.size();
        });

    List<OrderingCheck.Pair> pairs = new ArrayList<>();
    int eventTimeMismatches = 0;
    for (Sent s : sent) {
      RoutingDecision d = decisions.get(s.enquiryId());
      Change change = s.subject() % 2 == 0 ? Change.DO_NOT_CALL : Change.EMAIL_OPT_OUT;
      Optional<Boolean> applied = Optional.ofNullable(d).map(x -> change == Change.DO_NOT_CALL
          ? x.getCall().getReason() == CallReason.DO_NOT_CALL
          : x.getMarketing().getReason() == MarketingReason.OPTED_OUT);
      if (d != null && !d.getEventTime().equals(s.eventTime())) {
        eventTimeMismatches++;
      }
      pairs.add(new OrderingCheck.Pair(s.enquiryId(), acknowledged.get(s.subject()), s.eventTime(), applied));
    }
    OrderingCheck.Report report = OrderingCheck.check(pairs);
    System.out.printf("race: %d subjects, %d enquiries, %d suppression writes through the API in %.1f s (%.0f writes/s)%n",
        SUBJECTS, sent.size(), acknowledged.size(), writeSeconds, acknowledged.size() / writeSeconds);
    System.out.println(report.line());

    assertThat(eventTimeMismatches).as("decisions whose event time is not the broker's append time").isZero();
    assertThat(report.after()).as("pairs with t after T").isGreaterThan(SUBJECTS);
    assertThat(report.before()).as("pairs with t before T").isGreaterThanOrEqualTo(SUBJECTS);
    assertThat(report.passed()).as(report.line()).isTrue();
    router.close();
    service.close();
  }

  private static Sent produce(KafkaProducer<String, Enquiry> website, Pipeline pipeline, String tag, int subject) {
    Enquiry e = BadEnquiries.valid(tag, subject).build();
    try {
      RecordMetadata m = website.send(new ProducerRecord<>(Topics.ENQUIRIES.name(pipeline.prefix), e.getEnquiryId(), e)).get();
      return new Sent(e.getEnquiryId(), subject, Instant.ofEpochMilli(m.timestamp()));
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }
}
