package io.leadpipeline.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.TpsLoad;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.reliability.corpus.BadEnquiries;
import io.leadpipeline.reliability.harness.ChildJvm;
import io.leadpipeline.reliability.harness.Pipeline;
import io.leadpipeline.reliability.harness.RegistrySnapshot;
import io.leadpipeline.reliability.harness.SuppressionApi;
import io.leadpipeline.reliability.traffic.Person;
import io.leadpipeline.reliability.verify.DeliveryVerifier;
import io.leadpipeline.reliability.verify.PipelineReader;
import io.leadpipeline.reliability.verify.Run;
import io.leadpipeline.reliability.verify.Verdict;
import io.leadpipeline.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fault suite (issue 7, part 1). Two routers and the suppression-service run as child JVMs on
 * the real broker and registry while a website producer sends a steady stream of enquiries, some
 * of them invalid, from people who have asked not to be called, opted out of marketing, excluded a
 * partner, or whose number is on the TPS and was given on someone else's behalf. Meanwhile:
 *
 * <ol>
 *   <li>one router is killed with SIGKILL and started again;
 *   <li>the broker is stopped and started;
 *   <li>the schema registry is down for 30 s (and, being in memory, comes back empty);
 *   <li>the suppression-service is killed with SIGKILL in the middle of a TPS file upload, started
 *       again, and the upload is run again.
 * </ol>
 *
 * Then {@link DeliveryVerifier} checks, from the committed topics alone, that every valid enquiry
 * has exactly one decision, every chosen (enquiry, partner) exactly one lead, no daily cap was
 * exceeded, no suppressed contact reached a partner, and every invalid record is in the DLQ; it
 * prints one verdict line.
 */
@Tag("faults")
class FaultSuiteIT {
  static final int ENQUIRIES = Integer.getInteger("faults.enquiries", 1200);
  static final int RATE_PER_SECOND = Integer.getInteger("faults.rate", 12);
  static final int TPS_FILLER = Integer.getInteger("faults.tps-numbers", 150_000);
  static final int CAP = 40;

  private static final String PARTNERS = """
      [
        {"partnerId": "fault-a", "name": "Fault A", "kind": "OPERATOR", "cities": ["London"],
         "maxDesks": 100, "officeTypes": ["SERVICED"]},
        {"partnerId": "fault-b", "name": "Fault B", "kind": "LANDLORD", "cities": ["London"],
         "maxDesks": 100, "officeTypes": ["SERVICED"], "dailyCap": %d},
        {"partnerId": "fault-c", "name": "Fault C", "kind": "OPERATOR", "cities": ["London"],
         "maxDesks": 100, "officeTypes": ["SERVICED"]}
      ]
      """.formatted(CAP);

  private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
  private long startedAt;

  @Test
  @Timeout(1500)
  void theGuaranteesHoldThroughCrashesAndOutages() throws Exception {
    // A registry that keeps its schemas, as production's does (SQL or KafkaSQL storage): the
    // in-memory one forgets every id on restart; see the module README for what that breaks.
    try (LocalStack stack = LocalStack.builder().persistentRegistry().build().start()) {
      run(stack);
    }
  }

