package io.leadpipeline.suppression.ops;

import io.leadpipeline.suppression.SuppressionView;
import io.leadpipeline.topics.TopicSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The service's metrics, named so the Prometheus names come out as documented: a counter
 * {@code api.requests} is exported as {@code api_requests_total}. No label holds a person's data:
 * routes are templates, types and registers are fixed words.
 */
public final class ServiceMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
  private final Counter rateLimited;

  public ServiceMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc.bindTo(registry);
    rateLimited =
        Counter.builder("api.rate.limited")
            .description("Requests refused by a key's rate limit")
            .register(registry);
  }

  /** {@code suppression_updates_total{type}}: one per record written to a suppression topic. */
  public void suppressionUpdate(String type) {
    counter("suppression.updates", "type", type, "Records written to suppression topics").increment();
  }

  /** {@code api_requests_total{route,status}}. */
  public void apiRequest(String route, int status) {
    Counter.builder("api.requests")
        .description("HTTP requests by route template and status")
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .register(registry)
        .increment();
  }

  /** {@code api_rate_limited_total}. */
  public void rateLimited() {
    rateLimited.increment();
  }

  /** {@code tps_ingest_lines_total{register,result}}. */
  public void tpsLines(String register, String result, long n) {
    Counter.builder("tps.ingest.lines")
        .description("Register file lines read, by result")
        .tag("register", register)
        .tag("result", result)
        .register(registry)
        .increment(n);
  }

  /**
   * {@code suppression_tps_file_age_seconds{register}}: seconds since the last successful load,
   * +Inf when there has been none, so an alert on "age above the limit" fires rather than staying
   * silent on a register never loaded.
   */
  public void tpsFileAge(String register, Function<String, Instant> lastLoad, Clock clock) {
    Gauge.builder(
            "suppression.tps.file.age",
            () -> {
              Instant at = lastLoad.apply(register);
              return at == null
                  ? Double.POSITIVE_INFINITY
                  : Duration.between(at, clock.instant()).toMillis() / 1000.0;
            })
        .description("Seconds since the register's last successful load")
        .baseUnit("seconds")
        .tag("register", register)
        .register(registry);
  }

  /**
   * {@code suppression_view_unreadable}: 1 while the view holds a record of the service's own
   * topics it could not decode, else 0; {@code suppression_view_unreadable_keys}: how many keys
   * are held as unreadable (each treated as its most restrictive state until superseded); and
   * {@code suppression_view_decode_failures_total{topic,kind}}, kind one of unknown_schema,
   * undecodable, registry_unavailable (each retry counts).
   */
  public void view(SuppressionView view) {
    Gauge.builder("suppression.view.unreadable", () -> view.unreadableRecords().isEmpty() ? 0 : 1)
        .description("1 while the suppression view holds a record of its own topics it cannot decode")
        .register(registry);
    Gauge.builder("suppression.view.unreadable.keys", () -> view.unreadableKeys())
        .description("Keys whose newest record the suppression view cannot decode, held as most restrictive")
        .register(registry);
    for (TopicSpec<String, ?> topic : SuppressionView.TOPICS) {
      for (SuppressionView.FailureKind kind : SuppressionView.FailureKind.values()) {
        FunctionCounter.builder("suppression.view.decode.failures", view, v -> v.decodeFailures(topic.baseName(), kind))
            .description("Records of the service's own topics the view could not decode, by kind")
            .tag("topic", topic.baseName())
            .tag("kind", kind.label())
            .register(registry);
      }
    }
  }

  private Counter counter(String name, String tag, String value, String description) {
    return counters.computeIfAbsent(
        name + "|" + value,
        k -> Counter.builder(name).description(description).tag(tag, value).register(registry));
  }

  public String scrape() {
    return registry.scrape();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
