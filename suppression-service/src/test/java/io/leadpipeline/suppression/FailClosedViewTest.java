package io.leadpipeline.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.TpsLoad;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.serde.testing.InMemoryRegistry;
import io.leadpipeline.suppression.api.Bodies;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.Topics;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view of the service's own topics fails closed: a record it cannot decode leaves the service
 * not ready and refuses merges (an opt-out it did not read would be dropped by the next write for
 * that person); a registry outage is retried and the service is ready once the registry is back.
 * Records are decoded as {@link ViewFeeder} does, by {@link ViewLoader} with the catalogue's
 * serdes, against a registry over real HTTP.
 */
@Timeout(60)
class FailClosedViewTest {
  private static final String EMAIL = "ada@example.com";
  private static final String TOPIC = Topics.SUPPRESSION_PREFERENCES.name("");
  private final SubjectKeys keys = new SubjectKeys(TestService.SUBJECT_SECRET);
  private final InMemoryRegistry registry = new InMemoryRegistry();
  @TempDir Path state;
  private TestService t;
  private ViewLoader loader;
  /** Ada's earlier email opt-out, as the service wrote it to suppression.preferences. */
  private byte[] earlierOptOut;

  @BeforeEach
  void start() {
    t = new TestService(state, 1000, Clock.systemUTC());
    TopicSerdes serdes = TopicSerdes.forRegistry(registry.url());
    loader = new ViewLoader(t.view, serdes, "");
    ContactPreferences optOut =
        ContactPreferences.newBuilder()
            .setEmailMarketingOptOutAt(Instant.parse("2026-01-05T09:00:00Z"))
            .setUpdatedAt(Instant.parse("2026-01-05T09:00:00Z"))
            .setSource("api:crm")
            .build();
    earlierOptOut = anotherProcess(9_001).value(Topics.SUPPRESSION_PREFERENCES).serializer().serialize(TOPIC, optOut);
  }

  /**
   * Serdes with their own registry client, as in another process: clients are shared within a JVM
   * per configuration, so a distinct timeout keeps this one's cache apart from the loader's.
   */
  private TopicSerdes anotherProcess(int requestTimeoutMs) {
    return new TopicSerdes(Map.of("schema.registry.url", registry.url(), "schema.registry.request.timeout.ms", requestTimeoutMs));
  }

  @AfterEach
  void stop() {
    t.close();
    registry.close();
  }

  private HttpResponse<String> doNotCall() throws Exception {
    return t.post("/v1/do-not-call", TestService.WRITER, "{\"email\":\"" + EMAIL + "\"}");
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return Bodies.MAPPER.readTree(r.body());
  }

  private String metrics() throws Exception {
    return t.send("GET", "/metrics", null, null, Map.of()).body();
  }

  @Test
  void anOwnRecordWithASchemaIdTheRegistryForgotMakesTheServiceNotReadyAndRefusesMerges() throws Exception {
    registry.forget(); // the in-memory registry restarted: the record's schema id means nothing now

    assertThat(loader.load(TOPIC, 3, 41, keys.ofEmail(EMAIL), earlierOptOut)).isEqualTo(ViewLoader.Result.UNREADABLE);

    HttpResponse<String> ready = t.send("GET", "/health/ready", null, null, Map.of());
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(json(ready).get("reason").asText())
        .contains("suppression.preferences-3@41", "unknown_schema")
        .doesNotContain(keys.ofEmail(EMAIL));
    HttpResponse<String> write = doNotCall();
    assertThat(write.statusCode()).isEqualTo(503);
    assertThat(json(write).get("error").asText())
        .startsWith("suppression data is incomplete, so nothing is merged onto it")
        .contains("suppression.preferences-3@41");
    assertThat(t.log.appended()).as("no merge onto a view without Ada's opt-out").isEmpty();
    assertThat(metrics())
        .contains("suppression_view_unreadable 1.0")
        .contains("suppression_view_decode_failures_total{kind=\"unknown_schema\",topic=\"suppression.preferences\"} 1.0");
  }