  private void run(LocalStack stack) throws Exception {
    startedAt = System.nanoTime();
    Pipeline pipeline = new Pipeline(stack, "faults")
        .routerSetting("commit.interval.ms", "200");
    pipeline.importPartners(PARTNERS);
    String tag = pipeline.prefix.replace(".", "");
    SubjectKeys keys = new SubjectKeys(Pipeline.SUBJECT_SECRET);

    // Who has asked for what, written through the service before any of them enquires.
    ChildJvm service = pipeline.startService();
    SuppressionApi api = pipeline.api();
    Set<String> forbiddenPhones = new HashSet<>();
    Set<String> tpsPhones = new HashSet<>();
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
          api.doNotRepeat(p.email(), "fault-c").acknowledgedAt();
          excludedC.add(i);
        }
        case 4 -> {
          tpsPhones.add(p.e164());
          forbiddenPhones.add(p.e164());
        }
        default -> { }
      }
    }
    Path tpsFile = registerFile(pipeline.workDir.resolve("tps-full.txt"), tpsPhones, 0);
    Path bigTpsFile = registerFile(pipeline.workDir.resolve("tps-full-big.txt"), tpsPhones, TPS_FILLER);
    Path ctpsFile = registerFile(pipeline.workDir.resolve("ctps-full.txt"), Set.of(), 100);
    upload(api, "TPS", tpsFile);
    upload(api, "CTPS", ctpsFile);
    mark("suppressions written: " + forbiddenPhones.size() + " phones withheld, " + optedOut.size() + " opted out, "
        + excludedC.size() + " excluded fault-c");

    ChildJvm router0 = pipeline.startRouter(0);
    ChildJvm router1 = pipeline.startRouter(1);
    pipeline.awaitRouterReady(0, router0);
    pipeline.awaitRouterReady(1, router1);
    mark("two routers ready");

    // The run: every record, valid or not, and what each person asked for.
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
            raw.send(new ProducerRecord<>(Topics.ENQUIRIES.name(pipeline.prefix), key.getBytes(StandardCharsets.UTF_8), c.value()));
            sent.add(Run.Sent.invalid(key));
          } else {
            Person p = Person.of(tag, i);
            Enquiry.Builder b = BadEnquiries.valid(tag, i);
            if (tpsPhones.contains(p.e164())) {
              // Given on someone else's behalf: no consent of the number's owner, so TPS applies.
              b.getContactBuilder().setOnBehalfOfAnother(true);
            }
            Enquiry e = b.build();
            if (optedOut.contains(i)) {
              marketingForbidden.add(e.getEnquiryId());
            }
            if (excludedC.contains(i)) {
              forbiddenDeliveries.add(new Run.Delivery(e.getEnquiryId(), "fault-c"));
            }
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
        website.flush();
        raw.flush();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });

    // Fault 1: SIGKILL one of two routers mid-stream, then start it again.
    awaitProduced(produced, ENQUIRIES / 8);
    router1.kill();
    mark("router-1 killed with SIGKILL after " + produced.get() + " records sent");
    Thread.sleep(8_000);
    router1.restart();
    mark("router-1 restarted");

    // Fault 2: the broker stops and starts again under load.
    awaitProduced(produced, ENQUIRIES / 3);
    stack.stopBroker();
    mark("broker stopped");
    Thread.sleep(5_000);
    stack.startBroker();
    mark("broker started");

    // Fault 3: the registry is unavailable for 30 s.
    awaitProduced(produced, ENQUIRIES / 2);
    RegistrySnapshot schemas = RegistrySnapshot.take(stack.schemaRegistryUrl());
    stack.stopRegistry();
    mark("registry stopped (" + schemas.entries().size() + " schema versions held)");
    Thread.sleep(30_000);
    stack.startRegistry();
    mark("registry started");

    // Fault 4: the service dies mid TPS upload, once part of the file is on the broker; it is
    // started again and the upload run again.
    String tpsTopic = Topics.SUPPRESSION_TPS.name(pipeline.prefix);
    long before = pipeline.reader().size(tpsTopic);
    CompletableFuture<SuppressionApi.Answer> upload =
        CompletableFuture.supplyAsync(() -> uploadAnswer(api, "TPS", bigTpsFile));
    try (KafkaConsumer<byte[], byte[]> offsets = new KafkaConsumer<>(
        stack.adminConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = offsets.partitionsFor(tpsTopic).stream()
          .map(p -> new TopicPartition(tpsTopic, p.partition())).toList();
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
          .until(() -> offsets.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum() - before
              >= TPS_FILLER / 20);
    }
    service.kill();
    long written = pipeline.reader().size(tpsTopic) - before;
    mark("suppression-service killed with SIGKILL mid TPS upload ("
        + upload.handle((a, e) -> e == null ? "answered " + a.status() : "no answer").get() + "; "
        + written + " of " + TPS_FILLER + " new numbers on the broker when it died)");
    assertThat(written).as("numbers written before the kill").isLessThan(TPS_FILLER);
    service.restart();
    pipeline.awaitServiceReady(service);
    SuppressionApi.Answer rerun = uploadAnswer(api, "TPS", bigTpsFile);
    mark("suppression-service restarted; upload run again: " + rerun.status() + " " + rerun.body().replaceAll("\\s+", " "));

    traffic.get();
    mark("all " + ENQUIRIES + " records sent");

    // Wait for the routers to decide everything, then let any duplicate surface before judging.
    PipelineReader reader = pipeline.reader();
    long valid = sent.stream().filter(Run.Sent::valid).count();
    long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
    int decided = 0;
    while (System.nanoTime() < deadline && (decided = reader.decisions().size()) < valid) {
      Thread.sleep(5_000);
    }
    Thread.sleep(5_000);
    mark(decided + " of " + valid + " valid enquiries decided");

    List<io.leadpipeline.topics.TopicSpec<String, io.leadpipeline.avro.Lead>> leadTopics = List.of(
        Topics.leads(PartnerKind.OPERATOR, "fault-a"), Topics.leads(PartnerKind.LANDLORD, "fault-b"),
        Topics.leads(PartnerKind.OPERATOR, "fault-c"));
    Run run = new Run(List.copyOf(sent),
        Map.of("fault-b", new Run.Cap(CAP, ZoneId.of("Europe/London"))),
        forbiddenPhones, forbiddenDeliveries, marketingForbidden,
        reader.decisions(), reader.leads(leadTopics), reader.deadLetters());
    Verdict verdict = DeliveryVerifier.verify(run);

    // The TPS register after the interrupted upload and its rerun: every number, once, and the load recorded.
    Set<String> expectedTpsKeys = new HashSet<>();
    for (String line : Files.readAllLines(bigTpsFile)) {
      expectedTpsKeys.add(keys.ofPhone(line.split(",")[0]));
    }
    Map<String, byte[]> register = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : reader.raw(Topics.SUPPRESSION_TPS.name(pipeline.prefix))) {
      String k = new String(r.key(), StandardCharsets.UTF_8);
      if (r.value() == null) {
        register.remove(k);
      } else {
        register.put(k, r.value());
      }
    }
    List<TpsLoad> tpsLoads = reader.values(Topics.SUPPRESSION_TPS_LOADS).stream()
        .filter(l -> l != null && l.getRegister().name().equals("TPS")).toList();
    TpsLoad lastTpsLoad = tpsLoads.isEmpty() ? null : tpsLoads.get(tpsLoads.size() - 1);
    List<String> changedIds = schemas.changedIds(stack.schemaRegistryUrl());

    System.out.println("FAULT SUITE TIMELINE\n  " + String.join("\n  ", timeline));
    System.out.println("TPS after interrupted upload and rerun: " + register.size() + " numbers registered, "
        + expectedTpsKeys.size() + " in the file; TPS loads recorded: " + tpsLoads.size() + ", the last: " + lastTpsLoad);
    System.out.println("schema ids changed by the registry restart: " + changedIds);
    System.out.println(verdict.line());

    assertThat(router0.isAlive()).as("router-0 kept running").isTrue();
    assertThat(router1.isAlive()).as("router-1 kept running after its restart").isTrue();
    assertThat(service.isAlive()).as("suppression-service kept running after its restart").isTrue();
    assertThat(rerun.status()).as("the rerun upload").isEqualTo(200);
    assertThat(register.keySet()).as("registered numbers after the rerun").isEqualTo(expectedTpsKeys);
    assertThat(lastTpsLoad).as("the rerun's load is recorded; the interrupted one is not")
        .isNotNull().satisfies(l -> assertThat(l.getFile()).isEqualTo(bigTpsFile.getFileName().toString()));
    assertThat(tpsLoads).as("one load for the small file, one for the rerun").hasSize(2);
    assertThat(changedIds).as("schema ids that now mean another schema").isEmpty();
    assertThat(verdict.passed()).as(verdict.line()).isTrue();
  }

  private static Path registerFile(Path file, Set<String> phones, int filler) throws IOException {
    List<String> lines = new ArrayList<>();
    phones.forEach(p -> lines.add(p + ",2020-01-01"));
    for (int i = 0; i < filler; i++) {
      lines.add(String.format("+4420%08d,2021-06-01", 30_000_000 + i));
    }
    return Files.write(file, lines);
  }

  private static void upload(SuppressionApi api, String register, Path file) {
    SuppressionApi.Answer a = uploadAnswer(api, register, file);
    if (a.status() != 200) {
      throw new IllegalStateException("upload of " + file.getFileName() + " refused: " + a.status() + " " + a.body());
    }
  }

  private static SuppressionApi.Answer uploadAnswer(SuppressionApi api, String register, Path file) {
    try {
      return api.send("/v1/tps/files?register=" + register + "&kind=FULL&name=" + file.getFileName(), "text/plain",
          Files.readAllBytes(file), "POST");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void awaitProduced(AtomicInteger produced, int count) {
    await().atMost(Duration.ofMinutes(5)).until(() -> produced.get() >= count);
  }

  private void mark(String event) {
    String line = String.format("%6.1f s  %s", (System.nanoTime() - startedAt) / 1e9, event);
    timeline.add(line);
    System.out.println("FAULT " + line);
  }
}
