package io.leadpipeline.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipeline.avro.CallConsent;
import io.leadpipeline.avro.ConsentStatus;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DoNotRepeat;
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
 * The view of the service's own topics fails closed per key: a record it cannot decode is held as
 * unreadable under its key, so nothing older stands in for it. Other people's requests are
 * served; the person's own objections merge onto the most restrictive state; a change that would
 * lift a restriction waits (409). Readiness stays UP and names the record. A registry outage is
 * retried and keeps the service not ready until the registry is back; an unreadable record
 * without a key (which could be anyone's) keeps it not ready. Records are decoded as
 * {@link ViewFeeder} does, by {@link ViewLoader} with the catalogue's serdes, against a registry
 * over real HTTP.
 */
@Timeout(60)
class FailClosedViewTest {
  private static final String EMAIL = "ada@example.com";
  private static final String OTHER = "grace@example.com";
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
    t.log.firstOffset(1_000); // the service's writes follow the records loaded below
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

  private HttpResponse<String> doNotCall(String email) throws Exception {
    return t.post("/v1/do-not-call", TestService.WRITER, "{\"email\":\"" + email + "\"}");
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return Bodies.MAPPER.readTree(r.body());
  }

  private String metrics() throws Exception {
    return t.send("GET", "/metrics", null, null, Map.of()).body();
  }

  @Test
  void anUnreadableRecordHoldsOnlyItsKeyObjectionsLandOnTheMostRestrictiveStateAndLiftsWait() throws Exception {
    registry.forget(); // the in-memory registry restarted: the record's schema id means nothing now
    String ada = keys.ofEmail(EMAIL);
    // Ada had a readable record before the one that cannot be read: it must not stand in for it.
    t.view.apply(Topics.SUPPRESSION_PREFERENCES, ada, ContactPreferences.newBuilder()
        .setUpdatedAt(Instant.parse("2026-01-01T09:00:00Z")).setSource("api:crm").build(), 40);

    assertThat(loader.load(TOPIC, 3, 41, ada, earlierOptOut)).isEqualTo(ViewLoader.Result.UNREADABLE);

    HttpResponse<String> ready = t.send("GET", "/health/ready", null, null, Map.of());
    assertThat(ready.statusCode()).as("one damaged record does not make the service unready").isEqualTo(200);
    assertThat(json(ready).get("unreadableRecords").toString())
        .contains("suppression.preferences-3@41", "unknown_schema")
        .doesNotContain(ada);
    assertThat(metrics())
        .contains("suppression_view_unreadable 1.0")
        .contains("suppression_view_unreadable_keys 1.0")
        .contains("suppression_view_decode_failures_total{kind=\"unknown_schema\",topic=\"suppression.preferences\"} 1.0");

    assertThat(doNotCall(OTHER).statusCode()).as("someone else's objection").isEqualTo(200);

    HttpResponse<String> reConsent =
        t.post("/v1/re-consent", TestService.WRITER, "{\"email\":\"" + EMAIL + "\",\"channels\":[\"SMS\"]}");
    assertThat(reConsent.statusCode()).as("a lift needs to know what the record said").isEqualTo(409);
    assertThat(json(reConsent).get("error").asText()).contains("suppression.preferences-3@41", "cannot be read").doesNotContain(ada);
    assertThat(t.log.on("suppression.preferences")).extracting(InMemorySuppressionLog.Appended::key).doesNotContain(ada);

    HttpResponse<String> own = doNotCall(EMAIL);
    assertThat(own.statusCode()).as("Ada's own objection").isEqualTo(200);
    ContactPreferences merged = (ContactPreferences) t.log.last("suppression.preferences", ada).orElseThrow().value();
    assertThat(merged.getDoNotCallAt()).isNotNull();
    assertThat(merged.getEmailMarketingOptOutAt()).as("whatever the unreadable record said still holds").isNotNull();
    assertThat(merged.getPhoneMarketingOptOutAt()).isNotNull();
    assertThat(merged.getSmsOptOutAt()).isNotNull();

    // The written record supersedes the unreadable one: the key is readable again.
    assertThat(metrics()).contains("suppression_view_unreadable_keys 0.0");
    assertThat(t.post("/v1/re-consent", TestService.WRITER, "{\"email\":\"" + EMAIL + "\",\"channels\":[\"SMS\"]}").statusCode())
        .isEqualTo(200);
  }

  @Test
  void anOwnRecordWhoseSchemaIdNowMeansAnotherSchemaIsHeldAsUnreadableInReportsAndErasures() throws Exception {
    registry.forget();
    // After the restart the first schema registered takes the id Ada's record carries.
    anotherProcess(9_002).value(Topics.SUPPRESSION_TPS_LOADS).serializer()
        .serialize("suppression.tps-loads", tpsLoad());
    String ada = keys.ofEmail(EMAIL);

    assertThat(loader.load(TOPIC, 0, 7, ada, earlierOptOut)).isEqualTo(ViewLoader.Result.UNREADABLE);

    assertThat(t.view.complete()).isTrue();
    HttpResponse<String> report = t.send("GET", "/v1/subjects/access-report?email=" + EMAIL, TestService.ALL, null, Map.of());
    assertThat(report.statusCode()).isEqualTo(200);
    JsonNode held = json(report).get("held").get("preferencesByEmail");
    assertThat(held.get("unreadable").asText()).isEqualTo("suppression.preferences-0@7");
    assertThat(held.get("kind").asText()).isEqualTo("undecodable");

    HttpResponse<String> erasure = t.post("/v1/subjects/erasure", TestService.ALL, "{\"email\":\"" + EMAIL + "\"}");
    assertThat(erasure.statusCode()).isEqualTo(200);
    assertThat(json(erasure).get("kept").toString()).contains("unreadable (suppression.preferences-0@7)");
    assertThat(json(erasure).get("erased")).isEmpty();
    assertThat(t.log.on("suppression.preferences")).as("an erasure never tombstones what may be an objection").isEmpty();
  }

  @Test
  void unreadableDoNotRepeatAndCallConsentRecordsTakeObjectionsAndRefuseLifts() throws Exception {
    registry.forget();
    String ada = keys.ofEmail(EMAIL);
    String phone = keys.ofPhone("+442079460018");
    byte[] junk = {0, 0, 0, 0, 42, 1, 2}; // schema id 42: unknown
    assertThat(loader.load("suppression.do-not-repeat", 0, 5, ada, junk)).isEqualTo(ViewLoader.Result.UNREADABLE);
    assertThat(loader.load("suppression.call-consents", 0, 6, phone, junk)).isEqualTo(ViewLoader.Result.UNREADABLE);

    HttpResponse<String> lift = t.send("DELETE", "/v1/do-not-repeat", TestService.WRITER,
        "{\"email\":\"" + EMAIL + "\",\"allPartners\":true}", Map.of());
    assertThat(lift.statusCode()).isEqualTo(409);
    assertThat(t.post("/v1/do-not-repeat", TestService.WRITER, "{\"email\":\"" + EMAIL + "\",\"partnerIds\":[\"acme\"]}").statusCode())
        .isEqualTo(200);
    DoNotRepeat dnr = (DoNotRepeat) t.log.last("suppression.do-not-repeat", ada).orElseThrow().value();
    assertThat(dnr.getAllPartners()).as("the unreadable list may have named every partner").isTrue();
    assertThat(dnr.getPartnerIds()).containsExactly("acme");

    assertThat(t.send("DELETE", "/v1/call-consents", TestService.WRITER, "{\"phone\":\"+442079460018\"}", Map.of()).statusCode())
        .isEqualTo(200);
    CallConsent revoked = (CallConsent) t.log.last("suppression.call-consents", phone).orElseThrow().value();
    assertThat(revoked.getStatus()).isEqualTo(ConsentStatus.REVOKED);
    assertThat(t.view.unreadableKeys()).isZero();
  }

  @Test
  void anUnreadableRecordWithoutAKeyCouldBeAnyonesSoTheServiceIsNotReady() throws Exception {
    registry.forget();

    assertThat(loader.load(TOPIC, 1, 3, null, earlierOptOut)).isEqualTo(ViewLoader.Result.UNREADABLE);

    HttpResponse<String> ready = t.send("GET", "/health/ready", null, null, Map.of());
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(json(ready).get("reason").asText()).contains("suppression.preferences-1@3", "without a key");
    assertThat(doNotCall(OTHER).statusCode()).isEqualTo(503);
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
    assertThat(doNotCall(EMAIL).statusCode()).isEqualTo(503);
    assertThat(metrics())
        .contains("suppression_view_unreadable 0.0")
        .contains("suppression_view_decode_failures_total{kind=\"registry_unavailable\",topic=\"suppression.preferences\"} 2.0");

    registry.start();
    assertThat(loader.load(TOPIC, 3, 41, keys.ofEmail(EMAIL), earlierOptOut)).isEqualTo(ViewLoader.Result.READ);

    assertThat(t.send("GET", "/health/ready", null, null, Map.of()).statusCode()).isEqualTo(200);
    assertThat(doNotCall(EMAIL).statusCode()).isEqualTo(200);
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