  @Test
  void anOwnRecordWhoseSchemaIdNowMeansAnotherSchemaIsUnreadableToo() throws Exception {
    registry.forget();
    // After the restart the first schema registered takes the id Ada's record carries.
    anotherProcess(9_002).value(Topics.SUPPRESSION_TPS_LOADS).serializer()
        .serialize("suppression.tps-loads", tpsLoad());

    assertThat(loader.load(TOPIC, 0, 7, keys.ofEmail(EMAIL), earlierOptOut)).isEqualTo(ViewLoader.Result.UNREADABLE);

    assertThat(t.view.incompleteBecause()).hasValueSatisfying(r -> assertThat(r).contains("suppression.preferences-0@7", "undecodable"));
    assertThat(doNotCall().statusCode()).isEqualTo(503);
    assertThat(t.send("GET", "/v1/subjects/access-report?email=" + EMAIL, TestService.ALL, null, Map.of()).statusCode())
        .as("an access report from a view with a hole would omit choices").isEqualTo(503);
    assertThat(t.log.appended()).isEmpty();
  }

  @Test
  void aRegistryOutageIsRetriedAndTheServiceIsReadyOnceTheRegistryIsBack() throws Exception {
    registry.stop();

    assertThat(loader.load(TOPIC, 3, 41, keys.ofEmail(EMAIL), earlierOptOut)).isEqualTo(ViewLoader.Result.RETRY);
    assertThat(loader.load(TOPIC, 3, 41, keys.ofEmail(EMAIL), earlierOptOut)).isEqualTo(ViewLoader.Result.RETRY);
    HttpResponse<String> ready = t.send("GET", "/health/ready", null, null, Map.of());
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(json(ready).get("reason").asText()).contains("schema registry is unavailable", "suppression.preferences-3@41", "retrying");
    assertThat(doNotCall().statusCode()).isEqualTo(503);
    assertThat(metrics())
        .contains("suppression_view_unreadable 0.0")
        .contains("suppression_view_decode_failures_total{kind=\"registry_unavailable\",topic=\"suppression.preferences\"} 2.0");

    registry.start();
    assertThat(loader.load(TOPIC, 3, 41, keys.ofEmail(EMAIL), earlierOptOut)).isEqualTo(ViewLoader.Result.READ);

    assertThat(t.send("GET", "/health/ready", null, null, Map.of()).statusCode()).isEqualTo(200);
    assertThat(doNotCall().statusCode()).isEqualTo(200);
    ContactPreferences merged = (ContactPreferences) t.log.on("suppression.preferences").get(0).value();
    assertThat(merged.getDoNotCallAt()).isNotNull();
    assertThat(merged.getEmailMarketingOptOutAt()).as("the earlier opt-out survives the merge")
        .isEqualTo(Instant.parse("2026-01-05T09:00:00Z"));
  }

  @Test
  void aRecordReadOnAnotherPartitionDoesNotEndTheWaitForTheRegistry() {
    registry.stop();
    assertThat(loader.load(TOPIC, 3, 41, keys.ofEmail(EMAIL), earlierOptOut)).isEqualTo(ViewLoader.Result.RETRY);
    assertThat(loader.load(TOPIC, 1, 99, "b".repeat(64), null)).isEqualTo(ViewLoader.Result.READ); // a tombstone
    assertThat(t.view.complete()).isFalse();
  }

  @Test
  void exceptionTypesNotMessagesDescribeAFailure() {
    RuntimeException e = new org.apache.kafka.common.errors.SerializationException(
        "value ada@example.com", new org.apache.avro.AvroTypeException("Found x, expecting y"));
    assertThat(ViewLoader.typeOf(e)).isEqualTo("SerializationException caused by AvroTypeException");
    assertThat(ViewLoader.typeOf(new io.leadpipeline.serde.SchemaRegistryException.UnknownSchema("id 4")))
        .isEqualTo("SchemaRegistryException.UnknownSchema");
  }

  private static TpsLoad tpsLoad() {
    return TpsLoad.newBuilder()
        .setRegister(io.leadpipeline.avro.Register.TPS)
        .setKind(io.leadpipeline.avro.TpsFileKind.FULL)
        .setFile("tps.txt")
        .setLoadedAt(Instant.parse("2026-01-05T09:00:00Z"))
        .setNumbers(1)
        .setAdded(1)
        .setRemoved(0)
        .setRejectedLines(0)
        .build();
  }
}
