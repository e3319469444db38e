package io.leadpipeline.portal;

import io.leadpipeline.config.Settings;
import io.leadpipeline.portal.signin.PartnerUsers;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The portal's settings (docs/partner-portal.md §8), read through the project's {@link Settings}. */
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
    String smtpHost,
    int smtpPort,
    String smtpFrom,
    boolean smtpStartTls,
    Optional<String> smtpUsername,
    Optional<String> smtpPassword) {

  /** Every key with its default; {@code ops/config-keys.txt} lists them too. */
  public static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          // Empty: required, but listed so an environment variable can set them.
          Map.entry("bootstrap.servers", ""),
          Map.entry("schema.registry.url", ""),
          Map.entry("subject.key.secret", ""),
          Map.entry("portal.link.secret", ""),
          Map.entry("portal.base-url", ""),
          Map.entry("smtp.username", ""),
          Map.entry("smtp.password", ""),
          Map.entry("topic.prefix", ""),
          Map.entry("http.host", "0.0.0.0"),
          Map.entry("http.port", "8092"),
          Map.entry("portal.link.ttl", "15m"),
          Map.entry("portal.session.ttl", "8h"),
          Map.entry("portal.users", ""),
          Map.entry("portal.staff-users", ""),
          Map.entry("portal.api-keys", ""),
          Map.entry("portal.response-window", "48h"),
          Map.entry("portal.fee.rate-basis-points", "1000"),
          Map.entry("portal.fee.months", "12"),
          Map.entry("portal.rate-limit.sign-in-per-minute", "5"),
          Map.entry("portal.rate-limit.api-per-minute", "120"),
          Map.entry("smtp.host", "localhost"),
          Map.entry("smtp.port", "25"),
          Map.entry("smtp.from", "portal@localhost"),
          Map.entry("smtp.starttls", "false"));

  public static PortalConfig from(Settings s) {
    Map<String, Object> kafka = new HashMap<>(s.under("kafka."));
    String bootstrap = s.require("bootstrap.servers");
    kafka.put("bootstrap.servers", bootstrap);
    String window = s.string("portal.response-window", "48h");
    PortalConfig c =
        new PortalConfig(
            bootstrap,
            s.require("schema.registry.url"),
            s.string("topic.prefix", ""),
            Map.copyOf(kafka),
            s.require("subject.key.secret"),
            s.string("http.host", "0.0.0.0"),
            s.integer("http.port", 8092),
            s.find("portal.base-url"),
            s.require("portal.link.secret"),
            s.duration("portal.link.ttl", Duration.ofMinutes(15)),
            s.duration("portal.session.ttl", Duration.ofHours(8)),
            PartnerUsers.parse(s.string("portal.users", ""), s.string("portal.staff-users", "")),
            s.string("portal.api-keys", ""),
            Settings.parseDuration("portal.response-window", window),
            s.integer("portal.fee.rate-basis-points", 1000),
            s.integer("portal.fee.months", 12),
            s.integer("portal.rate-limit.sign-in-per-minute", 5),
            s.integer("portal.rate-limit.api-per-minute", 120),
            s.string("smtp.host", "localhost"),
            s.integer("smtp.port", 25),
            s.string("smtp.from", "portal@localhost"),
            s.bool("smtp.starttls", false),
            s.find("smtp.username"),
            s.find("smtp.password"));
    if (c.feeRateBasisPoints < 0 || c.feeRateBasisPoints > 10_000) {
      throw new IllegalArgumentException("portal.fee.rate-basis-points must be 0 to 10000");
    }
    if (c.feeMonths < 1) {
      throw new IllegalArgumentException("portal.fee.months must be at least 1");
    }
    return c;
  }

  /** Secure cookies when the portal is served over TLS (its public address is https). */
  public boolean secureCookies() {
    return baseUrl.map(u -> u.startsWith("https://")).orElse(false);
  }
}
