package io.leadpipeline.reliability.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.config.Settings;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.reliability.verify.PipelineReader;
import io.leadpipeline.router.PartnerImport;
import io.leadpipeline.router.RouterConfig;
import io.leadpipeline.serde.ConfluentAvroSerializer;
import io.leadpipeline.suppression.ServiceConfig;
import io.leadpipeline.suppression.access.ApiKeys;
import io.leadpipeline.suppression.access.Scope;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The whole pipeline on the local stack, wired as a deployment wires it: topics from the
 * catalogue under a prefix of this test's own, partners through the partner import, routers and
 * the suppression-service as child JVMs started with their own {@code main} and a properties
 * file, suppression writes through the service's HTTP API, enquiries from a website producer.
 */
public final class Pipeline {
  public static final String SUBJECT_SECRET = "reliability-subject-key-secret-0123456789";
  /** On a secured stack, the principal each part logs in as (the users must exist). */
  public static final String ROUTER = "lead-router";
  public static final String SERVICE = "suppression-service";
  public static final String PARTNER_IMPORT = "partner-import";
  public static final String WEBSITE = "website";
  private static final String API_KEY_ID = "reliability";

  public final LocalStack stack;
  public final String prefix;
  public final Path workDir;
  private final String apiSecret = UUID.randomUUID().toString().replace("-", "");
  private final int servicePort = freePort();
  private final Map<Integer, Integer> routerPorts = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, String> extraRouter = new HashMap<>();
  private final Map<String, String> extraService = new HashMap<>();

