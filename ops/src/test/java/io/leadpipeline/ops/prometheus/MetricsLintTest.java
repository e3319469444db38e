package io.leadpipeline.ops.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which of promtool's findings on a /metrics body fail the build. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsLintTest {

  @Test
  void aCleanBodyPasses() {
    Promtool.Result result = Promtool.onPath().checkMetrics("""
        # HELP leads_routed_total Leads sent to partners
        # TYPE leads_routed_total counter
        leads_routed_total{partner_kind="operator"} 3.0
        """);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(MetricsLint.failures(result)).isEmpty();
  }

  @Test
  void theBindersUnitAndCountNamesAreAccepted() {
    Promtool.Result result = Promtool.onPath().checkMetrics("""
        # HELP kafka_producer_txn_abort_time_ns_total The total time the producer has spent in abortTransaction in nanoseconds.
        # TYPE kafka_producer_txn_abort_time_ns_total counter
        kafka_producer_txn_abort_time_ns_total{client_id="r",kafka_version="4.3.1"} 0.0
        # HELP system_cpu_count The number of processors available to the Java virtual machine
        # TYPE system_cpu_count gauge
        system_cpu_count 2.0
        """);
    assertThat(result.exitCode()).as(result.output()).isEqualTo(3);
    assertThat(MetricsLint.parse(result.output())).hasSize(2).allMatch(MetricsLint.Problem::accepted);
    assertThat(MetricsLint.failures(result)).isEmpty();
  }

  @Test
  void aLintOnOurOwnMetricFails() {
    Promtool.Result result = Promtool.onPath().checkMetrics("""
        # TYPE leads_routed counter
        leads_routed 3.0
        """);
    assertThat(MetricsLint.failures(result))
        .contains("leads_routed counter metrics should have \"_total\" suffix", "leads_routed no help text");
  }

  @Test
  void onlyTheBindersNamingAndHelpLintsAreAccepted() {
    assertThat(new MetricsLint.Problem("kafka_consumer_records", "counter metrics should have \"_total\" suffix").accepted()).isFalse();
    assertThat(new MetricsLint.Problem("kafka_producer_node_request_latency_avg", "no help text").accepted()).isTrue();
    assertThat(new MetricsLint.Problem("suppression_age_ns", "metric names should not contain abbreviated units").accepted()).isFalse();
  }

  @Test
  void aBodyThatDoesNotParseFails() {
    Promtool.Result result = Promtool.onPath().checkMetrics("leads_routed_total{partner_kind=operator} 1\n");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(MetricsLint.failures(result)).singleElement().asString().contains("promtool check metrics failed (exit 1)");
  }
}
