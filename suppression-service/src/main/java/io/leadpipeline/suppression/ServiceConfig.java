package io.leadpipeline.suppression;

import io.leadpipeline.config.LogFormat;
import io.leadpipeline.config.Settings;
import io.leadpipeline.serde.AvroSerdeConfig;
import io.leadpipeline.suppression.access.ApiKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The service's configuration, read through {@link Settings} (file, then {@code LEAD_PIPELINE_*}
 * environment variables, then overrides). Each key and its default is listed in the README.
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

  /** Every key with a default, so environment variables can override them without a file. */
  public static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry("bootstrap.servers", ""),
          Map.entry("schema.registry.url", ""),
          Map.entry("topic.prefix", ""),
          Map.entry("subject.key.secret", ""),
          Map.entry("http.host", "0.0.0.0"),
          Map.entry("http.port", "8090"),
          Map.entry("public.base-url", ""),
          Map.entry("unsubscribe.token.secret", ""),
          Map.entry("unsubscribe.token.ttl", "30d"),
          Map.entry("api.keys", ""),
          Map.entry("api.rate-limit.per-minute", "600"),
          Map.entry("tps.state.dir", "data/tps"),
          Map.entry("tps.upload.max-bytes", Long.toString(1L << 30)),
          Map.entry("idempotency.ttl", "24h"),
          Map.entry("startup.timeout", "60s"),
          Map.entry(LogFormat.KEY, LogFormat.DEFAULT));

  public static ServiceConfig from(Settings s) {
    int port = s.integer("http.port", 8090);
    return new ServiceConfig(
        s.require("bootstrap.servers"),
        s.require("schema.registry.url"),
        s.string("topic.prefix", ""),
        s.require("subject.key.secret"),
        s.string("http.host", "0.0.0.0"),
        port,
        s.find("public.base-url").map(ServiceConfig::stripSlash).orElse(null),
        s.require("unsubscribe.token.secret"),
        s.duration("unsubscribe.token.ttl", Duration.ofDays(30)),
        ApiKeys.parse(s.string("api.keys", "")),
        s.integer("api.rate-limit.per-minute", 600),
        Path.of(s.string("tps.state.dir", "data/tps")),
        s.longValue("tps.upload.max-bytes", 1L << 30),
        s.duration("idempotency.ttl", Duration.ofHours(24)),
        s.duration("startup.timeout", Duration.ofSeconds(60)),
        s.under("kafka."),
        s.under("serde."));
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
