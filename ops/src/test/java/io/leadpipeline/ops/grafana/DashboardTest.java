package io.leadpipeline.ops.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leadpipeline.ops.Repository;
import io.leadpipeline.ops.prometheus.Promtool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DashboardTest {
  private final Dashboard dashboard = Dashboard.read(Repository.file("ops/grafana/dashboards/lead-pipeline.json"));

  /** The uid Grafana is provisioned with: the dashboard must name the same one. */
  private static String provisionedDatasourceUid() throws Exception {
    JsonNode provisioning = new ObjectMapper(new YAMLFactory())
        .readTree(Files.readString(Repository.file("ops/grafana/provisioning/datasources/prometheus.yml")));
    return provisioning.path("datasources").get(0).path("uid").asText();
  }

  @Test
  void dashboardIsCompleteAndEveryPanelQueriesTheProvisionedDatasource() throws Exception {
    assertThat(provisionedDatasourceUid()).isNotBlank();
    assertThat(dashboard.problems(provisionedDatasourceUid())).isEmpty();
  }

  @Test
  void dashboardShowsWhatOperationsWatch() {
    String all = String.join("\n", dashboard.queries().stream().map(Dashboard.Query::expr).toList());
    assertThat(all).contains(
        "enquiries_received_total", "leads_routed_total", "histogram_quantile(0.95",
        "enquiries_suppressed_total", "enquiries_dead_lettered_total",
        "kafka_consumer_fetch_manager_records_lag_max", "suppression_tps_file_age_seconds",
        "suppression_data_stale", "partner_cap_exhausted_total");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void everyQueryParsesAsPromQl(@TempDir Path tmp) {
    Path rules = tmp.resolve("dashboard-rules.yml");
    dashboard.writeAsRecordingRules(rules);
    Promtool.Result result = Promtool.onPath().run(tmp, "check", "rules", rules.getFileName().toString());
    assertThat(result.ok()).as(result.output()).isTrue();
    assertThat(result.output()).contains("SUCCESS: " + dashboard.queries().size() + " rules found");
  }

  @Test
  void grafanaVariablesAreReplacedBeforeParsing() {
    assertThat(dashboard.queries()).extracting(Dashboard.Query::expr).noneMatch(e -> e.contains("$"));
  }

  @Test
  void duplicatePanelIdsMissingDatasourcesAndEmptyPanelsAreReported() {
    Dashboard broken = Dashboard.parse("""
        {"uid": "x", "title": "x", "schemaVersion": 39, "version": 1, "time": {},
         "panels": [
           {"id": 1, "title": "a", "gridPos": {}, "datasource": {"uid": "ds"}, "targets": [{"refId": "A", "expr": "up"}]},
           {"id": 1, "title": "b", "gridPos": {}, "datasource": {"uid": "other"}, "targets": []},
           {"id": 2, "title": "c", "datasource": {"uid": "ds"}, "targets": [{"refId": "A", "expr": ""}, {"refId": "A", "expr": "up"}]},
           {"id": 3, "title": "row", "type": "row", "gridPos": {}}
         ]}
        """);
    assertThat(broken.problems("ds")).containsExactly(
        "panel id 1 is used twice",
        "panel \"b\" does not use datasource ds",
        "panel \"b\" has no targets",
        "panel \"c\" has no gridPos",
        "panel \"c\" target A has no expr",
        "panel \"c\" has a target without a unique refId");
  }

  @Test
  void missingTopLevelFieldsAreReported() {
    assertThat(Dashboard.parse("{\"title\": \"x\", \"panels\": []}").problems("ds"))
        .containsExactly("dashboard lacks uid", "dashboard lacks schemaVersion", "dashboard lacks time", "dashboard lacks version");
    assertThatThrownBy(() -> Dashboard.parse("{not json")).hasMessageContaining("not JSON");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void anExpressionThatDoesNotParseFailsTheCheck(@TempDir Path tmp) {
    Dashboard broken = Dashboard.parse("""
        {"panels": [{"id": 7, "title": "t", "targets": [
          {"refId": "A", "expr": "sum(rate(leads_routed_total[$__rate_interval])"}]}]}
        """);
    Path rules = tmp.resolve("r.yml");
    broken.writeAsRecordingRules(rules);
    Promtool.Result result = Promtool.onPath().run(tmp, "check", "rules", "r.yml");
    assertThat(result.ok()).isFalse();
    assertThat(List.of(result.output())).anyMatch(o -> o.contains("dashboard:panel_7_A") || o.contains("parse error"));
  }
}
