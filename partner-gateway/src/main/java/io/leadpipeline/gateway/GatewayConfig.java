package io.leadpipeline.gateway;

import io.leadpipeline.config.ConfigDefinition;
import io.leadpipeline.config.ConfigValues;
import io.leadpipeline.config.Settings;
import io.leadpipeline.config.SharedKeys;
import io.leadpipeline.config.SmtpSettings;
import io.leadpipeline.gateway.retry.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef.Importance;

/**
 * partner-gateway's settings (docs/partner-delivery.md §10), checked against {@link #DEFINITION},
 * where every key, its type, default, range and documentation is written once
 * (docs/SPECIFICATION.md §14).
 */
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
    int httpPort,
    SmtpSettings smtp) {

  /** Every key the gateway knows, defined once; docs/partner-delivery.md §10 and ops/config-keys.txt are generated from it. */
  public static final ConfigDefinition DEFINITION = definition();

  /** Each key's default in text ("" when it has none), from {@link #DEFINITION}: for callers that start from a map. */
  public static final Map<String, String> DEFAULTS = DEFINITION.defaults();

  public static GatewayConfig from(Settings s) {
    ConfigValues c = DEFINITION.parse(s);
    return new GatewayConfig(
        c.string(SharedKeys.TOPIC_PREFIX),
        c.string("gateway.group-id"),
        c.secret(SharedKeys.SUBJECT_KEY_SECRET).orElseThrow(),
        c.optional("gateway.secrets-file").map(Path::of).orElse(null),
        c.bool("webhook.allow-http"),
        c.list("webhook.allowed-networks"),
        c.duration("webhook.connect-timeout"),
        c.duration("webhook.request-timeout"),
        c.integer("webhook.max-response-bytes"),
        new RetryPolicy(
            c.duration("retry.base"),
            c.duration("retry.max-delay"),
            c.duration("retry.give-up-after"),
            c.duration("retry.max-retry-after")),
        c.integer("gateway.workers"),
        c.integer(SharedKeys.HTTP_PORT),
        SmtpSettings.from(c));
  }

  private static ConfigDefinition definition() {
    ConfigDefinition.Builder b = SharedKeys.topics(ConfigDefinition.builder("partner-gateway"));
    SharedKeys.httpPort(b, 8083);
    b.string("gateway.group-id", "partner-gateway", Importance.HIGH,
            "Consumer group of every gateway instance; transactional ids derive from it (docs/partner-delivery.md §10).")
        .integer("gateway.workers", 16, 1, 1024, Importance.MEDIUM, "Delivery attempts in flight at once, across partners.")
        .optionalString("gateway.secrets-file", "no webhook can be signed", Importance.HIGH,
            "Properties file of webhook signing secrets, <secretId>=whsec_<base64>; partners name secret ids only.")
        .bool("webhook.allow-http", false, Importance.MEDIUM, "Allow plain http endpoints (tests and demos only).")
        .list("webhook.allowed-networks", "no exceptions", Importance.MEDIUM,
            "CIDR ranges the address guard allows despite being loopback, private or link-local.")
        .duration("webhook.connect-timeout", "5s", Duration.ofMillis(100), Importance.LOW, "Connect timeout of a webhook attempt.")
        .duration("webhook.request-timeout", "15s", Duration.ofMillis(100), Importance.LOW, "Whole-request timeout of a webhook attempt.")
        .integer("webhook.max-response-bytes", 65536, 0, 16 * 1024 * 1024, Importance.LOW, "Most bytes of a partner's answer read.")
        .duration("retry.base", "30s", Duration.ofMillis(1), Importance.MEDIUM, "Delay after the first failed attempt; doubled per attempt.")
        .duration("retry.max-delay", "8h", Duration.ofMillis(1), Importance.MEDIUM, "Longest delay between two attempts.")
        .duration("retry.give-up-after", "72h", Duration.ofMillis(1), Importance.MEDIUM,
            "Dead-letter when the next attempt would be later than this after the first.")
        .duration("retry.max-retry-after", "24h", Duration.ZERO, Importance.LOW, "Longest Retry-After honoured.");
    return SharedKeys.smtp(b, "leads@localhost").build();
  }

  /** Without the secret: a record's own {@code toString} would print it. */
  @Override
  public String toString() {
    return "GatewayConfig[topic.prefix=" + prefix + ", gateway.group-id=" + groupId + ", subject.key.secret=[hidden]"
        + ", gateway.workers=" + workers + ", http.port=" + httpPort + ", retry=" + retry + ", " + smtp + "]";
  }
}
