package io.leadpipeline.suppression.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.suppression.TestService;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RateLimitHttpTest {
  @TempDir Path state;

  @Test
  void aKeyPastItsLimitGets429WithRetryAfterAndOtherKeysAreUnaffected() throws Exception {
    try (TestService t = new TestService(state, 3, Clock.systemUTC())) {
      String body = "{\"email\":\"a@example.com\",\"channels\":[\"SMS\"]}";
      for (int i = 0; i < 3; i++) {
        assertThat(t.post("/v1/opt-outs", TestService.WRITER, body).statusCode()).isEqualTo(200);
      }
      HttpResponse<String> limited = t.post("/v1/opt-outs", TestService.WRITER, body);
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 20));
      assertThat(t.post("/v1/opt-outs", TestService.ALL, body).statusCode()).isEqualTo(200);
      assertThat(t.send("GET", "/metrics", null, null, java.util.Map.of()).body()).contains("api_rate_limited_total 1.0");
    }
  }
}
