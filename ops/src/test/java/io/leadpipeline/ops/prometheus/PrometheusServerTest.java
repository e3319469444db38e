package io.leadpipeline.ops.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.ops.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The configuration the scrape test gives Prometheus is one Prometheus accepts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrometheusServerTest {

  @Test
  void theGeneratedScrapeConfigurationIsValidWithTheAlertRules(@TempDir Path tmp) throws Exception {
    Map<String, List<String>> jobs = new LinkedHashMap<>();
    jobs.put("lead-router", List.of("127.0.0.1:8091"));
    jobs.put("suppression-service", List.of("127.0.0.1:8090"));
    String config = PrometheusServer.scrapeConfig(
        Duration.ofSeconds(1), jobs, List.of(Repository.file("ops/prometheus/alerts.yml")));
    Files.writeString(tmp.resolve("prometheus.yml"), config);

    Promtool.Result result = Promtool.onPath().run(tmp, "check", "config", "prometheus.yml");

    assertThat(result.ok()).as(result.output()).isTrue();
    assertThat(result.output()).contains("1 rule files found");
    assertThat(config).contains("scrape_interval: 1s", "job_name: 'suppression-service'", "- '127.0.0.1:8091'");
  }

  @Test
  void subSecondIntervalsAreWrittenInMilliseconds() {
    assertThat(PrometheusServer.scrapeConfig(Duration.ofMillis(500), Map.of(), List.of()))
        .contains("scrape_interval: 500ms");
  }
}
