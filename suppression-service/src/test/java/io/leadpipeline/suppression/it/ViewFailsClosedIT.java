package io.leadpipeline.suppression.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.config.Settings;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.suppression.SuppressionService;
import io.leadpipeline.suppression.access.ApiKeys;
import io.leadpipeline.suppression.access.Scope;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view feeder on the real broker and registry: a registry outage is retried from the same
 * record (the service is not ready meanwhile), and once the registry answers the service is ready
 * and merges onto the person's earlier choice. A record that cannot be decoded holds only its key:
 * {@link UnreadableRecordsIT}.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(120)
class ViewFailsClosedIT {
  private static final String SUBJECT_SECRET = "it-subject-key-secret-0123456789";
  private static final String KEY = "it.it-api-secret";
  private static final String EMAIL = "grace.hopper@example.org";
  private final SubjectKeys keys = new SubjectKeys(SUBJECT_SECRET);
  private final HttpClient http = HttpClient.newHttpClient();

  private static Settings settings(LocalStack stack, String prefix, String registryUrl, Path state) {
    Map<String, String> s = new HashMap<>();
    s.put("bootstrap.servers", stack.bootstrapServers());
    s.put("schema.registry.url", registryUrl);
    s.put("topic.prefix", prefix);
    s.put("subject.key.secret", SUBJECT_SECRET);
    s.put("unsubscribe.token.secret", "it-token-secret-0123456789");
    s.put("http.port", "0");
    s.put("http.host", "127.0.0.1");
    s.put("api.keys", ApiKeys.configLine("it", "it-api-secret", EnumSet.allOf(Scope.class)));
    s.put("tps.state.dir", state.toString());
    s.put("startup.timeout", "2s");
    return Settings.of(s);
  }

  private static void createTopics(LocalStack stack, String prefix) {
    List<org.apache.kafka.clients.admin.NewTopic> topics = new ArrayList<>();
    Topics.fixed().forEach(t -> topics.add(t.newTopic(prefix, (short) 1)));
    stack.createTopics(topics);
  }

  private static ContactPreferences emailOptOut() {
    Instant at = Instant.parse("2026-01-05T09:00:00Z");
    return ContactPreferences.newBuilder().setEmailMarketingOptOutAt(at).setUpdatedAt(at).setSource("api:it").build();
  }

  private static RecordMetadata produce(LocalStack stack, String topic, String key, byte[] value) throws Exception {
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
      return p.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  private HttpResponse<String> call(SuppressionService service, String method, String path, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
        .header("Authorization", "Bearer " + KEY)
        .timeout(Duration.ofSeconds(60));
    b = json == null
        ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRegistryOutageIsRetriedAndTheServiceIsReadyAndMergesOnceItIsBack(LocalStack stack, @TempDir Path state)
      throws Exception {
    String prefix = "view-it-outage.";
    createTopics(stack, prefix);
    String topic = Topics.SUPPRESSION_PREFERENCES.name(prefix);
    TopicSerdes serdes = TopicSerdes.forRegistry(stack.schemaRegistryUrl());
    produce(stack, topic, keys.ofEmail(EMAIL),
        serdes.value(Topics.SUPPRESSION_PREFERENCES).serializer().serialize(topic, emailOptOut()));

    try (RegistryLink link = new RegistryLink(stack.schemaRegistryUrl());
        SuppressionService service = SuppressionService.start(settings(stack, prefix, link.url(), state))) {
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        HttpResponse<String> ready = call(service, "GET", "/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("schema registry is unavailable", topic, "retrying");
      });
      assertThat(call(service, "POST", "/v1/do-not-call", "{\"email\":\"" + EMAIL + "\"}").statusCode()).isEqualTo(503);

      link.up();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(
          () -> assertThat(call(service, "GET", "/health/ready", null).statusCode()).isEqualTo(200));
      HttpResponse<String> write = call(service, "POST", "/v1/do-not-call", "{\"email\":\"" + EMAIL + "\"}");
      assertThat(write.statusCode()).as(write.body()).isEqualTo(200);
      assertThat(service.metrics().scrape())
          .contains("suppression_view_unreadable 0.0")
          .containsPattern("suppression_view_decode_failures_total\\{kind=\"registry_unavailable\",topic=\"suppression.preferences\"} [1-9]");
    }
    List<ConsumerRecord<String, byte[]>> records = new TopicReader(stack.bootstrapServers()).readAll(topic);
    assertThat(records).hasSize(2);
    ContactPreferences merged = serdes.value(Topics.SUPPRESSION_PREFERENCES).deserializer()
        .deserialize(topic, records.get(1).value());
    assertThat(merged.getDoNotCallAt()).isNotNull();
    assertThat(merged.getEmailMarketingOptOutAt()).as("the opt-out read after the outage survives the merge")
        .isEqualTo(Instant.parse("2026-01-05T09:00:00Z"));
  }
}
