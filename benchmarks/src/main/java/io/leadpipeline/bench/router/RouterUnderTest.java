package io.leadpipeline.bench.router;

import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.avro.TpsFileKind;
import io.leadpipeline.avro.TpsLoad;
import io.leadpipeline.avro.TpsRegistration;
import io.leadpipeline.bench.latency.LatencyRun;
import io.leadpipeline.bench.load.SyntheticEnquiries;
import io.leadpipeline.bench.stack.BenchStack;
import io.leadpipeline.config.Settings;
import io.leadpipeline.identity.PhoneNumbers;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.router.LeadRouter;
import io.leadpipeline.router.PartnerImport;
import io.leadpipeline.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * The full lead-router, started through its one production wiring ({@link LeadRouter#start}) on
 * a topic prefix of its own, with partners imported through {@link PartnerImport} and fresh
 * register loads, so it runs exactly as deployed: versioned suppression joins, the offset barrier,
 * fail-closed checks, allocation, fan-out and audit.
 */
public final class RouterUnderTest implements AutoCloseable {
  public static final String SECRET = "bench-subject-key-secret-not-for-production";

  private final LeadRouter router;

  private RouterUnderTest(LeadRouter router) {
    this.router = router;
  }

  /** Everything the router needs on {@code prefix}: its topics, the partners, fresh register loads. */
  public static List<Partner> prepare(BenchStack stack, String prefix, Path workDir) {
    stack.createCatalogue(prefix);
    Path partners = workDir.resolve(prefix + "partners.json");
    try {
      Files.createDirectories(workDir);
      Files.writeString(partners, SyntheticEnquiries.partnersJson("p-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // The import creates these too, but writes at once; created here, they have leaders first.
    List<org.apache.kafka.clients.admin.NewTopic> topics = new java.util.ArrayList<>();
    for (Partner p : PartnerImport.read(partners, Instant.now())) {
      Topics.partnerTopics(p.getKind(), p.getPartnerId()).forEach(t -> topics.add(t.newTopic(prefix, (short) 1)));
    }
    stack.createTopics(topics);
    PartnerImport.importPartners(settings(stack, prefix, "unused", "exactly_once_v2", workDir, Map.of()), partners);
    writeRegisterLoads(stack, prefix, Register.values());
    return PartnerImport.read(partners, Instant.now());
  }

  /** Tells the router these registers were just loaded, as the suppression-service's ingest does. */
  public static void writeRegisterLoads(BenchStack stack, String prefix, Register... registers) {
    try (KafkaProducer<String, TpsLoad> producer = new KafkaProducer<>(stack.producerConfig(),
        stack.serdes().key(Topics.SUPPRESSION_TPS_LOADS).serializer(),
        stack.serdes().value(Topics.SUPPRESSION_TPS_LOADS).serializer())) {
      for (Register r : registers) {
        TpsLoad load = TpsLoad.newBuilder().setRegister(r).setKind(TpsFileKind.FULL).setFile("bench")
            .setLoadedAt(Instant.now()).setNumbers(0).setAdded(0).setRemoved(0).setRejectedLines(0).build();
        producer.send(new ProducerRecord<>(Topics.SUPPRESSION_TPS_LOADS.name(prefix), r.name(), load));
      }
      producer.flush();
    }
  }

  /**
   * Puts every {@code every}-th person of {@code 0 .. count-1} on the TPS register, registered long
   * ago, so the router's TPS lookups find something. With an even {@code every} these people all
   * typed their own number, so their consent overrides the register (TPS_OVERRIDDEN).
   */
  public static void registerSomePhones(BenchStack stack, String prefix, long count, int every) {
    SubjectKeys keys = new SubjectKeys(SECRET);
    try (KafkaProducer<String, TpsRegistration> producer = new KafkaProducer<>(stack.producerConfig(),
        stack.serdes().key(Topics.SUPPRESSION_TPS).serializer(),
        stack.serdes().value(Topics.SUPPRESSION_TPS).serializer())) {
      for (long i = 0; i < count; i += every) {
        String key = keys.ofE164(PhoneNumbers.toE164(SyntheticEnquiries.phone(i)));
        producer.send(new ProducerRecord<>(Topics.SUPPRESSION_TPS.name(prefix), key,
            new TpsRegistration(Register.TPS, LocalDate.of(2020, 1, 1), "bench")));
      }
      producer.flush();
    }
  }

  /** The router's settings as a deployment would give them, plus {@code overrides}. */
  public static Settings settings(
      BenchStack stack, String prefix, String applicationId, String guarantee, Path stateDir,
      Map<String, String> overrides) {
    Map<String, String> m = new HashMap<>();
    m.put("bootstrap.servers", stack.bootstrapServers());
    m.put("schema.registry.url", stack.schemaRegistryUrl());
    m.put("topic.prefix", prefix);
    m.put("subject.key.secret", SECRET);
    m.put("application.id", applicationId);
    m.put("state.dir", stateDir.toString());
    m.put("processing.guarantee", guarantee);
    m.put("http.port", "0");
    m.put("replication.factor", "1");
    m.putAll(overrides);
    return Settings.of(m);
  }

  public static RouterUnderTest start(Settings settings) {
    return start(settings, null);
  }

  /** As {@link #start(Settings)}, with Kafka Streams' clients from {@code clients} (null: its own). */
  public static RouterUnderTest start(Settings settings, KafkaClientSupplier clients) {
    return new RouterUnderTest(LeadRouter.start(settings, clients, Time.SYSTEM));
  }

  /** Waits until RUNNING, restored and fresh; false if that takes longer than {@code timeout}. */
  public boolean awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!router.isReady()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(20_000_000);
    }
    return true;
  }

  public boolean isReady() {
    return router.isReady();
  }

  /**
   * The router's internal topics in the order an enquiry passes them: Kafka Streams names each
   * repartition topic after the application id and the topology's {@code Repartitioned} name.
   */
  public static List<String> hopTopics(String applicationId) {
    return List.of("by-phone", "by-subject", "allocation").stream()
        .map(name -> applicationId + "-" + name + "-repartition").toList();
  }

  /** Where the router's outputs are and how they name their enquiry. */
  public static LatencyRun.Outputs outputs(BenchStack stack, String prefix, List<Partner> partners) {
    Deserializer<Lead> leads = stack.serdes().value(Topics.leads(PartnerKind.LANDLORD, "catalogue")).deserializer();
    Deserializer<RoutingDecision> decisions = stack.serdes().value(Topics.LEAD_DECISIONS).deserializer();
    String decisionTopic = Topics.LEAD_DECISIONS.name(prefix);
    List<String> leadTopics = partners.stream().map(p -> Topics.leads(p.getKind(), p.getPartnerId()).name(prefix)).toList();
    return new LatencyRun.Outputs(
        leadTopics,
        bytes -> leads.deserialize(leadTopics.get(0), bytes).getEnquiryId(),
        decisionTopic,
        bytes -> decisions.deserialize(decisionTopic, bytes).getEnquiryId());
  }

  @Override
  public void close() {
    router.close();
  }
}
