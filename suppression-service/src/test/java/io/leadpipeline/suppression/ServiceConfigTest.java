package io.leadpipeline.suppression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceConfigTest {
  @TempDir Path dir;

  @Test
  void theFileIsReadAndEnvironmentVariablesOverrideItAndTheDefaults() throws Exception {
    Path file = dir.resolve("service.properties");
    Files.writeString(file, String.join("\n",
        "bootstrap.servers=kafka:9092", "schema.registry.url=http://registry", "subject.key.secret=SUBJECT-SECRET-VALUE",
        "unsubscribe.token.secret=TOKEN-SECRET-VALUE", "http.port=9000", "kafka.security.protocol=SSL"));
    Settings s = Settings.load(ServiceConfig.DEFINITION, Optional.of(file),
        Map.of("LEAD_PIPELINE_HTTP_PORT", "9100", "LEAD_PIPELINE_API_RATE_LIMIT_PER_MINUTE", "5"), Map.of());
    ServiceConfig c = ServiceConfig.from(s);
    assertThat(c.httpPort()).isEqualTo(9100);
    assertThat(c.rateLimitPerMinute()).isEqualTo(5);
    assertThat(c.unsubscribeTokenTtl()).isEqualTo(Duration.ofDays(30));
    assertThat(c.topicPrefix()).isEmpty();
    assertThat(c.baseUrl(9100)).isEqualTo("http://localhost:9100");
    assertThat(c.kafkaClientConfig()).containsEntry("security.protocol", "SSL").containsEntry("bootstrap.servers", "kafka:9092");
    assertThat(c.toString()).doesNotContain("SUBJECT-SECRET-VALUE").doesNotContain("TOKEN-SECRET-VALUE");
  }

  @Test
  void theSecretsAreRequired() {
    Settings s = Settings.load(ServiceConfig.DEFINITION, Optional.empty(),
        Map.of("LEAD_PIPELINE_BOOTSTRAP_SERVERS", "k:9092", "LEAD_PIPELINE_SCHEMA_REGISTRY_URL", "http://r"), Map.of());
    assertThatThrownBy(() -> ServiceConfig.from(s)).hasMessageContaining("subject.key.secret");
  }

  @Test
  void theImageConfigParsesWithItsSecretsSet() {
    Settings s = Settings.load(ServiceConfig.DEFINITION, Optional.of(Path.of("../ops/docker/suppression-service.properties")),
        Map.of("LEAD_PIPELINE_SUBJECT_KEY_SECRET", "SUBJECT-SECRET-VALUE", "LEAD_PIPELINE_UNSUBSCRIBE_TOKEN_SECRET", "TOKEN-SECRET-VALUE"),
        Map.of());
    assertThat(ServiceConfig.from(s).httpPort()).isEqualTo(8090);
  }

  @Test
  void aMistypedKeyIsRefusedNamingTheNearestOne() {
    assertThatThrownBy(() -> Settings.load(ServiceConfig.DEFINITION, Optional.empty(),
        Map.of("LEAD_PIPELINE_API_RATE_LIMIT_PER_MINUT", "5"), Map.of()))
        .hasMessageContaining("LEAD_PIPELINE_API_RATE_LIMIT_PER_MINUT")
        .hasMessageContaining("did you mean api.rate-limit.per-minute?");
    assertThatThrownBy(() -> Settings.load(ServiceConfig.DEFINITION, Optional.empty(), Map.of(),
        Map.of("routing.max-partners", "3")))
        .hasMessageContaining("routing.max-partners is not a configuration key of suppression-service");
  }

  @Test
  void aBadValueIsRefusedWithTheKeyAndItsRange() throws Exception {
    Path file = dir.resolve("service.properties");
    Files.writeString(file, String.join("\n",
        "bootstrap.servers=kafka:9092", "schema.registry.url=http://registry", "subject.key.secret=SUBJECT-SECRET-VALUE",
        "unsubscribe.token.secret=TOKEN-SECRET-VALUE", "http.port=70000"));
    Settings s = Settings.load(ServiceConfig.DEFINITION, Optional.of(file), Map.of(), Map.of());
    assertThatThrownBy(() -> ServiceConfig.from(s)).hasMessageContaining("http.port").hasMessageContaining("0 to 65535");
  }
}
