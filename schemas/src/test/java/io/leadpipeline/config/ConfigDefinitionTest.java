package io.leadpipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The definition of a component's keys and what it refuses (docs/SPECIFICATION.md §14). */
class ConfigDefinitionTest {
  private static final String SECRET = "a-subject-key-secret-0123456789";

  private static final ConfigDefinition DEFINITION = definition();

  private static ConfigDefinition definition() {
    ConfigDefinition.Builder b = SharedKeys.topics(ConfigDefinition.builder("example"));
    SharedKeys.httpPort(b, 8099);
    SharedKeys.logFormat(b);
    b.integer("routing.max-partners", 3, 1, 100, Importance.HIGH, "Partners per enquiry.")
        .durationOrOff("suppression.max-register-age", "48h", Duration.ofMinutes(1), Importance.HIGH, "Fail-closed age.")
        .list("portal.users", "nobody", Importance.LOW, "Users.")
        .renamed("smtp.starttls", SmtpSettings.TLS)
        .renamed("smtp.username", SmtpSettings.USER);
    return SharedKeys.smtp(b, "x@localhost").build();
  }

  private static Map<String, String> required() {
    return Map.of("bootstrap.servers", "k:9092", "schema.registry.url", "http://r", "subject.key.secret", SECRET);
  }

  private static ConfigValues parse(Map<String, String> extra) {
    Map<String, String> m = new java.util.HashMap<>(required());
    m.putAll(extra);
    return DEFINITION.parse(Settings.of(m));
  }

  @Test
  void theDefaultsAreFilledInAndTyped() {
    ConfigValues c = parse(Map.of());
    assertThat(c.integer("http.port")).isEqualTo(8099);
    assertThat(c.integer("routing.max-partners")).isEqualTo(3);
    assertThat(c.duration("suppression.max-register-age")).isEqualTo(Duration.ofHours(48));
    assertThat(c.list("portal.users")).isEmpty();
    assertThat(c.string("topic.prefix")).isEmpty();
    assertThat(SmtpSettings.from(c)).isEqualTo(new SmtpSettings("localhost", 587, SmtpSettings.Tls.STARTTLS, "x@localhost",
        Optional.empty(), Optional.empty(), Duration.ofSeconds(20), false));
  }

  @Test
  void offSwitchesADurationCheckOff() {
    assertThat(parse(Map.of("suppression.max-register-age", "off")).duration("suppression.max-register-age")).isZero();
    assertThat(parse(Map.of("suppression.max-register-age", "0")).duration("suppression.max-register-age")).isZero();
  }

