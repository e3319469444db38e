package io.leadpipeline.router.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.DecisionOutcome;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.Register;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The Prometheus names the dashboards and alerts are written against. */
class MetricNamesTest {
  @Test
  void theDomainMetricsExportUnderTheirSpecifiedPrometheusNames() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RouterMetrics m = new RouterMetrics(registry);
    m.received();
    m.deadLettered("invalid_phone");
    m.suppressed("TPS");
    m.decided(DecisionOutcome.ROUTED, 120);
    m.routed(PartnerKind.LANDLORD);
    m.capExhausted(PartnerKind.OPERATOR);
    m.suppressionUnreadable("call_consents");
    m.erasureApplied();
    m.deferred("0_0").set(2);
    m.stale(true);
    m.registerLoaded(Register.TPS, System.currentTimeMillis() - 60_000);
    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("leads_routed_total{partner_kind=\"landlord\"} 1")
        .contains("enquiries_received_total 1")
        .contains("enquiries_suppressed_total{reason=\"TPS\"} 1")
        .contains("enquiries_dead_lettered_total{reason=\"invalid_phone\"} 1")
        .contains("routing_decisions_total{outcome=\"ROUTED\"} 1")
        .contains("lead_routing_latency_seconds_bucket{le=\"0.25\"} 1")
        .contains("lead_routing_latency_seconds_count 1")
        .contains("leads_deferred 2")
        .contains("partner_cap_exhausted_total{partner_kind=\"operator\"} 1")
        .contains("suppression_data_stale 1")
        .contains("suppression_lookups_unreadable_total{table=\"call_consents\"} 1")
        .contains("router_erasures_total 1")
        .contains("suppression_register_age_seconds{register=\"TPS\"} 6");
    registry.close();
  }
}
