package io.leadpipeline.ops.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import io.leadpipeline.avro.Channel;
import io.leadpipeline.avro.Contact;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.MarketingConsent;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.Requirements;
import io.leadpipeline.config.Settings;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.ops.Repository;
import io.leadpipeline.ops.metrics.MetricCatalogue;
import io.leadpipeline.router.LeadRouter;
import io.leadpipeline.router.PartnerImport;
import io.leadpipeline.suppression.SuppressionService;
import io.leadpipeline.suppression.access.ApiKeys;
import io.leadpipeline.suppression.access.Scope;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scraping both services on the local stack: the targets are up, the domain
 * metrics of docs/SPECIFICATION.md §9 arrive with the values the enquiries explain, every metric the dashboard
 * and the alerts use exists, the alert rules evaluate without error, no label holds a person's
 * data, and promtool accepts both /metrics bodies.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class PrometheusScrapeIT {
  private static final String SECRET = "prometheus-it-subject-key-secret";
  private static final String API_KEY_ID = "prometheus-it";
  private static final String API_KEY_SECRET = "prometheus-it-api-key-secret";
  private static final Duration WAIT = Duration.ofSeconds(120);

  // People in the enquiries; none of this may reach a label.
  private static final String ADA_EMAIL = "ada.prom@example.com";
  private static final String ADA_PHONE = "+44 161 496 0731";
  private static final String GRACE_EMAIL = "grace.prom@example.com";
  /** On the TPS file uploaded below, registered long ago. */
  private static final String GRACE_PHONE = "020 7946 0733";

  private static final String PARTNERS = """
      [
        {"partnerId": "capped-operator", "name": "Capped Operator", "kind": "OPERATOR",
         "cities": ["London"], "maxDesks": 100, "officeTypes": ["SERVICED"], "dailyCap": 1},
        {"partnerId": "open-landlord", "name": "Open Landlord", "kind": "LANDLORD",
         "cities": ["London"], "maxDesks": 100, "officeTypes": ["SERVICED"]}
      ]
      """;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void prometheusScrapesBothServicesAndSeesTheDomainMetrics(LocalStack stack, @TempDir Path tmp) throws Exception {
    // Never skipped: without the tools this test fails, saying how to get them.
    assertThat(PrometheusServer.find()).as(PrometheusServer.MISSING).isPresent();
    Promtool promtool = Promtool.onPath();
    String prefix = "prom-it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    stack.createTopics(Topics.fixed().stream().map(t -> t.newTopic(prefix, (short) 1)).toList());
    Map<String, String> common = Map.of(
        "bootstrap.servers", stack.bootstrapServers(),
        "schema.registry.url", stack.schemaRegistryUrl(),
        "topic.prefix", prefix,
        "subject.key.secret", SECRET,
        "http.port", "0");

    try (SuppressionService service = SuppressionService.start(Settings.of(with(common, Map.of(
            "http.host", "127.0.0.1",
            "unsubscribe.token.secret", "prometheus-it-unsubscribe-secret",
            "api.keys", ApiKeys.configLine(API_KEY_ID, API_KEY_SECRET, EnumSet.of(Scope.TPS_WRITE)),
            "tps.state.dir", tmp.resolve("tps").toString()))));
        LeadRouter router = LeadRouter.start(Settings.of(with(common, Map.of(
            "application.id", prefix + "router",
            "state.dir", tmp.resolve("router").toString(),
            "replication.factor", "1"))))) {
      Path partners = Files.writeString(tmp.resolve("partners.json"), PARTNERS);
      assertThat(PartnerImport.importPartners(Settings.of(common), partners)).isEqualTo(2);

      // Through the service's API, as operations would: the router fails closed until both load.
      upload(service, "TPS", "# the register as of today\n" + GRACE_PHONE + ",2020-01-06\n");
      upload(service, "CTPS", "# nobody on the corporate register\n");
      await().atMost(WAIT).until(router::isReady);

      Map<String, List<String>> jobs = new LinkedHashMap<>();
      jobs.put("lead-router", List.of("127.0.0.1:" + router.httpPort()));
      jobs.put("suppression-service", List.of("127.0.0.1:" + service.httpPort()));
      String config = PrometheusServer.scrapeConfig(
          Duration.ofSeconds(1), jobs, List.of(Repository.file("ops/prometheus/alerts.yml")));

      PrometheusServer prometheus = PrometheusServer.start(tmp.resolve("prometheus"), config);
      try {
        await().atMost(WAIT).untilAsserted(() ->
            assertThat(prometheus.targets())
                .as(prometheus.logTail())
                .extracting(PrometheusServer.Target::job, PrometheusServer.Target::health)
                .containsExactlyInAnyOrder(
                    tuple("lead-router", "up"),
                    tuple("suppression-service", "up")));

        try (Enquiries enquiries = new Enquiries(stack, prefix)) {
          // One at a time, so the cap and the dedupe meet them in this order.
          enquiries.send(enquiry(ADA_EMAIL, ADA_PHONE, false)); // both partners: the operator's cap is used up
          awaitValue(prometheus, "sum(routing_decisions_total)", 1);
          enquiries.send(enquiry(GRACE_EMAIL, GRACE_PHONE, true)); // on the TPS, no consent: the call is withheld; cap reached
          awaitValue(prometheus, "sum(routing_decisions_total)", 2);
          enquiries.send(enquiry(ADA_EMAIL, ADA_PHONE, false)); // Ada again: a duplicate for the landlord
          Enquiry noDesks = enquiry("nodesks.prom@example.com", ADA_PHONE, false);
          noDesks.getRequirements().setDesks(0);
          enquiries.send(noDesks);
          enquiries.sendRaw("not avro");
        }
        // Both services' JVM binders record garbage collections from now on.
        System.gc();

        awaitValue(prometheus, "sum(routing_decisions_total)", 3);
        awaitValue(prometheus, "sum(enquiries_dead_lettered_total)", 2);
        awaitValue(prometheus, "sum(enquiries_received_total)", 5); // the undecodable one too
        awaitValue(prometheus, "sum by (partner_kind) (leads_routed_total{partner_kind=\"operator\"})", 1);
        awaitValue(prometheus, "sum by (partner_kind) (leads_routed_total{partner_kind=\"landlord\"})", 2);
        awaitValue(prometheus, "sum(enquiries_suppressed_total{reason=\"TPS\"})", 1);
        awaitPresent(prometheus, "sum(enquiries_suppressed_total{reason=\"DUPLICATE\"}) > 0");
        awaitPresent(prometheus, "sum(partner_cap_exhausted_total{partner_kind=\"operator\"}) > 0");
        awaitValue(prometheus, "sum(lead_routing_latency_seconds_bucket{le=\"+Inf\"})", 3);
        awaitValue(prometheus, "suppression_data_stale{job=\"lead-router\"}", 0);
        awaitValue(prometheus, "count(suppression_register_age_seconds{job=\"lead-router\"} < 600)", 2);
        awaitValue(prometheus, "count(suppression_tps_file_age_seconds{job=\"suppression-service\"} < 600)", 2);
        awaitPresent(prometheus, "sum(suppression_updates_total{job=\"suppression-service\"}) > 0");
        awaitPresent(prometheus, "sum(tps_ingest_lines_total{register=\"TPS\"}) > 0");

        MetricCatalogue catalogue = MetricCatalogue.read(Repository.file("ops/metrics.txt"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(missing(prometheus, catalogue)).isEmpty());

        assertThat(prometheus.rules()).isNotEmpty().allSatisfy(rule ->
            assertThat(rule.health()).as(rule.name() + ": " + rule.lastError()).isEqualTo("ok"));

        assertThat(labelValues(prometheus)).isNotEmpty().allSatisfy(value -> assertThat(value)
            .doesNotContainIgnoringCase("example.com")
            .doesNotContain("4960731", "79460733", "496 0731", "7946 0733"));

        for (int port : List.of(router.httpPort(), service.httpPort())) {
          Promtool.Result lint = promtool.checkMetrics(get(port, "/metrics"));
          assertThat(MetricsLint.failures(lint)).as("promtool check metrics on port " + port).isEmpty();
        }
      } finally {
        prometheus.close();
      }
      assertThat(prometheus.isRunning()).as("prometheus stopped").isFalse();
    }
  }

  /** Every metric of ops/metrics.txt that the services export, missing from Prometheus by job. */
  private static List<String> missing(PrometheusServer prometheus, MetricCatalogue catalogue) {
    List<String> missing = new ArrayList<>();
    for (MetricCatalogue.Metric m : catalogue.metrics()) {
      List<String> jobs = switch (m.source()) {
        case "lead-router", "kafka" -> List.of("lead-router");
        case "suppression-service" -> List.of("suppression-service");
        case "jvm" -> List.of("lead-router", "suppression-service");
        default -> List.of(); // Prometheus's own: up is checked through the targets, ALERTS only exist when one fires
      };
      String series = switch (m.type()) {
        case HISTOGRAM -> m.name() + "_bucket";
        case SUMMARY -> m.name() + "_count";
        default -> m.name();
      };
      for (String job : jobs) {
        if (prometheus.query(series + "{job=\"" + job + "\"}").isEmpty()) {
          missing.add(series + " from " + job);
        }
      }
    }
    return missing;
  }

  /** Every label value of every series the two services export. */
  private static Set<String> labelValues(PrometheusServer prometheus) {
    Set<String> values = new TreeSet<>();
    for (Map<String, String> labels : prometheus.series("{job=~\"lead-router|suppression-service\"}")) {
      labels.forEach((name, value) -> {
        if (!name.equals("__name__")) {
          values.add(value);
        }
      });
    }
    return values;
  }

  /** Waits until {@code promql} answers one series of value {@code expected}. */
  private static void awaitValue(PrometheusServer prometheus, String promql, double expected) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(prometheus.query(promql))
            .as(promql)
            .singleElement()
            .satisfies(s -> assertThat(s.number()).isEqualTo(expected)));
  }

  /** Waits until the comparison {@code promql} holds: it answers a series only when it does. */
  private static void awaitPresent(PrometheusServer prometheus, String promql) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(prometheus.query(promql)).as(promql).hasSize(1));
  }

  private void upload(SuppressionService service, String register, String file) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + service.httpPort() + "/v1/tps/files?register=" + register + "&kind=FULL"))
            .header("Authorization", "Bearer " + API_KEY_ID + "." + API_KEY_SECRET)
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString(file))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private String get(int port, String path) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** {@code onBehalfOfAnother}: the enquiry then carries no consent to call its number. */
  private static Enquiry enquiry(String email, String phone, boolean onBehalfOfAnother) {
    return Enquiry.newBuilder()
        .setEnquiryId(UUID.randomUUID().toString())
        .setSubmittedAt(Instant.now())
        .setChannel(Channel.WEB_FORM)
        .setSite("prometheus-it.example")
        .setContact(Contact.newBuilder()
            .setFullName("Test Person")
            .setCompany(null)
            .setEmail(email)
            .setPhone(phone)
            .setPhoneProvidedBySubject(true)
            .setOnBehalfOfAnother(onBehalfOfAnother)
            .build())
        .setRequirements(Requirements.newBuilder()
            .setCity("London")
            .setPostcodeDistrict("EC2A")
            .setDesks(8)
            .setOfficeTypes(List.of(OfficeType.SERVICED))
            .setMaxBudgetPerDeskGbp(null)
            .setMoveInDate(null)
            .setTermMonths(null)
            .build())
        .setMarketingConsent(new MarketingConsent(false, false))
        .build();
  }

  private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
    Map<String, String> all = new HashMap<>(base);
    all.putAll(more);
    return all;
  }

  /** A website backend: Avro enquiries in the Confluent wire format, and one record that is not. */
  private static final class Enquiries implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<Enquiry> serializer;
    private final String topic;

    Enquiries(LocalStack stack, String prefix) {
      Map<String, Object> config = new HashMap<>(stack.adminConfig());
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
      this.serializer = TopicSerdes.forRegistry(stack.schemaRegistryUrl()).value(Topics.ENQUIRIES).serializer();
      this.topic = Topics.ENQUIRIES.name(prefix);
    }

    void send(Enquiry e) throws Exception {
      producer.send(new ProducerRecord<>(topic, e.getEnquiryId(), serializer.serialize(topic, e))).get();
    }

    void sendRaw(String value) throws Exception {
      producer.send(new ProducerRecord<>(topic, "raw", value.getBytes(StandardCharsets.UTF_8))).get();
    }

    @Override
    public void close() {
      producer.close();
    }
  }
}
