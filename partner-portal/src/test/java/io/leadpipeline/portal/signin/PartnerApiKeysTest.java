package io.leadpipeline.portal.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PartnerApiKeysTest {
  private final PartnerApiKeys keys = PartnerApiKeys.parse(
      "ka:acme:" + HexFormat.of().formatHex(PartnerApiKeys.sha256("secret-a"))
          + ",kb:hub-7:" + HexFormat.of().formatHex(PartnerApiKeys.sha256("secret-b")));

  @Test
  void aKeySpeaksForItsOwnPartnerOnly() {
    assertThat(keys.authenticate("Bearer ka.secret-a")).hasValue(new PartnerApiKeys.Caller("ka", "acme"));
    assertThat(keys.authenticate("Bearer kb.secret-b")).hasValue(new PartnerApiKeys.Caller("kb", "hub-7"));
  }

  @Test
  void anotherKeysSecretDoesNotAuthenticate() {
    assertThat(keys.authenticate("Bearer ka.secret-b")).isEmpty();
    assertThat(keys.authenticate("Bearer nobody.secret-a")).isEmpty();
    assertThat(keys.authenticate("ka.secret-a")).isEmpty();
    assertThat(keys.authenticate(null)).isEmpty();
  }

  @Test
  void aMalformedEntryIsRefusedAtStart() {
    assertThatThrownBy(() -> PartnerApiKeys.parse("ka:Acme!:00")).isInstanceOf(IllegalArgumentException.class);
  }
}
