package io.leadpipeline.reliability.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.reliability.harness.SuppressionApi;
import io.leadpipeline.suppression.SuppressionService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

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

  @BeforeContainer
  static void start() throws Exception {
    service = InMemoryService.start(Files.createTempDirectory("api-fuzz-tps"));
    api = new SuppressionApi("http://127.0.0.1:" + service.httpPort(), InMemoryService.KEY);
  }

  @AfterContainer
  static void stop() {
    service.close();
  }

  @Example
  void everyMalformedRequestIsRefusedWithAReasonAndTheServiceGoesOn() {
    for (MalformedRequests.Request r : MalformedRequests.all()) {
      SuppressionApi.Answer a = api.send(r.path(), r.contentType(), r.body(), r.method());
      assertThat(a.status()).as(r.name() + ": " + a.body()).isBetween(400, 499);
      assertThat(a.json().path("error").asText(a.json().path("message").asText())).as(r.name() + " reason").isNotBlank();
    }
    assertThat(api.doNotCall("ada@example.com", "020 7946 0001").status()).isEqualTo(200);
    assertThat(api.get("/health/ready").status()).isEqualTo(200);
  }

  @Property(tries = 400)
  void anyBodyGetsAnAnswerThatIsNotAServerError(@ForAll("paths") String path, @ForAll("bodies") String body) {
    SuppressionApi.Answer a = api.send(path, "application/json", body.getBytes(StandardCharsets.UTF_8), "POST");
    assertThat(a.status()).as(body).isLessThan(500);
    if (a.status() >= 400) {
      assertThat(a.body()).as("a JSON reason").startsWith("{");
    }
  }

  @Property(tries = 400)
  void refusalsNeverRepeatTheIdentifierTheyWereGiven(@ForAll("paths") String path, @ForAll("identifiers") String value) {
    String body = "{\"email\":" + quote(value) + ",\"phone\":" + quote(value) + "}";
    SuppressionApi.Answer a = api.send(path, "application/json", body.getBytes(StandardCharsets.UTF_8), "POST");
    assertThat(a.status()).as(body).isLessThan(500);
    if (a.status() >= 400 && value.strip().length() >= 6) {
      assertThat(a.body()).doesNotContain(value.strip());
    }
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.of(WRITES);
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> field = Arbitraries.of("email", "phone", "channels", "partnerIds", "allPartners", "expiresAt",
        "calls", "callConsentExpiresAt", "x", "");
    Arbitrary<String> value = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(30).map(ApiRequestFuzzTest::quote),
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.of("null", "true", "false", "[]", "{}", "[\"EMAIL_MARKETING\"]", "[null]", "1e999", "-0"));
    Arbitrary<String> object = Combinators.combine(field, value, field, value)
        .as((f1, v1, f2, v2) -> "{" + quote(f1) + ":" + v1 + "," + quote(f2) + ":" + v2 + "}");
    return Arbitraries.oneOf(object, Arbitraries.strings().ofMaxLength(60), Arbitraries.strings().withChars("{}[]\":,\\0e.-").ofMaxLength(40));
  }

  @Provide
  Arbitrary<String> identifiers() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMinLength(6).ofMaxLength(40),
        Arbitraries.strings().withChars("0123456789 +-()").ofMinLength(6).ofMaxLength(20),
        Arbitraries.strings().alpha().ofMinLength(3).ofMaxLength(10).map(s -> s + "@@" + s));
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