  @Test
  void anUnknownKeyIsRefusedWithTheNearestValidKey() {
    assertThatThrownBy(() -> parse(Map.of("routing.max-partner", "2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("routing.max-partner is not a configuration key of example")
        .hasMessageContaining("did you mean routing.max-partners?");
    assertThatThrownBy(() -> parse(Map.of("bootstrap.server", "k:9092")))
        .hasMessageContaining("did you mean bootstrap.servers?");
  }

  @Test
  void aKeyFarFromEveryKeyIsRefusedWithoutAGuess() {
    assertThatThrownBy(() -> parse(Map.of("completely.unrelated.thing", "x")))
        .hasMessageContaining("completely.unrelated.thing is not a configuration key of example")
        .hasMessageNotContaining("did you mean");
  }

  @Test
  void passThroughKeysAreNotChecked() {
    ConfigValues c = parse(Map.of("kafka.sasl.mechanismz", "whatever", "serde.basic.auth.user.info", "u:p"));
    assertThat(c.under("kafka.")).containsEntry("sasl.mechanismz", "whatever");
    assertThatThrownBy(() -> parse(Map.of("kafka.", "x"))).hasMessageContaining("is not a configuration key");
  }

  @Test
  void aRenamedKeyNamesItsNewSpelling() {
    assertThatThrownBy(() -> parse(Map.of("smtp.starttls", "true")))
        .hasMessageContaining("smtp.starttls was renamed smtp.tls");
    assertThatThrownBy(() -> parse(Map.of("smtp.username", "me")))
        .hasMessageContaining("smtp.username was renamed smtp.user");
  }

  @Test
  void aBadValueIsRefusedWithTheKeyTheProblemAndTheRange() {
    assertThatThrownBy(() -> parse(Map.of("routing.max-partners", "0")))
        .hasMessageContaining("routing.max-partners").hasMessageContaining("at least 1")
        .hasMessageContaining("LEAD_PIPELINE_ROUTING_MAX_PARTNERS").hasMessageContaining("allowed: 1 to 100");
    assertThatThrownBy(() -> parse(Map.of("routing.max-partners", "three")))
        .hasMessageContaining("routing.max-partners").hasMessageContaining("three");
    assertThatThrownBy(() -> parse(Map.of("suppression.max-register-age", "10s")))
        .hasMessageContaining("suppression.max-register-age").hasMessageContaining("shorter than 1m").hasMessageContaining("duration ≥ 1m, or 0/off");
    assertThatThrownBy(() -> parse(Map.of("smtp.tls", "ssl")))
        .hasMessageContaining("smtp.tls").hasMessageContaining("starttls, smtps, none");
    assertThatThrownBy(() -> parse(Map.of("log.format", "xml")))
        .hasMessageContaining("log.format").hasMessageContaining("text, json");
  }

  @Test
  void aMissingRequiredKeyIsRefusedNamingItsVariable() {
    assertThatThrownBy(() -> DEFINITION.parse(Settings.of(Map.of("bootstrap.servers", "k:9092", "subject.key.secret", SECRET))))
        .hasMessageContaining("schema.registry.url").hasMessageContaining("LEAD_PIPELINE_SCHEMA_REGISTRY_URL");
    Map<String, String> blank = new java.util.HashMap<>(required());
    blank.put("bootstrap.servers", "  ");
    assertThatThrownBy(() -> DEFINITION.parse(Settings.of(blank))).hasMessageContaining("bootstrap.servers");
  }

  @Test
  void secretsNeverPrint() {
    ConfigValues c = parse(Map.of("smtp.password", "smtp-password-value", "kafka.sasl.jaas.config", "password=\"jaas-value\""));
    assertThat(c.toString()).contains("subject.key.secret", "smtp.password")
        .doesNotContain(SECRET).doesNotContain("smtp-password-value").doesNotContain("jaas-value");
    assertThat(SmtpSettings.from(c).toString()).doesNotContain("smtp-password-value");
    assertThat(c.secret("smtp.password")).contains("smtp-password-value");
    Map<String, String> shortSecret = new java.util.HashMap<>(required());
    shortSecret.put("subject.key.secret", "hunter2");
    assertThatThrownBy(() -> DEFINITION.parse(Settings.of(shortSecret)))
        .hasMessageContaining("subject.key.secret").hasMessageContaining("16").hasMessageNotContaining("hunter2");
  }

  @Test
  void theEnvironmentIsCheckedToo(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("x.properties");
    Files.writeString(file, "kafka.sasl.jaas.config=x\n");
    Settings s = Settings.load(DEFINITION, Optional.of(file),
        Map.of("LEAD_PIPELINE_KAFKA_SASL_JAAS_CONFIG", "y", "LEAD_PIPELINE_SERDE_BASIC_AUTH_USER_INFO", "u:p",
            "LEAD_PIPELINE_LOCAL_STACK_KAFKA_LIBS", "/opt", "HOME", "/root"),
        required());
    assertThat(s.under("kafka.")).containsEntry("sasl.jaas.config", "y");
    assertThat(s.under("serde.")).containsEntry("basic.auth.user.info", "u:p");
    assertThatThrownBy(() -> Settings.load(DEFINITION, Optional.empty(), Map.of("LEAD_PIPELINE_HTTP_PROT", "1"), Map.of()))
        .hasMessageContaining("environment variable LEAD_PIPELINE_HTTP_PROT")
        .hasMessageContaining("did you mean http.port?");
    Files.writeString(file, "smtp.hots=relay\n");
    assertThatThrownBy(() -> Settings.load(DEFINITION, Optional.of(file), Map.of(), Map.of()))
        .hasMessageContaining(file.toString()).hasMessageContaining("did you mean smtp.host?");
  }

  @Test
  void aKeyIsDefinedOnceWithOneLineOfDocumentation() {
    ConfigDefinition.Builder b = ConfigDefinition.builder("twice").string("a.b", "", Importance.LOW, "A.");
    assertThatThrownBy(() -> b.string("a.b", "", Importance.LOW, "Again.")).hasMessageContaining("defined twice");
    assertThatThrownBy(() -> ConfigDefinition.builder("x").string("c", "", Importance.LOW, "a | b"))
        .hasMessageContaining("one line");
    assertThatThrownBy(() -> ConfigDefinition.builder("x").duration("d", "soon", Duration.ZERO, Importance.LOW, "D."))
        .hasMessageContaining("d");
  }

  @Test
  void theGeneratedTableShowsEveryKeyAndItsRule() {
    String table = ConfigDocs.table(DEFINITION);
    assertThat(table).contains("| `bootstrap.servers` | (required) |  |")
        .contains("| `routing.max-partners` | 3 | 1 to 100 |")
        .contains("| `smtp.user` | (no authentication) |")
        .contains("| `kafka.*` |");
    String text = "before\n" + ConfigDocs.BEGIN.formatted("example") + "\nold\n" + ConfigDocs.END.formatted("example") + "\nafter\n";
    assertThat(ConfigDocs.replaceTable(text, DEFINITION)).isEqualTo("before\n" + table + "\nafter\n");
  }

  @Test
  void theKeysFileMarksDefaultsThatDifferPerComponent() {
    ConfigDefinition router = SharedKeys.httpPort(SharedKeys.topics(ConfigDefinition.builder("lead-router")), 8091).build();
    ConfigDefinition service = SharedKeys.httpPort(SharedKeys.topics(ConfigDefinition.builder("suppression-service")), 8090).build();
    List<String> lines = ConfigDocs.keysFile(List.of(router, service)).lines().filter(l -> !l.startsWith("#")).toList();
    assertThat(lines).contains("http.port | lead-router, suppression-service | 8091 (router), 8090 (service) | "
        + router.key("http.port").orElseThrow().doc());
    assertThat(lines).anyMatch(l -> l.startsWith("bootstrap.servers | lead-router, suppression-service | (required) |"));
    assertThat(lines).anyMatch(l -> l.startsWith("kafka.* | lead-router, suppression-service | (none) |"));
  }
}
