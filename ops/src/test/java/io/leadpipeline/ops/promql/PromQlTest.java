package io.leadpipeline.ops.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromQlTest {

  private static List<String> names(String expr) {
    return PromQl.selectors(expr).stream().map(Selector::metric).toList();
  }

  @Test
  void functionsAggregationsAndGroupingLabelsAreNotMetrics() {
    assertThat(names("histogram_quantile(0.95, sum by (le, instance) (rate(lead_routing_latency_seconds_bucket[5m])))"))
        .containsExactly("lead_routing_latency_seconds_bucket");
    assertThat(names("sum(rate(x_total[5m])) without (instance)")).containsExactly("x_total");
  }

  @Test
  void vectorMatchingLabelListsAreNotMetrics() {
    assertThat(names("a_total / on (instance) group_left (partner_kind) b_info and ignoring (reason) c"))
        .containsExactly("a_total", "b_info", "c");
  }

  @Test
  void keywordsNumbersDurationsAndOffsetsAreNotMetrics() {
    assertThat(names("a > bool 36 * 3600 or b offset 10m unless c @ 1609746000 and d[1h:5m] > 1e3"))
        .containsExactly("a", "b", "c", "d");
    assertThat(names("x > Inf or y < NaN")).containsExactly("x", "y");
  }

  @Test
  void stringsMayHoldBracesAndWordsWithoutConfusingTheScan() {
    List<Selector> selectors = PromQl.selectors(
        "label_replace(up{job=\"lead-router\", instance=~\"a{1}.*\"}, \"dst\", \"$1 by (x)\", \"src\", \"(.*)\")");
    assertThat(selectors).extracting(Selector::metric).containsExactly("up");
    assertThat(selectors.get(0).matchers()).containsExactly(
        new Selector.Matcher("job", "=", "lead-router"), new Selector.Matcher("instance", "=~", "a{1}.*"));
  }

  @Test
  void matchersKeepTheirOperators() {
    Selector s = PromQl.selectors("m{a!=\"1\",b!~'2', c = `3`}").get(0);
    assertThat(s.matchers()).extracting(Selector.Matcher::op).containsExactly("!=", "!~", "=");
    assertThat(s.matcher("c")).map(Selector.Matcher::value).contains("3");
  }

  @Test
  void colonsInRecordingRuleNamesBelongToTheName() {
    assertThat(names("job:leads_routed:rate5m > 0")).containsExactly("job:leads_routed:rate5m");
  }

  @Test
  void aSelectorWithoutAMetricNameIsRefused() {
    assertThatThrownBy(() -> PromQl.selectors("sum({__name__=~\"leads.*\"})"))
        .hasMessageContaining("without a metric name");
  }
}
