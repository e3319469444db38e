package io.leadpipeline.suppression.tps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipeline.suppression.TestService;
import io.leadpipeline.suppression.api.Bodies;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TpsRoutesTest {
  @TempDir Path state;

  @Test
  void anUploadedFileIsLoadedAndTheLoadRecordedAndAged() throws Exception {
    try (TestService t = new TestService(state, 1000, Clock.systemUTC())) {
      HttpResponse<String> r =
          t.send("POST", "/v1/tps/files?register=CTPS&kind=FULL&name=ctps-2026-11-27.txt", TestService.WRITER,
              "02079460001,2024-01-01\n02079460002\nnonsense\n", Map.of("Content-Type", "text/plain"));
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode body = Bodies.MAPPER.readTree(r.body());
      assertThat(body.get("added").asLong()).isEqualTo(2);
      assertThat(body.get("lines").get("invalid_number").asLong()).isEqualTo(1);
      assertThat(body.get("file").asText()).isEqualTo("ctps-2026-11-27.txt");
      assertThat(t.log.on("suppression.tps")).hasSize(2);
      assertThat(t.log.on("suppression.tps-loads")).extracting(a -> a.key()).containsExactly("CTPS");
      String metrics = t.send("GET", "/metrics", null, null, Map.of()).body();
      assertThat(metrics).containsPattern("suppression_tps_file_age_seconds\\{register=\"CTPS\"\\} \\d")
          .contains("suppression_tps_file_age_seconds{register=\"TPS\"} +Inf");
    }
  }

  @Test
  void badParametersNeedingScopeAndOversizeUploadsAreRefused() throws Exception {
    try (TestService t = new TestService(state, 1000, Clock.systemUTC())) {
      Map<String, String> text = Map.of("Content-Type", "text/plain");
      assertThat(t.send("POST", "/v1/tps/files?register=XTPS&kind=FULL", TestService.WRITER, "x", text).statusCode()).isEqualTo(400);
      assertThat(t.send("POST", "/v1/tps/files?register=TPS", TestService.WRITER, "x", text).statusCode()).isEqualTo(400);
      assertThat(t.send("POST", "/v1/tps/files?register=TPS&kind=FULL", TestService.READER, "x", text).statusCode()).isEqualTo(403);
      String big = "02079460001\n".repeat((1 << 20) / 12 + 10); // over the 1 MiB test limit
      assertThat(t.send("POST", "/v1/tps/files?register=TPS&kind=FULL", TestService.WRITER, big, text).statusCode()).isEqualTo(413);
      assertThat(t.log.appended()).isEmpty();
    }
  }
}
