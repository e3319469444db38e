package io.leadpipeline.ops.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.ops.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Prometheus's own checker on the rules, their unit tests and the scrape configuration. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PromtoolTest {
  private final Path dir = Repository.file("ops/prometheus");

  private static Promtool promtool() {
    return Promtool.onPath();
  }

  @Test
  void alertRulesAreValid() {
    Promtool.Result result = promtool().run(dir, "check", "rules", "alerts.yml");
    assertThat(result.ok()).as(result.output()).isTrue();
  }

  @Test
  void alertUnitTestsPass() {
    Promtool.Result result = promtool().run(dir, "test", "rules", "alerts_test.yml");
    assertThat(result.ok()).as(result.output()).isTrue();
  }

  @Test
  void scrapeConfigurationIsValidAndItsRuleFilesResolve() {
    // rule_files are relative to prometheus.yml: the same in the container and here.
    Promtool.Result result = promtool().run(dir, "check", "config", "prometheus.yml");
    assertThat(result.ok()).as(result.output()).isTrue();
    assertThat(result.output()).contains("1 rule files found");
  }

  @Test
  void everyAlertHasATestWhereItFiresAndOneWhereItStaysQuiet() {
    AlertRules rules = AlertRules.read(dir.resolve("alerts.yml"));
    assertThat(rules.alerts()).hasSizeGreaterThanOrEqualTo(9);
    assertThat(rules.coverageProblems(dir.resolve("alerts_test.yml"))).isEmpty();
  }

  @Test
  void everyAlertHasASeverity() {
    assertThat(AlertRules.read(dir.resolve("alerts.yml")).alerts())
        .allSatisfy(a -> assertThat(a.severity()).as(a.name()).isIn("critical", "warning", "info"));
  }

  @Test
  void missingCoverageIsReported(@TempDir Path tmp) throws Exception {
    Path tests = Files.writeString(tmp.resolve("t.yml"), """
        tests:
          - alert_rule_test:
              - alertname: LeadRouterDown
                exp_alerts: []
              - alertname: NoSuchAlert
                exp_alerts: []
        """);
    assertThat(AlertRules.read(dir.resolve("alerts.yml")).coverageProblems(tests))
        .contains("alerts_test.yml tests NoSuchAlert, which is not an alert of the rules file",
            "LeadRouterDown has no test where it fires")
        .doesNotContain("LeadRouterDown has no test where it stays quiet")
        .contains("SuppressionServiceDown has no test where it stays quiet");
  }

  @Test
  void aBrokenRuleFailsTheCheck(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("bad.yml"), """
        groups:
          - name: bad
            rules:
              - alert: Broken
                expr: sum by (reason (increase(x[10m])) > 0
        """);
    Promtool.Result result = promtool().run(tmp, "check", "rules", "bad.yml");
    assertThat(result.ok()).isFalse();
    assertThat(result.output()).contains("parse error");
  }
}
