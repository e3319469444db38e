package io.leadpipeline.config;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef.Importance;

/**
 * The keys several components share, defined once (docs/SPECIFICATION.md §14): Kafka and the
 * registry, the topic prefix, the subject-key secret, the HTTP port, the log format, the
 * pass-through families and SMTP. A component's definition starts from these.
 */
public final class SharedKeys {
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String TOPIC_PREFIX = "topic.prefix";
  public static final String SUBJECT_KEY_SECRET = "subject.key.secret";
  public static final String HTTP_PORT = "http.port";
  public static final String HTTP_HOST = "http.host";
  public static final String KAFKA = "kafka.";
  public static final String SERDE = "serde.";

  /** The subject-key secret's shortest length: an HMAC key shorter than this is guessable. */
  public static final int SECRET_MIN_LENGTH = 16;

  private SharedKeys() {}

  /**
   * Kafka, the registry, the topic prefix, the subject-key secret, {@code kafka.*} and
   * {@code serde.*}: what every component that reads or writes topics needs. Kafka and the
   * registry are required everywhere: a service that quietly connects to localhost in production
   * is worse than one that refuses to start.
   */
  public static ConfigDefinition.Builder topics(ConfigDefinition.Builder b) {
    return b
        .requiredString(BOOTSTRAP_SERVERS, Importance.HIGH, "Kafka bootstrap servers, host:port[,host:port].")
        .requiredString(SCHEMA_REGISTRY_URL, Importance.HIGH,
            "Confluent-API schema registry URL (Apicurio: .../apis/ccompat/v7).")
        .string(TOPIC_PREFIX, "", Importance.MEDIUM, "Prefix put in front of every catalogue topic name.")
        .requiredSecret(SUBJECT_KEY_SECRET, SECRET_MIN_LENGTH, Importance.HIGH,
            "HMAC secret of subject and phone keys; the same on every service.")
        .passThrough(KAFKA, "Handed to the Kafka clients without the prefix (SASL, TLS, timeouts); not checked here.")
        .passThrough(SERDE, "Handed to the Avro serde without the prefix (serde.avro.serde.class, serde.basic.auth.user.info).");
  }

  /** The port of {@code /metrics} and the health checks (and the component's own pages). */
  public static ConfigDefinition.Builder httpPort(ConfigDefinition.Builder b, int port) {
    return b.integer(HTTP_PORT, port, 0, 65535, Importance.MEDIUM,
        "Port of /metrics, /health/live, /health/ready and any pages or API; 0 = any free port.");
  }

  public static ConfigDefinition.Builder httpHost(ConfigDefinition.Builder b) {
    return b.string(HTTP_HOST, "0.0.0.0", Importance.LOW, "Listen address of the HTTP server.");
  }

  public static ConfigDefinition.Builder logFormat(ConfigDefinition.Builder b) {
    return b.choice(LogFormat.KEY, LogFormat.DEFAULT, List.of("text", "json"), Importance.LOW,
        "Log lines for people (text) or one JSON object per line (json); applied by the commands before anything logs, not by an embedding start().");
  }

  /**
   * The SMTP relay, one spelling for every component that sends mail; {@code from} is the
   * component's own sender.
   */
  public static ConfigDefinition.Builder smtp(ConfigDefinition.Builder b, String from) {
    return b
        .string(SmtpSettings.HOST, "localhost", Importance.MEDIUM, "SMTP relay host.")
        .integer(SmtpSettings.PORT, 587, 1, 65535, Importance.MEDIUM, "SMTP relay port.")
        .choice(SmtpSettings.TLS, "starttls", List.of("starttls", "smtps", "none"), Importance.MEDIUM,
            "starttls (upgrade required, nothing sent in clear), smtps (TLS from the first byte) or none (a local relay only).")
        .string(SmtpSettings.FROM, from, Importance.MEDIUM, "From address of the emails.")
        .optionalString(SmtpSettings.USER, "no authentication", Importance.MEDIUM, "SMTP user name.")
        .optionalSecret(SmtpSettings.PASSWORD, "none", Importance.MEDIUM, "SMTP password.")
        .duration(SmtpSettings.TIMEOUT, "20s", Duration.ofSeconds(1), Importance.LOW,
            "Connect, read and write timeout of SMTP.")
        .bool(SmtpSettings.TRUST_ALL, false, Importance.LOW,
            "Accept any SMTP server certificate (a test relay only).");
  }
}
