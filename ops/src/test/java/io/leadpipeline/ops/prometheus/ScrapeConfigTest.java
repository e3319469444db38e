package io.leadpipeline.ops.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.ops.Repository;
import io.leadpipeline.ops.compose.ComposeFile;
import org.junit.jupiter.api.Test;

class ScrapeConfigTest {
  private final ComposeFile compose = ComposeFile.read(Repository.file("docker-compose.yml"));

  @Test
  void everyTargetIsAComposeServiceAtAPortItListensOn() {
    ScrapeConfig config = ScrapeConfig.read(Repository.file("ops/prometheus/prometheus.yml"));
    assertThat(config.problems(compose)).isEmpty();
    assertThat(config.targets()).extracting(ScrapeConfig.Target::host)
        .contains("lead-router-1", "lead-router-2", "suppression-service");
    assertThat(config.jobs()).contains("lead-router", "suppression-service");
  }

  @Test
  void unknownHostsWrongPortsAndWrongJobsAreReported() {
    ScrapeConfig config = ScrapeConfig.parse("""
        scrape_configs:
          - job_name: router
            static_configs:
              - targets: [lead-router-1:8091, lead-router-3:8091]
          - job_name: suppression-service
            metrics_path: /prometheus
            static_configs:
              - targets: ["suppression-service:9999"]
        """);
    assertThat(config.problems(compose)).containsExactly(
        "job router, target lead-router-1:8091: lead-router-1 runs lead-router, so its job must be lead-router",
        "job router, target lead-router-3:8091: lead-router-3 is not a compose service",
        "job suppression-service, target suppression-service:9999: suppression-service has no container port 9999 (has [8090])",
        "job suppression-service, target suppression-service:9999: our services serve /metrics, not /prometheus",
        "job suppression-service, target suppression-service:9999: suppression-service listens on 8090 (LEAD_PIPELINE_HTTP_PORT)");
  }

  @Test
  void grafanasDatasourceIsThePrometheusService() throws Exception {
    String datasource = java.nio.file.Files.readString(Repository.file("ops/grafana/provisioning/datasources/prometheus.yml"));
    assertThat(datasource).contains("url: http://prometheus:9090");
    assertThat(compose.service("prometheus").orElseThrow().ports()).extracting(ComposeFile.Port::container).contains("9090");
  }
}
