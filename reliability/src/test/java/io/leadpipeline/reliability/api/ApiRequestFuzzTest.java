package io.leadpipeline.reliability.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.leadpipeline.reliability.generators.Text;
import io.leadpipeline.reliability.harness.SuppressionApi;
import io.leadpipeline.suppression.SuppressionService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Fuzzing the suppression API's request parsing through its real HTTP server: any body, any JSON
 * shape, any field value gets a 2xx (it was a valid request) or a 4xx with a JSON reason, never a
 * 5xx, and never an echo of the identifier it was given. The malformed-request corpus is checked
 * case by case, and after all of it the service still answers a valid write.
 */
class ApiRequestFuzzTest {
  private static final List<String> WRITES =
      List.of("/v1/do-not-call", "/v1/opt-outs", "/v1/call-consents", "/v1/do-not-repeat", "/v1/re-consent");
  private static SuppressionService service;
  private static SuppressionApi api;

  @BeforeAll
  static void start() throws Exception {
    service = InMemoryService.start(Files.createTempDirectory("api-fuzz-tps"));
    api = new SuppressionApi("http://127.0.0.1:" + service.httpPort(), InMemoryService.KEY);
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void everyMalformedRequestIsRefusedWithAReasonAndTheServiceGoesOn() {
    for (MalformedRequests.Request r : MalformedRequests.all()) {
      SuppressionApi.Answer a = api.send(r.path(), r.contentType(), r.body(), r.method());
      assertThat(a.status()).as(r.name() + ": " + a.body()).isBetween(400, 499);
      assertThat(a.json().path("error").asText(a.json().path("message").asText())).as(r.name() + " reason").isNotBlank();
    }
    assertThat(api.doNotCall("ada@example.com", "020 7946 0001").status()).isEqualTo(200);
    assertThat(api.get("/health/ready").status()).isEqualTo(200);
  }

  @Test
  void anyBodyGetsAnAnswerThatIsNotAServerError() {
    qt().withExamples(400).forAll(paths(), bodies()).checkAssert((path, body) -> {
      SuppressionApi.Answer a = api.send(path, "application/json", body.getBytes(StandardCharsets.UTF_8), "POST");
      assertThat(a.status()).as(body).isLessThan(500);
      if (a.status() >= 400) {
        assertThat(a.body()).as("a JSON reason").startsWith("{");
      }
    });
  }

  @Test
  void refusalsNeverRepeatTheIdentifierTheyWereGiven() {
    qt().withExamples(400).forAll(paths(), identifiers()).checkAssert((path, value) -> {
      String body = "{\"email\":" + quote(value) + ",\"phone\":" + quote(value) + "}";
      SuppressionApi.Answer a = api.send(path, "application/json", body.getBytes(StandardCharsets.UTF_8), "POST");
      assertThat(a.status()).as(body).isLessThan(500);
      if (a.status() >= 400 && value.strip().length() >= 6) {
        assertThat(a.body()).doesNotContain(value.strip());
      }
    });
  }

  static Gen<String> paths() {
    return Generate.pick(WRITES);
  }

  static Gen<String> bodies() {
    Gen<String> field = Generate.pick(List.of("email", "phone", "channels", "partnerIds", "allPartners", "expiresAt",
        "calls", "callConsentExpiresAt", "x", ""));
    Gen<String> value = Generate.oneOf(
        Text.any(0, 30).map(ApiRequestFuzzTest::quote),
        integers().all().map(n -> String.valueOf(n)),
        Generate.pick(List.of("null", "true", "false", "[]", "{}", "[\"EMAIL_MARKETING\"]", "[null]", "1e999", "-0")));
    Gen<String> object = field.zip(value, field, value,
        (f1, v1, f2, v2) -> "{" + quote(f1) + ":" + v1 + "," + quote(f2) + ":" + v2 + "}");
    return Generate.oneOf(object, Text.any(0, 60), Text.from("{}[]\":,\\0e.-", 0, 40));
  }

  static Gen<String> identifiers() {
    return Generate.oneOf(
        Text.any(6, 40),
        Text.from("0123456789 +-()", 6, 20),
        Text.alpha(3, 10).map(s -> s + "@@" + s));
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
