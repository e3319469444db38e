package io.leadpipeline.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.ops.Repository;
import io.leadpipeline.ops.grafana.Dashboard;
import io.leadpipeline.ops.prometheus.AlertRules;
import io.leadpipeline.ops.prometheus.ScrapeConfig;
import io.leadpipeline.ops.promql.PromQl;
import io.leadpipeline.ops.promql.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MetricCatalogueTest {
  private final MetricCatalogue catalogue = MetricCatalogue.read(Repository.file("ops/metrics.txt"));

  /** Every expression of the alerts and the dashboard, by where it is. */
  private static Map<String, String> expressions() {
    Map<String, String> exprs = new java.util.LinkedHashMap<>();
    AlertRules.read(Repository.file("ops/prometheus/alerts.yml")).alerts()
        .forEach(a -> exprs.put("alert " + a.name(), a.expr()));
    Dashboard.read(Repository.file("ops/grafana/dashboards/lead-pipeline.json")).queries()
        .forEach(q -> exprs.put(q.where(), q.expr()));
    return exprs;
  }

  @Test
  void alertsAndDashboardUseOnlyCataloguedMetricsAndLabels() {
    List<String> problems = new ArrayList<>();
    expressions().forEach((where, expr) -> problems.addAll(catalogue.problems(where, PromQl.selectors(expr))));
    assertThat(problems).isEmpty();
    assertThat(expressions()).hasSizeGreaterThan(20);
  }

  @Test
  void everyJobSelectedIsAScrapeJob() {
    Set<String> jobs = ScrapeConfig.read(Repository.file("ops/prometheus/prometheus.yml")).jobs();
    List<String> problems = new ArrayList<>();
    expressions().forEach((where, expr) -> {
      for (Selector s : PromQl.selectors(expr)) {
        s.matcher("job").ifPresent(m -> {
          Stream<String> named = m.op().equals("=~") ? Arrays.stream(m.value().split("\\|")) : Stream.of(m.value());
          named.filter(job -> !jobs.contains(job))
              .forEach(job -> problems.add(where + ": job " + job + " is not scraped (jobs: " + jobs + ")"));
        });
      }
    });
    assertThat(problems).isEmpty();
  }

  @Test
  void theDomainMetricsTheServicesPromiseAreAllCatalogued() {
    List<String> promised = List.of(
        "leads_routed_total", "enquiries_received_total", "enquiries_suppressed_total",
        "enquiries_dead_lettered_total", "routing_decisions_total", "lead_routing_latency_seconds",
        "leads_deferred", "partner_cap_exhausted_total", "suppression_data_stale",
        "suppression_register_age_seconds", "suppression_updates_total", "suppression_tps_file_age_seconds",
        "tps_ingest_lines_total", "api_requests_total", "api_rate_limited_total");
    assertThat(catalogue.metrics()).extracting(MetricCatalogue.Metric::name).containsAll(promised);
  }

  @Test
  void anUnknownMetricIsReported() {
    assertThat(catalogue.problems("test", PromQl.selectors("rate(leads_routed[5m])")))
        .containsExactly("test: metric leads_routed is not in ops/metrics.txt");
  }

  @Test
  void aLabelTheMetricDoesNotHaveIsReported() {
    assertThat(catalogue.problems("test", PromQl.selectors("enquiries_suppressed_total{job=\"lead-router\", partner=\"x\"}")))
        .containsExactly("test: enquiries_suppressed_total has no label partner in ops/metrics.txt");
  }

  @Test
  void histogramsHaveBucketsSumAndCountSummariesNoBuckets() {
    assertThat(catalogue.find("lead_routing_latency_seconds_bucket")).isPresent();
    assertThat(catalogue.find("lead_routing_latency_seconds_count")).isPresent();
    assertThat(catalogue.find("jvm_gc_pause_seconds_sum")).isPresent();
    assertThat(catalogue.find("jvm_gc_pause_seconds_bucket")).isEmpty();
    assertThat(catalogue.find("leads_routed_total_count")).isEmpty();
    assertThat(catalogue.problems("t", PromQl.selectors("lead_routing_latency_seconds_bucket{le=\"0.5\"}"))).isEmpty();
  }

  @Test
  void aMalformedOrDuplicatedLineIsRefused() {
    assertThatThrownBy(() -> MetricCatalogue.parse(List.of("leads_routed_total | counter")))
        .hasMessageContaining("name | type | source | labels");
    assertThatThrownBy(() -> MetricCatalogue.parse(List.of("a | gauge | x |", "a | gauge | y |")))
        .hasMessageContaining("twice");
  }
}
