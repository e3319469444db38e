package io.leadpipeline.reliability.notices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipeline.avro.CorrectionNotice;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.PartnerDecision;
import io.leadpipeline.avro.PartnerStatus;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.reliability.corpus.BadEnquiries;
import io.leadpipeline.reliability.harness.ChildJvm;
import io.leadpipeline.reliability.harness.Pipeline;
import io.leadpipeline.reliability.harness.SuppressionApi;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/SPECIFICATION.md §8.5 through the real pipeline (real broker, registry, router and
 * suppression service): a correction made through the service's HTTP API reaches each partner
 * that received the person as exactly one CORRECTION notice per lead, with the corrected fields,
 * also when the router restarts from its changelogs alone, the client retries with its
 * Idempotency-Key and the request is delivered again under both of the person's keys; the access report lists it; and no suppression topic holds a
 * byte of the corrected values.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class RectificationIT {
  static final String EMAIL = "Ada.Byron@Rectify.Example";
  static final String PHONE = "020 7946 0777";
  static final String NEW_NAME = "Ada King-Noel";
  static final String NEW_PHONE = "07911 123456";
  static final String NEW_PHONE_E164 = "+447911123456";
  static final String NEW_COMPANY = "Difference Engines Ltd";
  static final String A = "rectify-a";
  static final String B = "rectify-b";

  @Test
  @Timeout(600)
  void oneCorrectionNoticePerLeadAcrossRestartsAndKeysAndNothingRawOnSuppressionTopics(LocalStack stack)
      throws Exception {
    Pipeline pipeline = new Pipeline(stack, "rectify");
    pipeline.importPartners("""
        [{"partnerId": "rectify-a", "name": "A", "kind": "OPERATOR", "cities": ["London"],
          "maxDesks": 100, "officeTypes": ["SERVICED"]},
         {"partnerId": "rectify-b", "name": "B", "kind": "LANDLORD", "cities": ["London"],
          "maxDesks": 100, "officeTypes": ["SERVICED"]}]
        """);
    String tag = pipeline.prefix.replace(".", "");
    SubjectKeys keys = new SubjectKeys(Pipeline.SUBJECT_SECRET);
    ChildJvm service = pipeline.startService();
    SuppressionApi api = pipeline.api();
    pipeline.uploadRegister("TPS", "0161 496 0998,2020-01-01\n");
    pipeline.uploadRegister("CTPS", "0161 496 0999,2020-01-01\n");
    ChildJvm router = pipeline.startRouter(0);
    try {
      pipeline.awaitRouterReady(0, router);

      // An enquiry with email and phone (not on the registers: calls permitted), routed to both partners.
      RoutingDecision first = enquire(pipeline, tag, 1);
      Map<String, String> leads = first.getPartners().stream()
          .filter(p -> p.getStatus() == PartnerStatus.CHOSEN)
          .collect(Collectors.toMap(PartnerDecision::getPartnerId, PartnerDecision::getLeadId));
      assertThat(leads).containsOnlyKeys(A, B);
      assertThat(first.getCall().getPermitted()).isTrue();

      // The person corrects their name and phone through the API.
      Map<String, Object> correction = Map.of("email", EMAIL, "phone", PHONE,
          "corrected", Map.of("fullName", NEW_NAME, "phone", NEW_PHONE));
      SuppressionApi.Answer r1 = api.postIdempotent("/v1/subjects/rectification", correction, "rectify-it-1");
      assertThat(r1.status()).as(r1.body()).isEqualTo(200);
      String firstId = r1.json().get("requestId").asText();
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .until(() -> ofRequest(corrections(pipeline), firstId).size() >= 2);

      // The router dies and comes back from its changelogs alone; the request is delivered again,
      // as it was written and under the person's second key.
      pipeline.crashAndRestoreRouter(0, router);
      // The client retries the request with its Idempotency-Key: the same request, not a second one.
      SuppressionApi.Answer retried = api.postIdempotent("/v1/subjects/rectification", correction, "rectify-it-1");
      assertThat(retried.status()).as(retried.body()).isEqualTo(200);
      assertThat(retried.json().get("requestId").asText()).isEqualTo(firstId);
      List<ConsumerRecord<byte[], byte[]>> written = pipeline.reader().raw(Topics.REQUESTS_RECTIFICATIONS.name(pipeline.prefix));
      assertThat(written).hasSize(1);
      byte[] request = written.get(0).value();
      try (KafkaProducer<String, byte[]> again = producer(pipeline)) {
        String topic = Topics.REQUESTS_RECTIFICATIONS.name(pipeline.prefix);
        again.send(new ProducerRecord<>(topic, keys.ofEmail(EMAIL), request)).get();
        again.send(new ProducerRecord<>(topic, keys.ofPhone(PHONE), request)).get();
      }
      // Two later requests, one under each key, after the copies on their partitions: once their
      // notices are out, the copies before them have been read.
      String byEmail = requestId(api.post("/v1/subjects/rectification",
          Map.of("email", EMAIL, "corrected", Map.of("company", NEW_COMPANY))));
      String byPhone = requestId(api.post("/v1/subjects/rectification",
          Map.of("phone", PHONE, "corrected", Map.of("fullName", NEW_NAME + " (Countess)"))));
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .until(() -> ofRequest(corrections(pipeline), byEmail).size() >= 2
              && ofRequest(corrections(pipeline), byPhone).size() >= 2);

      List<CorrectionNotice> all = corrections(pipeline);
      assertOnePerLead(ofRequest(all, firstId), leads);
      assertOnePerLead(ofRequest(all, byEmail), leads);
      assertOnePerLead(ofRequest(all, byPhone), leads);
      assertThat(all).hasSize(6);
      assertThat(ofRequest(all, firstId)).allSatisfy(n -> {
        assertThat(n.getFullName()).isEqualTo(NEW_NAME);
        assertThat(n.getPhone()).isEqualTo(NEW_PHONE_E164);
        assertThat(n.getEmail()).isNull();
        assertThat(n.getCompany()).isNull();
      });
      assertThat(ofRequest(all, byEmail)).allSatisfy(n -> {
        assertThat(n.getCompany()).isEqualTo(NEW_COMPANY);
        assertThat(n.getFullName()).isNull();
        assertThat(n.getPhone()).isNull();
      });

      // The access report lists the three requests and the six notices.
      SuppressionApi.Answer report = api.get("/v1/subjects/access-report?email="
          + URLEncoder.encode(EMAIL, StandardCharsets.UTF_8) + "&phone=" + URLEncoder.encode(PHONE, StandardCharsets.UTF_8));
      assertThat(report.status()).as(report.body()).isEqualTo(200);
      List<String> requested = new ArrayList<>();
      report.json().get("rectifications").forEach(q -> requested.add(q.get("requestId").asText()));
      assertThat(requested).containsExactlyInAnyOrder(firstId, byEmail, byPhone);
      List<String> listed = new ArrayList<>();
      for (JsonNode n : report.json().get("corrections")) {
        listed.add(n.get("noticeId").asText());
      }
      assertThat(listed).containsExactlyInAnyOrderElementsOf(all.stream().map(CorrectionNotice::getNoticeId).toList());

      // No suppression topic holds the corrected values, in any form the person typed or we stored.
      List<String> forbidden = List.of(NEW_PHONE, NEW_PHONE_E164, NEW_PHONE.replace(" ", ""), NEW_NAME, NEW_COMPANY);
      long scanned = 0;
      for (TopicSpec<?, ?> t : Topics.fixed()) {
        if (!t.baseName().startsWith("suppression.")) {
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> rec : pipeline.reader().raw(t.name(pipeline.prefix))) {
          scanned++;
          for (String f : forbidden) {
            assertThat(contains(rec.key(), f) || contains(rec.value(), f)).as("%s holds %s", t.baseName(), f).isFalse();
          }
        }
      }
      assertThat(scanned).as("suppression records scanned").isPositive();
      System.out.printf("CORRECTIONS: %d notices for 2 leads and 3 requests; %d suppression records scanned%n",
          all.size(), scanned);
    } finally {
      router.close();
      service.close();
    }
  }

  private static String requestId(SuppressionApi.Answer a) {
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.json().get("requestId").asText();
  }

  private static KafkaProducer<String, byte[]> producer(Pipeline pipeline) {
    Map<String, Object> p = new HashMap<>(pipeline.clientConfig(Pipeline.SERVICE));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new org.apache.kafka.common.serialization.StringSerializer(), new ByteArraySerializer());
  }

  private static boolean contains(byte[] haystack, String needle) {
    if (haystack == null) {
      return false;
    }
    return new String(haystack, StandardCharsets.ISO_8859_1)
        .contains(new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
  }

  /** Sends the person's enquiry number {@code n} and waits for its decision. */
  private static RoutingDecision enquire(Pipeline pipeline, String tag, int n) throws Exception {
    Enquiry.Builder b = BadEnquiries.valid(tag, n);
    b.getContactBuilder().setEmail(EMAIL).setPhone(PHONE);
    return pipeline.decide(b.build());
  }

  private static List<CorrectionNotice> corrections(Pipeline pipeline) {
    return Stream.concat(
            pipeline.reader().values(Topics.corrections(A)).stream(),
            pipeline.reader().values(Topics.corrections(B)).stream())
        .toList();
  }

  private static List<CorrectionNotice> ofRequest(List<CorrectionNotice> notices, String requestId) {
    return notices.stream().filter(n -> n.getRequestId().equals(requestId)).toList();
  }

  /** Exactly one notice per lead, on its partner's topic. */
  private static void assertOnePerLead(List<CorrectionNotice> notices, Map<String, String> leads) {
    assertThat(notices).hasSize(leads.size());
    for (Map.Entry<String, String> lead : leads.entrySet()) {
      assertThat(notices).filteredOn(n -> n.getPartnerId().equals(lead.getKey()))
          .singleElement().satisfies(n -> assertThat(n.getLeadId()).isEqualTo(lead.getValue()));
    }
  }
}
