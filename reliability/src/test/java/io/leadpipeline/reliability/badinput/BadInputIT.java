package io.leadpipeline.reliability.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.reliability.api.MalformedRequests;
import io.leadpipeline.reliability.corpus.BadEnquiries;
import io.leadpipeline.reliability.harness.ChildJvm;
import io.leadpipeline.reliability.harness.Pipeline;
import io.leadpipeline.reliability.verify.Run;
import io.leadpipeline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bad-input corpus on the real broker and registry, through a router in its own JVM: every
 * bad record lands in {@code enquiries.dlq} with an acceptable reason, legitimate oddities are
 * routed, and the router is still routing afterwards.
 */
@Tag("integration")
@Timeout(420)
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
  private Pipeline pipeline;
  private ChildJvm service;
  private ChildJvm router;
  private String tag;

  @BeforeAll
  void start(LocalStack stack) throws Exception {
    pipeline = new Pipeline(stack, "bad-input");
    tag = pipeline.prefix.replace(".", "");
    pipeline.importPartners("""
        [{"partnerId": "bad-input-a", "name": "A", "kind": "OPERATOR", "cities": ["London"],
          "maxDesks": 100, "officeTypes": ["SERVICED"]}]
        """);
    service = pipeline.startService();
    for (String register : List.of("TPS", "CTPS")) {
      Path file = Files.writeString(pipeline.workDir.resolve(register + ".txt"), "02079460999,2020-01-01\n");
      var a = pipeline.api().send("/v1/tps/files?register=" + register + "&kind=FULL", "text/plain", Files.readAllBytes(file), "POST");
      assertThat(a.status()).as(a.body()).isEqualTo(200);
    }
    router = pipeline.startRouter(0);
    pipeline.awaitRouterReady(0, router);
  }

  @AfterAll
  void stop() {
    if (router != null) {
      router.close();
    }
    if (service != null) {
      service.close();
    }
  }

  @Test
  void everyBadRecordIsDeadLetteredWithAReasonAndTheRouterGoesOn() throws Exception {
    List<BadEnquiries.Case> corpus = BadEnquiries.all(tag, pipeline::serialize);
    assertThat(dispositions(corpus)).allSatisfy(d -> assertThat(d.ok()).as(d.toString()).isTrue());
    assertStillRouting();
  }

  @Test
  void legitimateOdditiesAreRoutedNotRejected() throws Exception {
    List<Enquiry> odd = BadEnquiries.legitimateOddities(tag);
    try (KafkaProducer<String, Enquiry> website = pipeline.website()) {
      for (Enquiry e : odd) {
        website.send(new ProducerRecord<>(Topics.ENQUIRIES.name(pipeline.prefix), e.getEnquiryId(), e)).get();
      }
    }
    Set<String> ids = odd.stream().map(Enquiry::getEnquiryId).collect(Collectors.toSet());
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .until(() -> pipeline.reader().decisions().stream().map(Run.Decision::enquiryId).collect(Collectors.toSet()).containsAll(ids));
    assertThat(pipeline.reader().deadLetters()).extracting(Run.DeadLetter::key).doesNotContainAnyElementsOf(ids);
  }

  @Test
  void everyMalformedApiRequestGetsA4xxWithAReasonAndTheServiceGoesOn() {
    for (MalformedRequests.Request r : MalformedRequests.all()) {
      var a = pipeline.api().send(r.path(), r.contentType(), r.body(), r.method());
      assertThat(a.status()).as(r.name() + ": " + a.body()).isBetween(400, 499);
      assertThat(a.body()).as(r.name()).contains("\"error\"");
    }
    assertThat(service.isAlive()).isTrue();
    assertThat(pipeline.api().get("/health/ready").status()).isEqualTo(200);
    assertThat(pipeline.api().doNotCall(BadEnquiries.valid(tag, 998).build().getContact().getEmail(), null).status())
        .isEqualTo(200);
  }

  /** Control characters in free text and move-in dates in the year 9999 are dead-lettered. */
  @Test
  void controlCharactersAndFarFutureDatesAreDeadLettered() throws Exception {
    List<BadEnquiries.Case> corpus = new ArrayList<>(BadEnquiries.controlCharacters(tag, pipeline::serialize));
    corpus.addAll(BadEnquiries.farFuture(tag, pipeline::serialize));
    assertThat(dispositions(corpus)).allSatisfy(d -> assertThat(d.ok()).as(d.toString()).isTrue());
  }

  record Disposition(String caseName, Set<String> expected, String actual, boolean decided) {
    boolean ok() {
      return !decided && actual != null && expected.contains(actual);
    }

    @Override
    public String toString() {
      return caseName + ": expected dead letter " + expected + ", got "
          + (actual != null ? "dead letter " + actual : decided ? "a routing decision" : "nothing");
    }
  }

  private List<Disposition> dispositions(List<BadEnquiries.Case> corpus) throws Exception {
    try (KafkaProducer<byte[], byte[]> raw = pipeline.rawWebsite()) {
      for (BadEnquiries.Case c : corpus) {
        raw.send(new ProducerRecord<>(Topics.ENQUIRIES.name(pipeline.prefix), c.key().getBytes(StandardCharsets.UTF_8), c.value())).get();
      }
    }
    Set<String> keys = corpus.stream().map(BadEnquiries.Case::key).collect(Collectors.toSet());
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      Set<String> seen = pipeline.reader().deadLetters().stream().map(Run.DeadLetter::key).collect(Collectors.toSet());
      pipeline.reader().decisions().forEach(d -> seen.add(d.enquiryId()));
      return seen.containsAll(keys);
    });
    Map<String, String> reasons = pipeline.reader().deadLetters().stream()
        .collect(Collectors.toMap(Run.DeadLetter::key, Run.DeadLetter::reason, (a, b) -> a + "+" + b));
    Set<String> decided = pipeline.reader().decisions().stream().map(Run.Decision::enquiryId).collect(Collectors.toSet());
    List<Disposition> out = new ArrayList<>();
    for (BadEnquiries.Case c : corpus) {
      out.add(new Disposition(c.name(), c.expectedReasons(), reasons.get(c.key()), decided.contains(c.key())));
    }
    System.out.println("BAD INPUT\n  " + out.stream().map(Disposition::toString).collect(Collectors.joining("\n  ")));
    return out;
  }

  private void assertStillRouting() throws Exception {
    Enquiry good = BadEnquiries.valid(tag, 999).build();
    try (KafkaProducer<String, Enquiry> website = pipeline.website()) {
      website.send(new ProducerRecord<>(Topics.ENQUIRIES.name(pipeline.prefix), good.getEnquiryId(), good)).get();
    }
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
        .until(() -> pipeline.reader().decisions().stream().anyMatch(d -> d.enquiryId().equals(good.getEnquiryId())));
    assertThat(router.isAlive()).isTrue();
    assertThat(pipeline.routerGet(0, "/health/ready").status()).isEqualTo(200);
  }
}
