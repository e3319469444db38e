package io.leadpipeline.gateway;

import io.leadpipeline.avro.DeliveryChannel;
import io.leadpipeline.avro.DeliveryOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The gateway's meters (docs/partner-delivery.md §9); names are listed in ops/metrics.txt. */
final class GatewayMetrics {
  private final MeterRegistry registry;
  private final Timer endToEnd;
  private final Timer attempt;
  final AtomicLong retryBacklog = new AtomicLong();
  final AtomicLong oldestRetrySeconds = new AtomicLong();
  final AtomicLong held = new AtomicLong();
  final AtomicLong disabledEndpoints = new AtomicLong();

  GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.endToEnd = Timer.builder("partner.gateway.end.to.end")
        .description("From a lead or notice's append to its topic to the partner's acknowledgement")
        .publishPercentileHistogram()
        .register(registry);
    this.attempt = Timer.builder("partner.gateway.attempt")
        .description("How long one delivery attempt took")
        .publishPercentileHistogram()
        .register(registry);
    Gauge.builder("partner.gateway.retry.backlog", retryBacklog, AtomicLong::get)
        .description("Partner partitions whose next delivery waits for a retry").register(registry);
    Gauge.builder("partner.gateway.retry.oldest.age", oldestRetrySeconds, AtomicLong::get)
        .baseUnit("seconds").description("Age of the oldest delivery still being retried").register(registry);
    Gauge.builder("partner.gateway.held", held, AtomicLong::get)
        .description("Partner partitions held: unknown partner or secret, or a notice waiting for its lead").register(registry);
    Gauge.builder("partner.gateway.endpoints.disabled", disabledEndpoints, AtomicLong::get)
        .description("Webhook endpoints disabled after 410 Gone").register(registry);
  }

  void outcome(String partnerId, DeliveryChannel channel, DeliveryOutcome outcome) {
    Counter.builder("partner.gateway.deliveries")
        .description("Delivery outcomes by partner, channel and outcome")
        .tag("partner", partnerId).tag("channel", channel.name()).tag("outcome", outcome.name())
        .register(registry).increment();
  }

  void attempt(Duration took) {
    attempt.record(took);
  }

  void endToEnd(Duration d) {
    if (!d.isNegative()) {
      endToEnd.record(d);
    }
  }
}
