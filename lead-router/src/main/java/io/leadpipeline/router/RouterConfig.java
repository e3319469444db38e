package io.leadpipeline.router;

import io.leadpipeline.config.ConfigDefinition;
import io.leadpipeline.config.ConfigValues;
import io.leadpipeline.config.Settings;
import io.leadpipeline.config.SharedKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The router's settings, read once from {@link Settings} through {@link #DEFINITION}, where
 * every key, its type, default, range and documentation is written once.
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

  /** Every key of the router, defined once (docs/SPECIFICATION.md §14); the README table is generated from it. */
  public static final ConfigDefinition DEFINITION = definition();

  /** Each key's default in text ("" when it has none), from {@link #DEFINITION}: for callers that start from a map. */
  public static final Map<String, String> DEFAULTS = DEFINITION.defaults();


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

  /** Checks every key of {@code s} against {@link #DEFINITION} and reads the router's typed settings. */
  public static RouterConfig from(Settings s) {
    return from(DEFINITION.parse(s));
  }

  public static RouterConfig from(ConfigValues c) {
    return new RouterConfig(
        c.string("application.id"),
        c.string(SharedKeys.TOPIC_PREFIX),
        c.secret(SharedKeys.SUBJECT_KEY_SECRET).orElseThrow(),
        c.integer("routing.max-partners"),
        c.duration("routing.dedupe-window"),
        c.duration("routing.introduction-retention"),
        c.duration("suppression.max-register-age"),
        c.duration("suppression.clock-skew-bound"),
        c.duration("suppression.barrier-tick"),
        c.duration("suppression.history-retention"),
        c.duration("routing.deferred-check-interval"));
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

  private static ConfigDefinition definition() {
    ConfigDefinition.Builder b = SharedKeys.topics(ConfigDefinition.builder("lead-router"));
    SharedKeys.httpPort(b, 8091);
    SharedKeys.logFormat(b);
    return b
        .string("application.id", "lead-router", Importance.HIGH, "Kafka Streams application id: the same on every instance of one router.")
        .optionalString("state.dir", "Kafka Streams' own: java.io.tmpdir/kafka-streams", Importance.MEDIUM,
            "State store directory; distinct per instance on one host.")
        .choice("processing.guarantee", StreamsConfig.EXACTLY_ONCE_V2,
            List.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), Importance.MEDIUM,
            "Kafka Streams processing guarantee; partners read committed.")
        .integer("num.standby.replicas", 0, 0, 10, Importance.MEDIUM, "Warm standby copies of each state store on other instances.")
        .integer("num.stream.threads", 1, 1, 64, Importance.LOW,
            "Stream threads per instance (allocation is single-threaded by design: see lead-router/README.md).")
        .integer("commit.interval.ms", 30, 1, Integer.MAX_VALUE, Importance.MEDIUM,
            "Kafka Streams commit interval; an enquiry crosses three internal topics, so about four intervals are the latency floor under exactly-once.")
        .integer("producer.linger.ms", 5, 0, 60_000, Importance.LOW,
            "How long the router's producer waits to fill a batch; Kafka Streams' own 100 ms would add up over the internal hops.")
        .integer("replication.factor", -1, -1, Short.MAX_VALUE, Importance.MEDIUM,
            "Replication of the router's internal and partner topics; -1 = the broker's default.")
        .integer("routing.max-partners", 3, 1, 100, Importance.HIGH, "At most this many partners receive one enquiry.")
        .duration("routing.dedupe-window", "30d", Duration.ZERO, Importance.HIGH,
            "The same subject is not sent to the same partner again within this window.")
        .duration("routing.introduction-retention", "365d", Duration.ofDays(1), Importance.MEDIUM,
            "How long who-received-whom is kept (notices, the first introduction).")
        .duration("routing.deferred-check-interval", "15s", Duration.ofMillis(100), Importance.LOW,
            "How often leads waiting for a partner's delivery hours are checked.")
        .durationOrOff("suppression.max-register-age", "48h", Duration.ofMinutes(1), Importance.HIGH,
            "Older TPS/CTPS loads make the router fail closed; 0 or off = check off.")
        .duration("suppression.clock-skew-bound", "100ms", Duration.ZERO, Importance.MEDIUM,
            "ε: restrictive suppression facts are read as of t + ε; releases wait while a broker clock is more than ε/2 off (docs/ordering.md).")
        .duration("suppression.barrier-tick", "5ms", Duration.ofMillis(1), Importance.LOW,
            "How often enquiries held at the offset barrier look again; also the stream thread's idle poll.")
        .duration("suppression.history-retention", "1d", Duration.ofSeconds(1), Importance.LOW,
            "History of the versioned suppression stores; at least 10 x suppression.clock-skew-bound.")
        .build();
  }

  /** Without the secret: a record's own {@code toString} would print it. */
  @Override
  public String toString() {
    return "RouterConfig[application.id=" + applicationId + ", topic.prefix=" + topicPrefix + ", subject.key.secret=[hidden]"
        + ", routing.max-partners=" + maxPartners + ", routing.dedupe-window=" + dedupeWindow
        + ", suppression.max-register-age=" + maxRegisterAge + ", suppression.clock-skew-bound=" + clockSkewBound + "]";
  }
}
