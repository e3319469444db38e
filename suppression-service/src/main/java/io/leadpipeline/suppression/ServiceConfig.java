package io.leadpipeline.suppression;

import io.leadpipeline.config.ConfigDefinition;
import io.leadpipeline.config.ConfigValues;
import io.leadpipeline.config.Settings;
import io.leadpipeline.config.SharedKeys;
import io.leadpipeline.serde.AvroSerdeConfig;
import io.leadpipeline.suppression.access.ApiKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef.Importance;

/**
 * The service's configuration, read through {@link Settings} (file, then {@code LEAD_PIPELINE_*}
 * environment variables, then overrides) and checked against {@link #DEFINITION}, where every key,
 * its type, default, range and documentation is written once.
 */
public record ServiceConfig(
    String bootstrapServers,
    String schemaRegistryUrl,
    String topicPrefix,
    String subjectKeySecret,
    String httpHost,
    int httpPort,
    String publicBaseUrl,
    String unsubscribeTokenSecret,
    Duration unsubscribeTokenTtl,
    ApiKeys apiKeys,
    int rateLimitPerMinute,
    Path tpsStateDir,
    long tpsUploadMaxBytes,
    Duration idempotencyTtl,
    Duration startupTimeout,
    Map<String, String> kafka,
    Map<String, String> serde) {

  /** Every key of the service, defined once (docs/SPECIFICATION.md §14); the README table is generated from it. */
  public static final ConfigDefinition DEFINITION = definition();

  /** Each key's default in text ("" when it has none), from {@link #DEFINITION}: for callers that start from a map. */
  public static final Map<String, String> DEFAULTS = DEFINITION.defaults();

  /** Checks every key of {@code s} against {@link #DEFINITION} and reads the service's typed settings. */
  public static ServiceConfig from(Settings s) {
    ConfigValues c = DEFINITION.parse(s);
    return new ServiceConfig(
        c.string(SharedKeys.BOOTSTRAP_SERVERS),
        c.string(SharedKeys.SCHEMA_REGISTRY_URL),
        c.string(SharedKeys.TOPIC_PREFIX),
        c.secret(SharedKeys.SUBJECT_KEY_SECRET).orElseThrow(),
        c.string(SharedKeys.HTTP_HOST),
        c.integer(SharedKeys.HTTP_PORT),
        c.optional("public.base-url").map(ServiceConfig::stripSlash).orElse(null),
        c.secret("unsubscribe.token.secret").orElseThrow(),
        c.duration("unsubscribe.token.ttl"),
        ApiKeys.parse(c.secret("api.keys").orElse("")),
        c.integer("api.rate-limit.per-minute"),
        Path.of(c.string("tps.state.dir")),
        c.longValue("tps.upload.max-bytes"),
        c.duration("idempotency.ttl"),
        c.duration("startup.timeout"),
        c.under(SharedKeys.KAFKA),
        c.under(SharedKeys.SERDE));
  }

  private static ConfigDefinition definition() {
    ConfigDefinition.Builder b = SharedKeys.topics(ConfigDefinition.builder("suppression-service"));
    SharedKeys.httpPort(b, 8090);
    SharedKeys.httpHost(b);
    SharedKeys.logFormat(b);
    return b
        .optionalString("public.base-url", "http://localhost:<http.port>", Importance.MEDIUM,
            "Base of the unsubscribe and preference links in emails.")
        .requiredSecret("unsubscribe.token.secret", SharedKeys.SECRET_MIN_LENGTH, Importance.HIGH,
            "HMAC secret of the one-click unsubscribe tokens; separate from subject.key.secret.")
        .duration("unsubscribe.token.ttl", "30d", Duration.ofHours(1), Importance.MEDIUM, "Lifetime of an unsubscribe token.")
        .optionalSecret("api.keys", "every /v1 call is refused", Importance.HIGH,
            "Comma-separated <id>:<sha256-hex-of-secret>:<space-separated scopes>; clients send Bearer <id>.<secret>.")
        .integer("api.rate-limit.per-minute", 600, 1, Integer.MAX_VALUE, Importance.MEDIUM,
            "Requests per minute per API key (429 with Retry-After past it).")
        .string("tps.state.dir", "data/tps", Importance.MEDIUM, "Where the current TPS/CTPS registers are kept; keep it, full files are diffed against it.")
        .longValue("tps.upload.max-bytes", 1L << 30, 1, Long.MAX_VALUE, Importance.LOW, "Largest register upload (413 past it); JSON bodies are capped at 16 KiB regardless.")
        .duration("idempotency.ttl", "24h", Duration.ofMinutes(1), Importance.LOW, "How long an Idempotency-Key's answer is replayed.")
        .duration("startup.timeout", "60s", Duration.ofSeconds(1), Importance.LOW,
            "How long start-up waits for the suppression view before serving (writes answer 503 until it has caught up).")
        .build();
  }

  /** Kafka client settings: {@code bootstrap.servers} plus every {@code kafka.*} key. */
  public Map<String, Object> kafkaClientConfig() {
    Map<String, Object> m = new HashMap<>(kafka);
    m.put("bootstrap.servers", bootstrapServers);
    return m;
  }

  /** Serde settings for {@code TopicSerdes}: the registry plus every {@code serde.*} key. */
  public Map<String, Object> serdeConfig() {
    Map<String, Object> m = new HashMap<>(serde);
    m.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
    return m;
  }

  /** {@code public.base-url}, or {@code http://localhost:<port>} of the running server. */
  public String baseUrl(int actualPort) {
    return publicBaseUrl != null ? publicBaseUrl : "http://localhost:" + actualPort;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public String toString() {
    return "ServiceConfig[bootstrap.servers=" + bootstrapServers + ", topic.prefix=" + topicPrefix + ", http.port=" + httpPort + "]";
  }
}