  public Pipeline(LocalStack stack, String name) {
    this.stack = stack;
    this.prefix = name + "-" + UUID.randomUUID().toString().substring(0, 6) + ".";
    try {
      this.workDir = Files.createDirectories(Path.of("target", "runs", prefix.substring(0, prefix.length() - 1)))
          .toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<NewTopic> topics = new ArrayList<>();
    for (TopicSpec<?, ?> t : Topics.fixed()) {
      topics.add(t.newTopic(prefix, stack.replicationFactor()));
    }
    stack.createTopics(topics);
  }

  /** A router setting for every router this pipeline starts (kafka.*, commit.interval.ms, ...). */
  public Pipeline routerSetting(String key, String value) {
    extraRouter.put(key, value);
    return this;
  }

  public Pipeline serviceSetting(String key, String value) {
    extraService.put(key, value);
    return this;
  }

  /**
   * Client settings for {@code principal}: on a secured stack its SASL (and TLS) login, on a plain
   * one just the bootstrap servers.
   */
  public Map<String, Object> clientConfig(String principal) {
    return stack.security().isPresent() ? stack.clientConfig(principal) : stack.adminConfig();
  }

  /** The same as {@code kafka.*} settings, the passthrough every application reads. */
  private Map<String, String> kafkaSettings(String principal) {
    Map<String, String> s = new HashMap<>();
    clientConfig(principal).forEach((k, v) -> {
      if (!k.equals("bootstrap.servers")) {
        s.put("kafka." + k, String.valueOf(v));
      }
    });
    return s;
  }

  public Map<String, String> routerSettings(int instance) {
    Map<String, String> s = new HashMap<>(RouterConfig.DEFAULTS);
    s.putAll(kafkaSettings(ROUTER));
    s.put("bootstrap.servers", stack.bootstrapServers());
    s.put("schema.registry.url", stack.schemaRegistryUrl());
    s.put("topic.prefix", prefix);
    s.put("subject.key.secret", SUBJECT_SECRET);
    s.put("application.id", prefix + "router");
    s.put("state.dir", workDir.resolve("router-" + instance + "-state").toString());
    s.put("http.port", String.valueOf(routerPort(instance)));
    // 1 on one broker; 3 on a cluster, so the router's changelogs survive a broker as the topics do.
    s.put("replication.factor", String.valueOf(stack.replicationFactor()));
    // Fail closed until both registers are loaded, as in production.
    s.put("suppression.max-register-age", "48h");
    s.put("kafka.session.timeout.ms", "10000");
    s.put("kafka.heartbeat.interval.ms", "2000");
    // Tells the instances apart in the consumer group (which one holds a task).
    s.put("kafka.client.id", routerClientId(instance));
    s.putAll(extraRouter);
    return s;
  }

  /** The client id prefix of router {@code instance}'s Kafka clients. */
  public String routerClientId(int instance) {
    return prefix + "router-" + instance;
  }

  public Map<String, String> serviceSettings() {
    Map<String, String> s = new HashMap<>(ServiceConfig.DEFAULTS);
    s.putAll(kafkaSettings(SERVICE));
    s.put("bootstrap.servers", stack.bootstrapServers());
    s.put("schema.registry.url", stack.schemaRegistryUrl());
    s.put("topic.prefix", prefix);
    s.put("subject.key.secret", SUBJECT_SECRET);
    s.put("unsubscribe.token.secret", "reliability-unsubscribe-secret-0123456789");
    s.put("http.host", "127.0.0.1");
    s.put("http.port", String.valueOf(servicePort));
    s.put("api.keys", ApiKeys.configLine(API_KEY_ID, apiSecret, EnumSet.allOf(Scope.class)));
    // The race harness writes thousands of changes a minute through one key.
    s.put("api.rate-limit.per-minute", "1000000");
    s.put("tps.state.dir", workDir.resolve("tps-state").toString());
    s.putAll(extraService);
    return s;
  }

  /** Imports partners (creating their topics) through the router's own partner import. */
  public void importPartners(String json) {
    try {
      Path file = workDir.resolve("partners.json");
      Files.writeString(file, json);
      Map<String, String> settings = new HashMap<>(routerSettings(0));
      settings.keySet().removeIf(k -> k.startsWith("kafka."));
      settings.putAll(kafkaSettings(PARTNER_IMPORT));
      PartnerImport.importPartners(Settings.of(settings), file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ChildJvm startRouter(int instance) {
    return ChildJvm.start("router-" + instance, "io.leadpipeline.router.LeadRouter", List.of("run"),
        routerSettings(instance), workDir, workDir.resolve("logs/router-" + instance + ".log"), "384m");
  }

  public int routerPort(int instance) {
    return routerPorts.computeIfAbsent(instance, i -> freePort());
  }

  /** GET on a router's HTTP port: /health/ready, /metrics. */
  public SuppressionApi.Answer routerGet(int instance, String path) {
    return new SuppressionApi("http://127.0.0.1:" + routerPort(instance), null).get(path);
  }

  /** Waits until the router answers ready: running, restored, and suppression data fresh. */
  public void awaitRouterReady(int instance, ChildJvm router) {
    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
        .failFast("router exited:\n" + router.tail(30), () -> !router.isAlive())
        .until(() -> routerGet(instance, "/health/ready").status() == 200);
  }

  /** SIGKILL, wipe the state directory, start again: the router's stores come back from their changelogs. */
  public void crashAndRestoreRouter(int instance, ChildJvm router) {
    router.kill();
    Path state = workDir.resolve("router-" + instance + "-state");
    if (Files.exists(state)) {
      try (Stream<Path> files = Files.walk(state)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    router.restart();
    awaitRouterReady(instance, router);
  }

  /** Uploads a FULL register file ({@code register} TPS or CTPS) through the service's API. */
  public void uploadRegister(String register, String body) {
    SuppressionApi.Answer a = api().send("/v1/tps/files?register=" + register + "&kind=FULL", "text/plain",
        body.getBytes(StandardCharsets.UTF_8), "POST");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
  }

  /** Sends {@code e} as a website would and waits for the router's decision on it. */
  public RoutingDecision decide(Enquiry e) throws Exception {
    try (KafkaProducer<String, Enquiry> website = website()) {
      website.send(new ProducerRecord<>(Topics.ENQUIRIES.name(prefix), e.getEnquiryId(), e)).get();
    }
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .until(() -> decisionOf(e.getEnquiryId()).isPresent());
    return decisionOf(e.getEnquiryId()).orElseThrow();
  }

  /** The router's decision on enquiry {@code enquiryId}, once it is on {@code lead-decisions}. */
  public Optional<RoutingDecision> decisionOf(String enquiryId) {
    return reader().routingDecisions().stream().filter(d -> d.getEnquiryId().equals(enquiryId)).findFirst();
  }

  /** Starts the service and waits until it answers ready. */
  public ChildJvm startService() {
    ChildJvm service = ChildJvm.start("suppression-service", "io.leadpipeline.suppression.SuppressionService",
        List.of("serve"), serviceSettings(), workDir, workDir.resolve("logs/suppression-service.log"), "384m");
    awaitServiceReady(service);
    return service;
  }

  public void awaitServiceReady(ChildJvm service) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
        .failFast("suppression-service exited:\n" + service.tail(30), () -> !service.isAlive())
        .until(() -> api().get("/health/ready").status() == 200);
  }

  public String serviceUrl() {
    return "http://127.0.0.1:" + servicePort;
  }

  public SuppressionApi api() {
    return new SuppressionApi(serviceUrl(), API_KEY_ID + "." + apiSecret);
  }

  public TopicSerdes serdes() {
    return TopicSerdes.forRegistry(stack.schemaRegistryUrl());
  }

  public PipelineReader reader() {
    return new PipelineReader(stack.adminConfig(), serdes(), prefix);
  }

  /** A website backend: idempotent, acks=all, the project's Confluent-format serializer. */
  public KafkaProducer<String, Enquiry> website() {
    Map<String, Object> p = new HashMap<>(clientConfig(WEBSITE));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000);
    return new KafkaProducer<>(p, new StringSerializer(), serdes().value(Topics.ENQUIRIES).serializer());
  }

  /** Serialises an enquiry as a website would, for the bad-input corpus to damage. */
  public byte[] serialize(Enquiry e) {
    try (ConfluentAvroSerializer<Enquiry> s = new ConfluentAvroSerializer<>(
        Map.of("schema.registry.url", stack.schemaRegistryUrl()), false)) {
      return s.serialize(Topics.ENQUIRIES.name(prefix), e);
    }
  }

  /** A producer that sends whatever bytes it is given: the source of the bad-input corpus. */
  public KafkaProducer<byte[], byte[]> rawWebsite() {
    Map<String, Object> p = new HashMap<>(clientConfig(WEBSITE));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
