package io.leadpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.config.Settings;
import io.leadpipeline.config.SmtpSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The gateway's keys as its command line reads them (docs/SPECIFICATION.md §14, docs/partner-delivery.md §10). */
class GatewayConfigTest {
  private static final String SECRET = "gateway-subject-key-secret-0123456789";

  private static Map<String, String> required() {
    return new HashMap<>(Map.of("bootstrap.servers", "k:9092", "schema.registry.url", "http://r", "subject.key.secret", SECRET));
  }

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    GatewayConfig c = GatewayConfig.from(Settings.of(required()));
    assertThat(c.groupId()).isEqualTo("partner-gateway");
    assertThat(c.workers()).isEqualTo(16);
    assertThat(c.httpPort()).isEqualTo(8083);
    assertThat(c.secretsFile()).isNull();
    assertThat(c.allowedNetworks()).isEmpty();
    assertThat(c.retry()).isEqualTo(new io.leadpipeline.gateway.retry.RetryPolicy(
        Duration.ofSeconds(30), Duration.ofHours(8), Duration.ofHours(72), Duration.ofHours(24)));
    assertThat(c.smtp().tls()).isEqualTo(SmtpSettings.Tls.STARTTLS);
    assertThat(c.smtp().port()).isEqualTo(587);
    assertThat(c.smtp().from()).isEqualTo("leads@localhost");
  }

  @Test
  void theImageConfigParses() {
    Settings s = Settings.load(GatewayConfig.DEFINITION, Optional.of(Path.of("../ops/docker/partner-gateway.properties")),
        Map.of("LEAD_PIPELINE_SUBJECT_KEY_SECRET", SECRET, "LEAD_PIPELINE_SMTP_HOST", "relay"), Map.of());
    GatewayConfig c = GatewayConfig.from(s);
    assertThat(c.secretsFile()).isEqualTo(Path.of("/run/secrets/partner-signing-secrets"));
    assertThat(c.smtp().host()).isEqualTo("relay");
  }

  @Test
  void allowedNetworksAreAList() {
    Map<String, String> m = required();
    m.put("webhook.allowed-networks", "10.0.0.0/8, 192.168.1.0/24");
    assertThat(GatewayConfig.from(Settings.of(m)).allowedNetworks()).containsExactly("10.0.0.0/8", "192.168.1.0/24");
  }

  @Test
  void aMistypedKeyOrABadValueIsRefused() {
    Map<String, String> typo = required();
    typo.put("retry.give-up-afer", "1h");
    assertThatThrownBy(() -> GatewayConfig.from(Settings.of(typo))).hasMessageContaining("did you mean retry.give-up-after?");
    Map<String, String> bad = required();
    bad.put("smtp.tls", "ssl");
    assertThatThrownBy(() -> GatewayConfig.from(Settings.of(bad)))
        .hasMessageContaining("smtp.tls").hasMessageContaining("starttls, smtps, none");
  }

  @Test
  void theSmtpPasswordNeverPrints() {
    Map<String, String> m = required();
    m.put("smtp.user", "relay-user");
    m.put("smtp.password", "relay-password-value");
    GatewayConfig c = GatewayConfig.from(Settings.of(m));
    assertThat(c.smtp().password()).contains("relay-password-value");
    assertThat(c.toString()).doesNotContain("relay-password-value").doesNotContain(SECRET.substring(0, 20));
  }
}
