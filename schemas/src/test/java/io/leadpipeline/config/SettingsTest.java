package io.leadpipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @Test
  void fileOverridesDefaultsEnvironmentOverridesFileOptionsOverrideAll(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("router.properties");
    Files.writeString(file, "bootstrap.servers=file:9092\ntopic.prefix=file.\nmax.partners=4\n");

    Settings settings =
        Settings.load(
            Map.of("bootstrap.servers", "default:9092", "max.partners", "3", "dedupe.window", "30d"),
            Optional.of(file),
            Map.of("LEAD_PIPELINE_TOPIC_PREFIX", "env.", "LEAD_PIPELINE_MAX_PARTNERS", "5"),
            Map.of("max.partners", "6"));

    assertThat(settings.require("bootstrap.servers")).isEqualTo("file:9092");
    assertThat(settings.string("topic.prefix", "")).isEqualTo("env.");
    assertThat(settings.integer("max.partners", 0)).isEqualTo(6);
    assertThat(settings.duration("dedupe.window", Duration.ZERO)).isEqualTo(Duration.ofDays(30));
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
}
