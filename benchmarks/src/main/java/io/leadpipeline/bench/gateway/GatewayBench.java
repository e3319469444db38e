package io.leadpipeline.bench.gateway;

import com.sun.net.httpserver.HttpServer;
import io.leadpipeline.avro.DeliveryChannel;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.LeadContact;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.Requirements;
import io.leadpipeline.bench.latency.Percentiles;
import io.leadpipeline.bench.load.Pacer;
import io.leadpipeline.bench.stack.BenchStack;
import io.leadpipeline.bench.stack.Progress;
import io.leadpipeline.config.Settings;
import io.leadpipeline.gateway.PartnerGatewayMain;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * partner-gateway against a loopback webhook receiver (docs/partner-delivery.md): how fast it
 * delivers a backlog, as a ratio of a raw read_committed consumer reading (and decoding) the same
 * leads in the same run, and the latency from a lead's send to its receipt at a steady rate.
 */
public final class GatewayBench {
  public record Result(int partners, int backlog, double rawPerSecond, double deliveredPerSecond,
      double rate, Percentiles latency, Percentiles latencyBesideFailing, int failingAttempts) {}

  /** A partner whose endpoint answers 503 to everything, for the isolation run. */
  static final String FAILING = "gw-bench-failing";

  private GatewayBench() {}

