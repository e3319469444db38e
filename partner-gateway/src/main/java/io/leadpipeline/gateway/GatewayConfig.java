package io.leadpipeline.gateway;

import io.leadpipeline.config.Settings;
import io.leadpipeline.gateway.retry.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** partner-gateway's settings (docs/partner-delivery.md §10); every key is in ops/config-keys.txt. */
public record GatewayConfig(
    String prefix,
    String groupId,
    String subjectKeySecret,
    Path secretsFile,
    boolean allowHttp,
    List<String> allowedNetworks,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxResponseBytes,
    RetryPolicy retry,
    int workers,
    int httpPort) {

  /** Every key the gateway knows, with its default ("" when it has none); ops/config-keys.txt lists them. */
  public static final Map<String, String> DEFAULTS = Map.ofEntries(
      Map.entry("bootstrap.servers", ""),
      Map.entry("schema.registry.url", ""),
      Map.entry("subject.key.secret", ""),
      Map.entry("gateway.group-id", "partner-gateway"),
      Map.entry("gateway.workers", "16"),
      Map.entry("gateway.secrets-file", ""),
      Map.entry("webhook.allow-http", "false"),
      Map.entry("webhook.allowed-networks", ""),
      Map.entry("webhook.connect-timeout", "5s"),
      Map.entry("webhook.request-timeout", "15s"),
      Map.entry("webhook.max-response-bytes", "65536"),
      Map.entry("retry.base", "30s"),
      Map.entry("retry.max-delay", "8h"),
      Map.entry("retry.give-up-after", "72h"),
      Map.entry("retry.max-retry-after", "24h"),
      Map.entry("smtp.host", "localhost"),
      Map.entry("smtp.port", "587"),
      Map.entry("smtp.tls", "starttls"),
      Map.entry("smtp.from", "leads@localhost"),
      Map.entry("smtp.timeout", "20s"),
      Map.entry("smtp.user", ""),
      Map.entry("smtp.password", ""),
      Map.entry("smtp.trust-all-certificates", "false"),
      Map.entry("http.port", "8083"),
      Map.entry("topic.prefix", ""));

  public static GatewayConfig from(Settings s) {
    String secrets = s.string("gateway.secrets-file", "");
    return new GatewayConfig(
        s.string("topic.prefix", ""),
        s.string("gateway.group-id", "partner-gateway"),
        s.require("subject.key.secret"),
        secrets.isBlank() ? null : Path.of(secrets),
        s.bool("webhook.allow-http", false),
        Arrays.asList(s.string("webhook.allowed-networks", "").split(",")),
        s.duration("webhook.connect-timeout", Duration.ofSeconds(5)),
        s.duration("webhook.request-timeout", Duration.ofSeconds(15)),
        s.integer("webhook.max-response-bytes", 65536),
        new RetryPolicy(
            s.duration("retry.base", Duration.ofSeconds(30)),
            s.duration("retry.max-delay", Duration.ofHours(8)),
            s.duration("retry.give-up-after", Duration.ofHours(72)),
            s.duration("retry.max-retry-after", Duration.ofHours(24))),
        s.integer("gateway.workers", 16),
        s.integer("http.port", 8083));
  }
}
