package io.leadpipeline.router.it;

import static io.leadpipeline.router.Fixtures.enquiry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipeline.avro.DecisionOutcome;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.router.Fixtures;
import io.leadpipeline.router.LeadRouter;
import io.leadpipeline.router.PartnerImport;
import io.leadpipeline.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** End to end on the real broker and registry: import, route, fan out, audit, dead-letter, health. */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class RouterIT {
  private static final String PARTNERS = """
      [
        {"partnerId": "shoreditch-works", "name": "Shoreditch Works", "kind": "OPERATOR",
         "cities": ["London"], "maxDesks": 50, "officeTypes": ["SERVICED", "COWORKING"]},
        {"partnerId": "city-estates", "name": "City Estates", "kind": "LANDLORD",
         "cities": ["London"], "postcodeDistricts": ["EC2A", "EC1V"], "maxDesks": 200,
         "officeTypes": ["SERVICED", "LEASED"]}
      ]
      """;

  private static String get(int port, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  @Test
  @Timeout(180)
  void routesAnEnquiryEndToEndDeadLettersGarbageAndReportsHealth(LocalStack stack) throws Exception {
    ItSupport it = new ItSupport(stack, "router-it");
    int imported = PartnerImport.importPartners(it.settings(Map.of()), it.partnersFile(PARTNERS));
    assertThat(imported).isEqualTo(2);

    try (LeadRouter router = LeadRouter.start(it.settings(Map.of("suppression.max-register-age", "48h")));
        KafkaProducer<String, SpecificRecord> producer = it.producer()) {
      // Fail closed until both registers have a fresh load.
      await().atMost(Duration.ofSeconds(60)).until(() -> router.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING);
      assertThat(router.isReady()).isFalse();
      assertThat(get(router.httpPort(), "/health/ready")).startsWith("503");
      assertThat(get(router.httpPort(), "/health/live")).startsWith("200");
      for (Register r : Register.values()) {
        producer.send(new ProducerRecord<>(Topics.SUPPRESSION_TPS_LOADS.name(it.prefix), r.name(),
            Fixtures.load(r, Instant.now()))).get();
      }
      await().atMost(Duration.ofSeconds(30)).until(router::isReady);
      assertThat(get(router.httpPort(), "/health/ready")).startsWith("200");

      Enquiry e = enquiry("grace@example.com", "+44 161 496 0000").build();
      producer.send(new ProducerRecord<>(Topics.ENQUIRIES.name(it.prefix), e.getEnquiryId(), e)).get();
      try (KafkaProducer<byte[], byte[]> raw = it.rawProducer()) {
        raw.send(new ProducerRecord<>(Topics.ENQUIRIES.name(it.prefix), "junk".getBytes(StandardCharsets.UTF_8),
            "not avro".getBytes(StandardCharsets.UTF_8))).get();
      }

      List<ConsumerRecord<String, RoutingDecision>> decisions = it.readCommitted(
          Topics.LEAD_DECISIONS.name(it.prefix), RoutingDecision.class, Duration.ofSeconds(60), l -> !l.isEmpty());
      System.out.printf("single enquiry at rest: decided %d ms after the broker appended it%n",
          decisions.get(0).value().getLatencyMs());
      assertThat(decisions).singleElement().satisfies(d -> {
        assertThat(d.value().getOutcome()).isEqualTo(DecisionOutcome.ROUTED);
        assertThat(d.key()).isEqualTo(d.value().getSubjectKey());
      });
      List<ConsumerRecord<String, Lead>> operator = it.readCommitted(
          Topics.leads(PartnerKind.OPERATOR, "shoreditch-works").name(it.prefix), Lead.class, Duration.ofSeconds(30), l -> !l.isEmpty());
      List<ConsumerRecord<String, Lead>> landlord = it.readCommitted(
          Topics.leads(PartnerKind.LANDLORD, "city-estates").name(it.prefix), Lead.class, Duration.ofSeconds(30), l -> !l.isEmpty());
      assertThat(operator).singleElement().satisfies(l -> assertThat(l.value().getContact().getPhone()).isEqualTo("+441614960000"));
      assertThat(landlord).singleElement().satisfies(l -> assertThat(l.key()).isEqualTo(l.value().getLeadId()));

      var dead = it.readRaw(Topics.ENQUIRIES_DLQ.name(it.prefix), Duration.ofSeconds(30), 1);
      assertThat(dead).singleElement().satisfies(r -> {
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
        assertThat(new String(r.headers().lastHeader("dlq.reason").value(), StandardCharsets.UTF_8)).isEqualTo("WRONG_MAGIC_BYTE");
      });

      String metrics = get(router.httpPort(), "/metrics");
      assertThat(metrics)
          .contains("leads_routed_total{partner_kind=\"operator\"} 1")
          .contains("enquiries_dead_lettered_total{reason=\"wrong_magic_byte\"} 1")
          .contains("suppression_data_stale 0")
          .contains("kafka_stream_")
          .contains("jvm_memory_used_bytes")
          .contains("router_erasures_total 0");

      // Changelogs with personal data compact within a day (erasure, README "Where data is kept").
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
        for (String store : List.of("join-hold", "subject-hold", "introductions", "deferred-leads", "offered-enquiries", "offered-leads")) {
          ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, it.prefix + "router-" + store + "-changelog");
          Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
          assertThat(config.get(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG).value()).as(store).isEqualTo("86400000");
        }
      }
    }
  }
}
