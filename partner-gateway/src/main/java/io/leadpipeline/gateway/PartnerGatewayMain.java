package io.leadpipeline.gateway;

import com.sun.net.httpserver.HttpServer;
import io.leadpipeline.avro.DeliveryDeadLetter;
import io.leadpipeline.config.Settings;
import io.leadpipeline.gateway.email.SmtpMailer;
import io.leadpipeline.gateway.safety.AddressGuard;
import io.leadpipeline.gateway.signing.SigningSecrets;
import io.leadpipeline.gateway.webhook.WebhookClient;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code partner-gateway run} and {@code partner-gateway redeliver}. */
@Command(name = "partner-gateway", mixinStandardHelpOptions = true,
    description = "Delivers leads and notices to partners by signed webhook or email.",
    subcommands = {PartnerGatewayMain.Run.class, PartnerGatewayMain.Redeliver.class})
public final class PartnerGatewayMain implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new PartnerGatewayMain()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  static Settings load(Path config) {
    return Settings.load(GatewayConfig.DEFINITION, Optional.ofNullable(config), System.getenv(), Map.of());
  }

  static Map<String, Object> client(Settings s) {
    Map<String, Object> c = new HashMap<>(s.under("kafka."));
    c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, s.require("bootstrap.servers"));
    return c;
  }

  static void allowAvroPackages() {
    if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
      System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.leadpipeline.avro");
    }
  }

  /** Builds the gateway as configured; the caller starts and runs it. */
  static PartnerGateway create(Settings settings, PrometheusMeterRegistry registry) {
    GatewayConfig config = GatewayConfig.from(settings);
    SigningSecrets secrets = config.secretsFile() == null ? SigningSecrets.none() : SigningSecrets.load(config.secretsFile());
    AddressGuard guard = new AddressGuard(config.allowHttp(), config.allowedNetworks(), InetAddress::getAllByName);
    WebhookClient webhooks = new WebhookClient(guard, config.connectTimeout(), config.requestTimeout(),
        config.maxResponseBytes(), Clock.systemUTC());
    return new PartnerGateway(config, client(settings), TopicSerdes.from(settings), secrets, webhooks,
        SmtpMailer.from(config.smtp()), new GatewayMetrics(registry), Clock.systemUTC());
  }

  /** Starts a gateway on a thread of its own (the demo's way); closing it stops the gateway. */
  public static AutoCloseable startInBackground(Settings settings) {
    allowAvroPackages();
    PartnerGateway gateway = create(settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    gateway.start();
    Thread thread = new Thread(gateway::run, "partner-gateway");
    thread.setDaemon(true);
    thread.start();
    return () -> {
      gateway.stop();
      thread.join(10_000);
      gateway.close();
    };
  }

  @Command(name = "run", mixinStandardHelpOptions = true, description = "Deliver until interrupted.")
  static final class Run implements Callable<Integer> {
    @Option(names = "--config", description = "properties file; LEAD_PIPELINE_* variables override it")
    Path config;

    @Override
    public Integer call() throws IOException {
      allowAvroPackages();
      Settings settings = load(config);
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      PartnerGateway gateway = create(settings, registry);
      gateway.start();
      HttpServer http = HttpServer.create(new InetSocketAddress(GatewayConfig.from(settings).httpPort()), 0);
      http.createContext("/metrics", ex -> answer(ex, 200, registry.scrape()));
      http.createContext("/health/ready", ex -> {
        boolean ready = gateway.healthy() && gateway.viewsReady();
        answer(ex, ready ? 200 : 503, ready ? "ready\n" : "not ready: reading partners, suppression or delivery state\n");
      });
      http.createContext("/health/live", ex -> answer(ex, gateway.healthy() ? 200 : 503, "ok\n"));
      http.start();
      Runtime.getRuntime().addShutdownHook(new Thread(gateway::stop));
      try {
        gateway.run();
      } finally {
        http.stop(0);
        gateway.close();
      }
      return 0;
    }

    private static void answer(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("content-type", "text/plain; charset=utf-8");
      ex.sendResponseHeaders(status, b.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
      }
    }
  }

  @Command(name = "redeliver", mixinStandardHelpOptions = true,
      description = "Ask the gateway to deliver dead letters again: one by id, or every one of a partner.")
  static final class Redeliver implements Callable<Integer> {
    @Option(names = "--config", description = "properties file; LEAD_PIPELINE_* variables override it")
    Path config;

    @Option(names = "--id", description = "the dead letter's deliveryId (lead or notice id)")
    String id;

    @Option(names = "--partner", description = "every dead letter of this partner")
    String partner;

    @Override
    public Integer call() {
      allowAvroPackages();
      if ((id == null) == (partner == null)) {
        System.err.println("give exactly one of --id and --partner");
        return 2;
      }
      Settings settings = load(config);
      int n = redeliver(settings, id, partner);
      System.out.println("requested redelivery of " + n + " dead letter(s)");
      return n == 0 ? 1 : 0;
    }
  }

  /** Copies matching dead letters to the redelivery topic; returns how many. */
  static int redeliver(Settings settings, String id, String partner) {
    String prefix = settings.string("topic.prefix", "");
    String dlq = Topics.PARTNER_DELIVERY_DEAD_LETTERS.name(prefix);
    Map<String, Object> c = new HashMap<>(client(settings));
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    TopicSerdes serdes = TopicSerdes.from(settings);
    Map<String, DeliveryDeadLetter> found = new HashMap<>();
    try (KafkaConsumer<String, DeliveryDeadLetter> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
        serdes.value(Topics.PARTNER_DELIVERY_DEAD_LETTERS).deserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(dlq, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(dlq, p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, DeliveryDeadLetter> r : consumer.poll(Duration.ofMillis(200))) {
          DeliveryDeadLetter d = r.value();
          if (d != null && (d.getDeliveryId().equals(id) || d.getPartnerId().equals(partner))) {
            found.put(d.getDeliveryId(), d);
          }
        }
      }
    }
    Map<String, Object> p = new HashMap<>(client(settings));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, DeliveryDeadLetter> producer = new KafkaProducer<>(p, new StringSerializer(),
        serdes.value(Topics.PARTNER_DELIVERY_REDELIVERIES).serializer())) {
      for (DeliveryDeadLetter d : found.values()) {
        producer.send(new ProducerRecord<>(Topics.PARTNER_DELIVERY_REDELIVERIES.name(prefix), d.getDeliveryId(), d));
      }
      producer.flush();
    }
    return found.size();
  }
}
