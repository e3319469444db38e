package io.leadpipeline.suppression.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipeline.avro.CallConsent;
import io.leadpipeline.avro.ConsentStatus;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.suppression.InMemorySuppressionLog;
import io.leadpipeline.suppression.TestService;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ApiServerTest {
  private static final String EMAIL = "Jane.Doe@Example.COM";
  private static final String PHONE = "020 7946 0018";
  private final SubjectKeys keys = new SubjectKeys(TestService.SUBJECT_SECRET);
  @TempDir Path state;
  private TestService t;

  @BeforeEach
  void start() {
    t = new TestService(state, 1000, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return Bodies.MAPPER.readTree(r.body());
  }

  @Test
  void anOptOutIsWrittenUnderTheKeysWithTheAcknowledgedTimeAndNoRawData() throws Exception {
    HttpResponse<String> r =
        t.post("/v1/opt-outs", TestService.WRITER, "{\"email\":\"" + EMAIL + "\",\"phone\":\"" + PHONE + "\",\"channels\":[\"EMAIL_MARKETING\",\"SMS\"]}");
    assertThat(r.statusCode()).isEqualTo(200);
    Instant t1 = Instant.parse(json(r).get("acknowledgedAt").asText());
    List<InMemorySuppressionLog.Appended> prefs = t.log.on("suppression.preferences");
    assertThat(prefs).extracting(InMemorySuppressionLog.Appended::key)
        .containsExactly(keys.ofEmail(EMAIL), keys.ofPhone(PHONE));
    ContactPreferences p = (ContactPreferences) prefs.get(0).value();
    assertThat(p.getEmailMarketingOptOutAt()).isNotNull();
    assertThat(p.getSmsOptOutAt()).isNotNull();
    assertThat(p.getPhoneMarketingOptOutAt()).isNull();
    assertThat(t1).isEqualTo(prefs.stream().map(InMemorySuppressionLog.Appended::timestamp).max(Instant::compareTo).orElseThrow());
    assertThat(t.log.appended().toString()).doesNotContainIgnoringCase("jane")
        // Whole-number forms: four digits alone also turn up in timestamps by chance.
        .doesNotContain("79460018").doesNotContain("7946 0018");
    assertThat(t.log.on("suppression.audit")).hasSize(2)
        .allSatisfy(a -> assertThat(a.value().toString()).contains("\"actor\": \"writer\"").doesNotContain("writer-secret"));
  }

  @Test
  void differentlyWrittenEmailsAndPhonesOfOnePersonLandOnTheSameKeys() throws Exception {
    t.post("/v1/do-not-call", TestService.WRITER, "{\"email\":\"  JANE.doe@example.com \",\"phone\":\"+44 (0)20 7946 0018\"}");
    t.post("/v1/do-not-call", TestService.WRITER, "{\"email\":\"jane.doe@EXAMPLE.com\",\"phone\":\"02079460018\"}");
    assertThat(t.log.on("suppression.preferences")).extracting(InMemorySuppressionLog.Appended::key)
        .containsExactly(keys.ofEmail(EMAIL), keys.ofPhone(PHONE), keys.ofEmail(EMAIL), keys.ofPhone(PHONE));
  }

  @Test
  void preferencesMergeSoALaterDoNotCallKeepsTheEarlierOptOut() throws Exception {
    t.post("/v1/opt-outs", TestService.WRITER, "{\"email\":\"" + EMAIL + "\",\"channels\":[\"ALL_MARKETING\"]}");
    t.post("/v1/do-not-call", TestService.WRITER, "{\"email\":\"" + EMAIL + "\"}");
    List<InMemorySuppressionLog.Appended> prefs = t.log.on("suppression.preferences");
    ContactPreferences last = (ContactPreferences) prefs.get(prefs.size() - 1).value();
    assertThat(last.getDoNotCallAt()).isNotNull();
    assertThat(last.getEmailMarketingOptOutAt()).isNotNull();
  }

  @Test
  void callConsentsDoNotRepeatAndReConsentWriteTheirTopics() throws Exception {
    assertThat(t.post("/v1/call-consents", TestService.WRITER, "{\"phone\":\"" + PHONE + "\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}").statusCode()).isEqualTo(200);
    assertThat(t.send("DELETE", "/v1/call-consents", TestService.WRITER, "{\"phone\":\"" + PHONE + "\"}", Map.of()).statusCode()).isEqualTo(200);
    List<InMemorySuppressionLog.Appended> consents = t.log.on("suppression.call-consents");
    assertThat(consents).extracting(a -> ((CallConsent) a.value()).getStatus()).containsExactly(ConsentStatus.GRANTED, ConsentStatus.REVOKED);
    assertThat(consents.get(0).key()).isEqualTo(keys.ofPhone(PHONE));

    assertThat(t.post("/v1/do-not-repeat", TestService.WRITER, "{\"email\":\"" + EMAIL + "\",\"partnerIds\":[\"acme-offices\"]}").statusCode()).isEqualTo(200);
    assertThat(t.post("/v1/do-not-repeat", TestService.WRITER, "{\"email\":\"" + EMAIL + "\",\"allPartners\":true}").statusCode()).isEqualTo(200);
    DoNotRepeat dnr = (DoNotRepeat) t.log.on("suppression.do-not-repeat").get(1).value();
    assertThat(dnr.getAllPartners()).isTrue();
    assertThat(dnr.getPartnerIds()).containsExactly("acme-offices");

    t.post("/v1/do-not-call", TestService.WRITER, "{\"phone\":\"" + PHONE + "\"}");
    HttpResponse<String> re = t.post("/v1/re-consent", TestService.WRITER, "{\"phone\":\"" + PHONE + "\",\"calls\":true}");
    assertThat(re.statusCode()).isEqualTo(200);
    List<InMemorySuppressionLog.Appended> prefs = t.log.on("suppression.preferences");
    assertThat(prefs.get(prefs.size() - 1).value()).isNull(); // nothing left: tombstone
    assertThat(((CallConsent) t.log.on("suppression.call-consents").get(2).value()).getStatus()).isEqualTo(ConsentStatus.GRANTED);
  }

  @Test
  void withoutAKeyOrWithAWrongKeyItIs401AndWithoutTheScope403() throws Exception {
    String body = "{\"email\":\"" + EMAIL + "\",\"channels\":[\"SMS\"]}";
    HttpResponse<String> none = t.post("/v1/opt-outs", null, body);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(json(none).get("error").asText()).contains("Authorization");
    assertThat(t.post("/v1/opt-outs", "writer.wrong", body).statusCode()).isEqualTo(401);
    assertThat(t.post("/v1/opt-outs", "nobody.writer-secret", body).statusCode()).isEqualTo(401);
    HttpResponse<String> scope = t.post("/v1/opt-outs", TestService.READER, body);
    assertThat(scope.statusCode()).isEqualTo(403);
    assertThat(json(scope).get("error").asText()).contains("suppression:write");
    assertThat(t.send("GET", "/v1/subjects/access-report?email=a@b.co", TestService.WRITER, null, Map.of()).statusCode()).isEqualTo(403);
    assertThat(t.log.appended()).isEmpty();
  }

  @Test
  void everyInvalidRequestGetsA4xxWithAJsonMessageThatDoesNotEchoTheValue() throws Exception {
    Map<String, Integer> cases = new java.util.LinkedHashMap<>();
    cases.put("{\"email\":\"jane@", 400);
    cases.put("not json at all", 400);
    cases.put("[]", 400);
    cases.put("null", 400);
    cases.put("{\"email\":\"" + EMAIL + "\",\"channels\":[\"CARRIER_PIGEON\"]}", 400);
    cases.put("{\"email\":\"" + EMAIL + "\",\"channels\":[]}", 400);
    cases.put("{\"email\":\"" + EMAIL + "\",\"channels\":\"SMS\"}", 400);
    cases.put("{\"email\":\"jane.doe-at-example\",\"channels\":[\"SMS\"]}", 400);
    cases.put("{\"email\":\"jane\\u0000doe@example.com\",\"channels\":[\"SMS\"]}", 400);
    cases.put("{\"email\":\"jané\\u202e@exa mple.com\",\"channels\":[\"SMS\"]}", 400);
    cases.put("{\"phone\":\"07700 900 12x\",\"channels\":[\"SMS\"]}", 400);
    cases.put("{\"channels\":[\"SMS\"]}", 400);
    cases.put("{\"email\":\"" + EMAIL + "\",\"channels\":[\"SMS\"],\"extra\":1}", 400);
    cases.put("{\"email\":\"" + EMAIL + "\",\"channels\":[\"SMS\"]} trailing", 400);
    for (Map.Entry<String, Integer> c : cases.entrySet()) {
      HttpResponse<String> r = t.post("/v1/opt-outs", TestService.WRITER, c.getKey());
      assertThat(r.statusCode()).as(c.getKey()).isEqualTo(c.getValue());
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
      assertThat(json(r).get("error").asText()).as(c.getKey()).isNotBlank().doesNotContainIgnoringCase("jane").doesNotContain("900");
    }
    HttpResponse<String> form = t.send("POST", "/v1/opt-outs", TestService.WRITER, "email=x", Map.of("Content-Type", "text/plain"));
    assertThat(form.statusCode()).isEqualTo(415);
    assertThat(t.post("/v1/do-not-repeat", TestService.WRITER, "{\"email\":\"" + EMAIL + "\",\"partnerIds\":[\"../etc\"]}").statusCode()).isEqualTo(400);
    assertThat(t.post("/v1/call-consents", TestService.WRITER, "{\"phone\":\"" + PHONE + "\",\"expiresAt\":\"tomorrow\"}").statusCode()).isEqualTo(400);
    assertThat(t.post("/v1/call-consents", TestService.WRITER, "{\"phone\":\"" + PHONE + "\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}").statusCode()).isEqualTo(400);
    assertThat(t.log.appended()).isEmpty();
  }

  @Test
  void aHugeBodyIsRefusedWith413() throws Exception {
    String huge = "{\"email\":\"" + "a".repeat(200_000) + "@example.com\",\"channels\":[\"SMS\"]}";
    HttpResponse<String> r = t.post("/v1/opt-outs", TestService.WRITER, huge);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(t.log.appended()).isEmpty();
  }

  @Test
  void aRetriedPostWithTheSameIdempotencyKeyDoesNotWriteTwice() throws Exception {
    String body = "{\"email\":\"" + EMAIL + "\",\"channels\":[\"SMS\"]}";
    Map<String, String> h = Map.of("Idempotency-Key", "req-123");
    HttpResponse<String> first = t.send("POST", "/v1/opt-outs", TestService.WRITER, body, h);
    HttpResponse<String> again = t.send("POST", "/v1/opt-outs", TestService.WRITER, body, h);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(t.log.on("suppression.preferences")).hasSize(1);
    HttpResponse<String> other = t.send("POST", "/v1/opt-outs", TestService.WRITER, body.replace("SMS", "EMAIL_MARKETING"), h);
    assertThat(other.statusCode()).isEqualTo(422);
    HttpResponse<String> sameKeyOtherClient = t.send("POST", "/v1/opt-outs", TestService.ALL, body, h);
    assertThat(sameKeyOtherClient.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(t.send("POST", "/v1/opt-outs", TestService.WRITER, body, Map.of("Idempotency-Key", "bad key\u00e9")).statusCode()).isEqualTo(400);
  }

  @Test
  void whenKafkaDoesNotAcknowledgeTheWriteIs503AndARetryWithTheSameKeyRunsAgain() throws Exception {
    String body = "{\"email\":\"" + EMAIL + "\",\"channels\":[\"SMS\"]}";
    Map<String, String> h = Map.of("Idempotency-Key", "retry-me");
    t.log.failing(true);
    HttpResponse<String> down = t.send("POST", "/v1/opt-outs", TestService.WRITER, body, h);
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.headers().firstValue("Retry-After")).isPresent();
    t.log.failing(false);
    HttpResponse<String> up = t.send("POST", "/v1/opt-outs", TestService.WRITER, body, h);
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.headers().firstValue("Idempotent-Replayed")).isEmpty();
  }

  @Test
  void unknownRoutesAnswerJson404() throws Exception {
    HttpResponse<String> r = t.send("GET", "/v1/nothing-here", TestService.WRITER, null, Map.of());
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("error").asText()).contains("openapi");
  }

  @Test
  void metricsUseRouteTemplatesAndTheDocumentedNames() throws Exception {
    t.post("/v1/opt-outs", TestService.WRITER, "{\"email\":\"" + EMAIL + "\",\"channels\":[\"SMS\"]}");
    t.post("/v1/opt-outs", null, "{}");
    t.send("GET", "/v1/nothing/" + "x".repeat(20), null, null, Map.of());
    String metrics = t.send("GET", "/metrics", null, null, Map.of()).body();
    assertThat(metrics)
        .contains("api_requests_total{route=\"/v1/opt-outs\",status=\"200\"} 1.0")
        .contains("api_requests_total{route=\"/v1/opt-outs\",status=\"401\"} 1.0")
        .contains("api_requests_total{route=\"unmatched\",status=\"404\"}")
        .contains("suppression_updates_total{type=\"opt_out\"} 1.0")
        .contains("suppression_tps_file_age_seconds{register=\"TPS\"} +Inf")
        .contains("jvm_memory_used_bytes")
        .doesNotContain("xxxxxxxxxx")
        .doesNotContainIgnoringCase("jane");
  }

  @Test
  void healthEndpointsAnswer() throws Exception {
    assertThat(t.send("GET", "/health/live", null, null, Map.of()).statusCode()).isEqualTo(200);
    assertThat(t.send("GET", "/health/ready", null, null, Map.of()).statusCode()).isEqualTo(200);
    t.log.failing(true);
    assertThat(t.send("GET", "/health/ready", null, null, Map.of()).statusCode()).isEqualTo(503);
  }

  @Test
  void theOpenApiDocumentDescribesExactlyTheRoutesTheServerHas() throws Exception {
    JsonNode doc = json(t.send("GET", "/openapi.json", null, null, Map.of()));
    Set<String> documented = new HashSet<>();
    Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> p = paths.next();
      p.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p.getKey()));
    }
    Set<String> served = new HashSet<>();
    t.service.routes().forEach(r -> served.add(r.method() + " " + r.path()));
    served.removeIf(s -> s.startsWith("BEFORE") || s.startsWith("AFTER"));
    assertThat(served).isEqualTo(documented);
  }
}
