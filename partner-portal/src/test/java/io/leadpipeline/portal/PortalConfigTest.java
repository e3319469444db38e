package io.leadpipeline.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.config.Settings;
import io.leadpipeline.config.SmtpSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The portal's keys (docs/SPECIFICATION.md §14, docs/partner-portal.md §8). */
class PortalConfigTest {
  private static Map<String, String> required() {
    return new HashMap<>(Map.of("bootstrap.servers", "k:9092", "schema.registry.url", "http://r",
        "subject.key.secret", "portal-subject-key-secret-0123", "portal.link.secret", "portal-link-secret-0123456789"));
  }

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    PortalConfig c = PortalConfig.from(Settings.of(required()));
    assertThat(c.port()).isEqualTo(8092);
    assertThat(c.linkTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.responseWindow()).isEqualTo(Duration.ofHours(48));
    assertThat(c.feeRateBasisPoints()).isEqualTo(1000);
    assertThat(c.feeMonths()).isEqualTo(12);
    assertThat(c.smtp().tls()).isEqualTo(SmtpSettings.Tls.STARTTLS);
    assertThat(c.smtp().from()).isEqualTo("portal@localhost");
    assertThat(c.kafka()).containsEntry("bootstrap.servers", "k:9092");
  }

  @Test
  void theSmtpKeysAreSpelledAsTheGatewaysAndTheOldSpellingsNameTheNewOnes() {
    Map<String, String> m = required();
    m.put("smtp.tls", "none");
    m.put("smtp.user", "relay-user");
    assertThat(PortalConfig.from(Settings.of(m)).smtp().user()).contains("relay-user");
    Map<String, String> old = required();
    old.put("smtp.starttls", "true");
    assertThatThrownBy(() -> PortalConfig.from(Settings.of(old))).hasMessageContaining("smtp.starttls was renamed smtp.tls");
  }

  @Test
  void aMistypedKeyOrABadValueIsRefused() {
    Map<String, String> typo = required();
    typo.put("portal.response-windows", "24h");
    assertThatThrownBy(() -> PortalConfig.from(Settings.of(typo))).hasMessageContaining("did you mean portal.response-window?");
    Map<String, String> bad = required();
    bad.put("portal.fee.rate-basis-points", "20000");
    assertThatThrownBy(() -> PortalConfig.from(Settings.of(bad)))
        .hasMessageContaining("portal.fee.rate-basis-points").hasMessageContaining("0 to 10000");
  }

  @Test
  void theLinkSecretIsRequiredAndNeverPrinted() {
    Map<String, String> m = required();
    m.remove("portal.link.secret");
    assertThatThrownBy(() -> PortalConfig.from(Settings.of(m))).hasMessageContaining("portal.link.secret");
    assertThat(PortalConfig.from(Settings.of(required())).toString())
        .doesNotContain("portal-link-secret-0123456789").doesNotContain("portal-subject-key-secret-0123");
    m.put("portal.link.secret", "short-secret");
    assertThatThrownBy(() -> PortalConfig.from(Settings.of(m)))
        .hasMessageContaining("portal.link.secret").hasMessageNotContaining("short-secret");
  }
}
