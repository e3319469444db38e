package io.leadpipeline.router;

import io.leadpipeline.config.LogFormat;
import io.leadpipeline.config.Settings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The router's settings, read once from {@link Settings}. Every key and its default is listed in
 * {@link #DEFAULTS} (so an environment variable can override any of them) and in the module's
 * README.
 *
 * @param clockSkewBound ε: restrictive suppression facts are read as of t + ε, and releases wait
 *     while a broker clock is more than ε/2 from the router's (docs/ordering.md)
 * @param barrierTick how often held enquiries look at their barrier again
 * @param historyRetention how far back the versioned suppression stores answer "as of t"
 */
public record RouterConfig(
    String applicationId,
    String topicPrefix,
    String subjectKeySecret,
    int maxPartners,
    Duration dedupeWindow,
    Duration introductionRetention,
    Duration maxRegisterAge,
    Duration clockSkewBound,
    Duration barrierTick,
    Duration historyRetention,
    Duration deferredCheckInterval) {

  public static final Map<String, String> DEFAULTS = defaults();

  public RouterConfig {
    if (maxPartners < 1) {
      throw new IllegalArgumentException("routing.max-partners must be at least 1");
    }
    if (clockSkewBound.isNegative() || barrierTick.isNegative() || barrierTick.isZero()) {
      throw new IllegalArgumentException("suppression.clock-skew-bound must be ≥ 0 and suppression.barrier-tick > 0");
    }
    if (historyRetention.compareTo(clockSkewBound.multipliedBy(10)) < 0) {
      // The lookup asks "as of t + ε"; history must reach well past that.
      throw new IllegalArgumentException(
          "suppression.history-retention must be at least 10 x suppression.clock-skew-bound");
    }
  }

  public static RouterConfig from(Settings s) {
    return new RouterConfig(
        s.string("application.id", "lead-router"),
        s.string("topic.prefix", ""),
        s.require("subject.key.secret"),
        s.integer("routing.max-partners", 3),
        s.duration("routing.dedupe-window", Duration.ofDays(30)),
        s.duration("routing.introduction-retention", Duration.ofDays(365)),
        durationOrOff(s, "suppression.max-register-age", Duration.ofHours(48)),
        s.duration("suppression.clock-skew-bound", Duration.ofMillis(100)),
        s.duration("suppression.barrier-tick", Duration.ofMillis(5)),
        s.duration("suppression.history-retention", Duration.ofDays(1)),
        s.duration("routing.deferred-check-interval", Duration.ofSeconds(15)));
  }

  /** {@code 0} or {@code off} switch a check off; anything else is a duration. */
  static Duration durationOrOff(Settings s, String key, Duration fallback) {
    String v = s.string(key, "").strip();
    if (v.equals("0") || v.equalsIgnoreCase("off")) {
      return Duration.ZERO;
    }
    return s.duration(key, fallback);
  }

  /** A configuration for tests and the demo: no TPS freshness check. */
  public static RouterConfig forTests(String secret) {
    return new RouterConfig(
        "lead-router", "", secret, 3, Duration.ofDays(30), Duration.ofDays(365), Duration.ZERO,
        Duration.ofMillis(100), Duration.ofMillis(5), Duration.ofDays(1), Duration.ofSeconds(15));
  }

  public RouterConfig withMaxRegisterAge(Duration age) {
    return new RouterConfig(applicationId, topicPrefix, subjectKeySecret, maxPartners, dedupeWindow,
        introductionRetention, age, clockSkewBound, barrierTick, historyRetention, deferredCheckInterval);
  }

  public RouterConfig withMaxPartners(int n) {
    return new RouterConfig(applicationId, topicPrefix, subjectKeySecret, n, dedupeWindow,
        introductionRetention, maxRegisterAge, clockSkewBound, barrierTick, historyRetention, deferredCheckInterval);
  }

  public RouterConfig withTopicPrefix(String prefix) {
    return new RouterConfig(applicationId, prefix, subjectKeySecret, maxPartners, dedupeWindow,
        introductionRetention, maxRegisterAge, clockSkewBound, barrierTick, historyRetention, deferredCheckInterval);
  }

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("bootstrap.servers", "localhost:9092");
    d.put("schema.registry.url", "http://localhost:8081");
    d.put("topic.prefix", "");
    d.put("subject.key.secret", "");
    d.put("application.id", "lead-router");
    d.put("state.dir", "");
    d.put("processing.guarantee", "exactly_once_v2");
    d.put("num.standby.replicas", "0");
    d.put("num.stream.threads", "1");
    d.put("commit.interval.ms", "30");
    d.put("producer.linger.ms", "5");
    d.put("replication.factor", "-1");
    d.put("http.port", "8091");
    d.put("routing.max-partners", "3");
    d.put("routing.dedupe-window", "30d");
    d.put("routing.introduction-retention", "365d");
    d.put("routing.deferred-check-interval", "15s");
    d.put("suppression.max-register-age", "48h");
    d.put("suppression.clock-skew-bound", "100ms");
    d.put("suppression.barrier-tick", "5ms");
    d.put("suppression.history-retention", "1d");
    d.put(LogFormat.KEY, LogFormat.DEFAULT);
    return Map.copyOf(d);
  }
}