  public static Result run(BenchStack stack, String prefix, int partners, int backlog, double rate, int seconds)
      throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    Topics.fixed().forEach(t -> topics.add(t.newTopic(prefix, (short) 1)));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < partners; i++) {
      String id = "gw-bench-" + i;
      ids.add(id);
      Topics.partnerTopics(PartnerKind.OPERATOR, id).forEach(t -> topics.add(t.newTopic(prefix, (short) 1)));
    }
    Topics.partnerTopics(PartnerKind.OPERATOR, FAILING).forEach(t -> topics.add(t.newTopic(prefix, (short) 1)));
    stack.createTopics(topics);
    java.util.concurrent.atomic.AtomicInteger failingAttempts = new java.util.concurrent.atomic.AtomicInteger();

    Map<String, Long> received = new ConcurrentHashMap<>();
    ExecutorService handlers = Executors.newFixedThreadPool(8);
    HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    receiver.setExecutor(handlers);
    receiver.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      if (ex.getRequestURI().getPath().endsWith(FAILING)) {
        failingAttempts.incrementAndGet();
        ex.sendResponseHeaders(503, -1);
        ex.close();
        return;
      }
      received.putIfAbsent(ex.getRequestHeaders().getFirst("webhook-id"), System.nanoTime());
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    receiver.start();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Path secrets = Files.createTempFile("bench-secrets", ".properties");
    Files.writeString(secrets, "bench=whsec_" + Base64.getEncoder().encodeToString(key) + "\n");

    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    AutoCloseable gateway = null;
    try (KafkaProducer<String, Partner> partnerOut = new KafkaProducer<>(p, new StringSerializer(),
            stack.serdes().value(Topics.PARTNERS).serializer());
        KafkaProducer<String, Lead> leadOut = new KafkaProducer<>(p, new StringSerializer(),
            stack.serdes().value(Topics.leads(PartnerKind.OPERATOR, "x")).serializer())) {
      String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/";
      for (String id : ids) {
        partnerOut.send(new ProducerRecord<>(Topics.PARTNERS.name(prefix), id, partner(id, url + id))).get();
      }
      partnerOut.send(new ProducerRecord<>(Topics.PARTNERS.name(prefix), FAILING, partner(FAILING, url + FAILING))).get();
      Progress.line("gateway: producing a backlog of " + backlog + " leads to " + partners + " partners");
      List<Future<?>> acks = new ArrayList<>();
      for (int i = 0; i < backlog; i++) {
        String partner = ids.get(i % partners);
        acks.add(leadOut.send(new ProducerRecord<>(Topics.leads(PartnerKind.OPERATOR, partner).name(prefix),
            "b" + i, lead("b" + i, partner))));
      }
      for (Future<?> f : acks) {
        f.get();
      }
      double raw = rawRate(stack, prefix, ids, backlog);
      Progress.line("gateway: raw consumer " + Math.round(raw) + " leads/s; starting the gateway");

      Map<String, String> s = new HashMap<>();
      s.put("bootstrap.servers", stack.bootstrapServers());
      s.put("schema.registry.url", stack.schemaRegistryUrl());
      s.put("topic.prefix", prefix);
      s.put("subject.key.secret", "bench-subject-key-secret-0123456789");
      s.put("gateway.group-id", prefix + "gateway");
      s.put("gateway.secrets-file", secrets.toString());
      s.put("webhook.allow-http", "true");
      s.put("webhook.allowed-networks", "127.0.0.0/8");
      s.put("retry.base", "200ms");
      s.put("retry.max-delay", "1s");
      gateway = PartnerGatewayMain.startInBackground(Settings.of(s));
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (received.size() < backlog && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      List<Long> times = new ArrayList<>(received.values());
      times.sort(Long::compare);
      // First receipt to last: the gateway's start-up (reading its views, joining the group) is not
      // delivery work.
      double delivered = times.size() < 2 ? Double.NaN
          : (times.size() - 1) / ((times.get(times.size() - 1) - times.get(0)) / 1e9);
      Progress.line("gateway: delivered " + received.size() + " at " + Math.round(delivered) + "/s; now "
          + rate + " leads/s for " + seconds + " s");

      Percentiles alone = timed(leadOut, prefix, ids, received, rate, seconds, "l", false);
      Progress.line("gateway: p99 " + alone.p99() + " ms; again with " + FAILING + " answering 503 throughout");
      Percentiles beside = timed(leadOut, prefix, ids, received, rate, seconds, "f", true);
      return new Result(partners, backlog, raw, delivered, rate, alone, beside, failingAttempts.get());
    } finally {
      if (gateway != null) {
        gateway.close();
      }
      receiver.stop(0);
      handlers.shutdownNow();
    }
  }

  /**
   * Sends {@code rate} leads/s to the healthy partners for {@code seconds}, open loop, and times
   * each from its due time to its receipt; with {@code besideFailing}, the failing partner gets a
   * lead with every fourth one, so its retries run all along.
   */
  private static Percentiles timed(KafkaProducer<String, Lead> out, String prefix, List<String> ids,
      Map<String, Long> received, double rate, int seconds, String tag, boolean besideFailing) throws InterruptedException {
    Map<String, Long> sent = new ConcurrentHashMap<>();
    Pacer pacer = new Pacer(System.nanoTime(), rate);
    long n = Pacer.count(rate, seconds);
    for (long i = 0; i < n; i++) {
      long due = pacer.dueNanos(i);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      String id = tag + i;
      String partner = ids.get((int) (i % ids.size()));
      sent.put(id, due);
      out.send(new ProducerRecord<>(Topics.leads(PartnerKind.OPERATOR, partner).name(prefix), id, lead(id, partner)));
      if (besideFailing && i % 4 == 0) {
        out.send(new ProducerRecord<>(Topics.leads(PartnerKind.OPERATOR, FAILING).name(prefix), "x" + id, lead("x" + id, FAILING)));
      }
    }
    out.flush();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (sent.keySet().stream().anyMatch(id -> !received.containsKey(id)) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Histogram h = Percentiles.newMicrosHistogram();
    for (Map.Entry<String, Long> e : sent.entrySet()) {
      Long at = received.get(e.getKey());
      // A lead never received counts at the histogram's top: it is not silently dropped.
      h.recordValue(at == null ? h.getHighestTrackableValue() : Math.max(1, (at - e.getValue()) / 1000));
    }
    return Percentiles.ofMicros(h);
  }

  /** A read_committed consumer reading and decoding every lead of the backlog: the reference. */
  private static double rawRate(BenchStack stack, String prefix, List<String> ids, int backlog) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    TopicSpec<String, Lead> spec = Topics.leads(PartnerKind.OPERATOR, "x");
    Deserializer<Lead> leads = stack.serdes().value(spec).deserializer();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      List<TopicPartition> parts = ids.stream()
          .map(id -> new TopicPartition(Topics.leads(PartnerKind.OPERATOR, id).name(prefix), 0)).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      int read = 0;
      long start = System.nanoTime();
      while (read < backlog) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          leads.deserialize(r.topic(), r.value());
          read++;
        }
      }
      return read / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static Partner partner(String id, String url) {
    return Partner.newBuilder().setPartnerId(id).setName(id).setKind(PartnerKind.OPERATOR)
        .setCities(List.of("London")).setMaxDesks(100).setOfficeTypes(List.of(OfficeType.SERVICED))
        .setUpdatedAt(Instant.now()).setChannel(DeliveryChannel.WEBHOOK).setWebhookUrl(url)
        .setSigningSecretIds(List.of("bench")).build();
  }

  private static Lead lead(String id, String partner) {
    Instant now = Instant.now();
    return Lead.newBuilder().setLeadId(id).setEnquiryId("e-" + id).setPartnerId(partner)
        .setPartnerKind(PartnerKind.OPERATOR).setSubmittedAt(now).setRoutedAt(now).setSite("bench.example")
        .setContact(LeadContact.newBuilder().setFullName("Bench Person").setEmail(id + "@bench.example").build())
        .setRequirements(Requirements.newBuilder().setCity("London").setDesks(10)
            .setOfficeTypes(List.of(OfficeType.SERVICED)).build())
        .setCallPermitted(false).setMarketingPermitted(false).build();
  }
}
