package io.leadpipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @Test
  void fileOverridesDefaultsEnvironmentOverridesFileOptionsOverrideAll(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("router.properties");
    Files.writeString(file, "bootstrap.servers=file:9092\ntopic.prefix=file.\nmax.partners=4\n");
    ConfigDefinition definition = ConfigDefinition.builder("test")
        .string("bootstrap.servers", "default:9092", Importance.HIGH, "Kafka.")
        .string("topic.prefix", "", Importance.LOW, "Prefix.")
        .integer("max.partners", 3, 1, 10, Importance.LOW, "Partners.")
        .duration("dedupe.window", "30d", Duration.ZERO, Importance.LOW, "Window.")
        .build();

    Settings settings =
        Settings.load(
            definition,
            Optional.of(file),
            Map.of("LEAD_PIPELINE_TOPIC_PREFIX", "env.", "LEAD_PIPELINE_MAX_PARTNERS", "5", "PATH", "/bin"),
            Map.of("max.partners", "6"));

    ConfigValues values = definition.parse(settings);
    assertThat(values.string("bootstrap.servers")).isEqualTo("file:9092");
    assertThat(values.string("topic.prefix")).isEqualTo("env.");
    assertThat(values.integer("max.partners")).isEqualTo(6);
    assertThat(values.duration("dedupe.window")).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void durationsReadShortAndIsoForms() {
    assertThat(Settings.parseDuration("k", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Settings.parseDuration("k", "2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Settings.parseDuration("k", "PT90S")).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> Settings.parseDuration("k", "soon"))
        .hasMessageContaining("k must be a duration");
  }

  @Test
  void aMissingRequiredKeyNamesItsVariable() {
    assertThatThrownBy(() -> Settings.of(Map.of()).require("subject.key.secret"))
        .hasMessageContaining("LEAD_PIPELINE_SUBJECT_KEY_SECRET");
  }

  @Test
  void clientSettingsAreHandedOnWithoutTheirPrefix() {
    Settings settings = Settings.of(Map.of("kafka.security.protocol", "SASL_SSL", "other", "x"));
    assertThat(settings.under("kafka.")).containsExactly(Map.entry("security.protocol", "SASL_SSL"));
  }

  @Test
  void toStringShowsNoValues() {
    assertThat(Settings.of(Map.of("subject.key.secret", "hunter2")).toString())
        .doesNotContain("hunter2");
  }

  @Test
  void durationsPrintInTheirLargestExactUnit() {
    assertThat(Settings.formatDuration(Duration.ofDays(30))).isEqualTo("30d");
    assertThat(Settings.formatDuration(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(Settings.formatDuration(Duration.ofMillis(100))).isEqualTo("100ms");
    assertThat(Settings.formatDuration(Duration.ZERO)).isEqualTo("0ms");
  }
}
