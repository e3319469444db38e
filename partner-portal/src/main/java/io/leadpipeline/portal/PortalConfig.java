package io.leadpipeline.portal;

import io.leadpipeline.config.ConfigDefinition;
import io.leadpipeline.config.ConfigValues;
import io.leadpipeline.config.Settings;
import io.leadpipeline.config.SharedKeys;
import io.leadpipeline.config.SmtpSettings;
import io.leadpipeline.portal.signin.PartnerUsers;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef.Importance;

/**
 * The portal's settings (docs/partner-portal.md §8), read through the project's {@link Settings}
 * and checked against {@link #DEFINITION}, where every key is written once.
 */
public record PortalConfig(
    String bootstrapServers,
    String schemaRegistryUrl,
    String topicPrefix,
    Map<String, Object> kafka,
    String subjectKeySecret,
    String host,
    int port,
    Optional<String> baseUrl,
    String linkSecret,
    Duration linkTtl,
    Duration sessionTtl,
    PartnerUsers users,
    String apiKeys,
    Duration responseWindow,
    int feeRateBasisPoints,
    int feeMonths,
    int signInPerMinute,
    int apiPerMinute,
    SmtpSettings smtp) {

  /** Every key of the portal, defined once (docs/SPECIFICATION.md §14); docs/partner-portal.md §8 is generated from it. */
  public static final ConfigDefinition DEFINITION = definition();

  /** Each key's default in text ("" when it has none), from {@link #DEFINITION}: for callers that start from a map. */
  public static final Map<String, String> DEFAULTS = DEFINITION.defaults();

  /** Checks every key of {@code s} against {@link #DEFINITION} and reads the portal's typed settings. */
  public static PortalConfig from(Settings s) {
    ConfigValues c = DEFINITION.parse(s);
    Map<String, Object> kafka = new HashMap<>(c.under(SharedKeys.KAFKA));
    String bootstrap = c.string(SharedKeys.BOOTSTRAP_SERVERS);
    kafka.put("bootstrap.servers", bootstrap);
    return new PortalConfig(
        bootstrap,
        c.string(SharedKeys.SCHEMA_REGISTRY_URL),
        c.string(SharedKeys.TOPIC_PREFIX),
        Map.copyOf(kafka),
        c.secret(SharedKeys.SUBJECT_KEY_SECRET).orElseThrow(),
        c.string(SharedKeys.HTTP_HOST),
        c.integer(SharedKeys.HTTP_PORT),
        c.optional("portal.base-url"),
        c.secret("portal.link.secret").orElseThrow(),
        c.duration("portal.link.ttl"),
        c.duration("portal.session.ttl"),
        PartnerUsers.parse(String.join(",", c.list("portal.users")), String.join(",", c.list("portal.staff-users"))),
        c.secret("portal.api-keys").orElse(""),
        c.duration("portal.response-window"),
        c.integer("portal.fee.rate-basis-points"),
        c.integer("portal.fee.months"),
        c.integer("portal.rate-limit.sign-in-per-minute"),
        c.integer("portal.rate-limit.api-per-minute"),
        SmtpSettings.from(c));
  }

  private static ConfigDefinition definition() {
    ConfigDefinition.Builder b = SharedKeys.topics(ConfigDefinition.builder("partner-portal"));
    SharedKeys.httpPort(b, 8092);
    SharedKeys.httpHost(b);
    b.requiredSecret("portal.link.secret", SharedKeys.SECRET_MIN_LENGTH, Importance.HIGH,
            "Signs emailed sign-in links, session cookies and CSRF tokens.")
        .optionalString("portal.base-url", "http://localhost:<http.port>", Importance.MEDIUM,
            "The address in emailed links; https turns on Secure cookies.")
        .list("portal.users", "nobody can sign in", Importance.HIGH, "Partner users, email=partnerId, comma-separated.")
        .list("portal.staff-users", "no staff", Importance.MEDIUM, "The broker's staff, comma-separated email addresses.")
        .optionalSecret("portal.api-keys", "no API access", Importance.MEDIUM,
            "Partner API keys, <id>:<partnerId>:<sha256-hex of secret>, comma-separated.")
        .duration("portal.link.ttl", "15m", Duration.ofMinutes(1), Importance.LOW, "Lifetime of an emailed sign-in link.")
        .duration("portal.session.ttl", "8h", Duration.ofMinutes(1), Importance.LOW, "Lifetime of a signed-in session.")
        .duration("portal.response-window", "48h", Duration.ofMinutes(1), Importance.MEDIUM,
            "How long a partner has to answer a lead (docs/partner-portal.md).")
        .integer("portal.fee.rate-basis-points", 1000, 0, 10_000, Importance.MEDIUM,
            "Default commission in basis points of the licence fee, 1000 = 10 % (fee terms version 1).")
        .integer("portal.fee.months", 12, 1, 240, Importance.MEDIUM,
            "Default number of months' licence fee the commission is charged on (fee terms version 1).")
        .integer("portal.rate-limit.sign-in-per-minute", 5, 1, Integer.MAX_VALUE, Importance.LOW,
            "Sign-in link requests allowed per minute.")
        .integer("portal.rate-limit.api-per-minute", 120, 1, Integer.MAX_VALUE, Importance.LOW, "API calls allowed per minute.")
        // Renamed before any release so that the portal and the gateway spell SMTP one way.
        .renamed("smtp.starttls", SmtpSettings.TLS)
        .renamed("smtp.username", SmtpSettings.USER);
    return SharedKeys.smtp(b, "portal@localhost").build();
  }

  /** Secure cookies when the portal is served over TLS (its public address is https). */
  public boolean secureCookies() {
    return baseUrl.map(u -> u.startsWith("https://")).orElse(false);
  }

  /** Without the secrets: a record's own {@code toString} would print them. */
  @Override
  public String toString() {
    return "PortalConfig[bootstrap.servers=" + bootstrapServers + ", topic.prefix=" + topicPrefix + ", http.port=" + port
        + ", subject.key.secret=[hidden], portal.link.secret=[hidden], portal.api-keys=[hidden], " + smtp + "]";
  }
}
