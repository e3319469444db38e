package io.leadpipeline.gateway.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/partner-delivery.md §3: signatures checked by the Standard Webhooks reference library. */
class WebhookSignerTest {
  private static final String BODY = "{\"type\":\"lead.introduced\",\"data\":{\"leadId\":\"l-1\"}}";

  static String newSecret() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  static Map<String, List<String>> headers(String id, long ts, String signature) {
    return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(ts)),
        "webhook-signature", List.of(signature));
  }

  @Test
  void theReferenceVerifierAcceptsOurSignature() throws Exception {
    String secret = newSecret();
    long now = System.currentTimeMillis() / 1000;
    String sig = WebhookSigner.signature(List.of(SigningSecret.parse("a", secret)), "l-1", now, BODY.getBytes(StandardCharsets.UTF_8));

    assertThat(sig).startsWith("v1,");
    assertThatCode(() -> new Webhook(secret).verify(BODY, headers("l-1", now, sig))).doesNotThrowAnyException();
    assertThat(sig).isEqualTo(new Webhook(secret).sign("l-1", now, BODY));
  }

  @Test
  void duringARotationAReceiverWithEitherSecretAccepts() {
    String old = newSecret();
    String next = newSecret();
    long now = System.currentTimeMillis() / 1000;
    String sig = WebhookSigner.signature(
        List.of(SigningSecret.parse("old", old), SigningSecret.parse("new", next)), "l-2", now, BODY.getBytes(StandardCharsets.UTF_8));

    assertThat(sig.split(" ")).hasSize(2);
    assertThatCode(() -> new Webhook(old).verify(BODY, headers("l-2", now, sig))).doesNotThrowAnyException();
    assertThatCode(() -> new Webhook(next).verify(BODY, headers("l-2", now, sig))).doesNotThrowAnyException();
  }

  @Test
  void aChangedBodyIdOrTimestampFailsVerification() {
    String secret = newSecret();
    long now = System.currentTimeMillis() / 1000;
    String sig = WebhookSigner.signature(List.of(SigningSecret.parse("a", secret)), "l-3", now, BODY.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> new Webhook(secret).verify(BODY + " ", headers("l-3", now, sig)))
        .isInstanceOf(WebhookVerificationException.class);
    assertThatThrownBy(() -> new Webhook(secret).verify(BODY, headers("l-4", now, sig)))
        .isInstanceOf(WebhookVerificationException.class);
    assertThatThrownBy(() -> new Webhook(secret).verify(BODY, headers("l-3", now - 1, sig)))
        .isInstanceOf(WebhookVerificationException.class);
    assertThatThrownBy(() -> new Webhook(newSecret()).verify(BODY, headers("l-3", now, sig)))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void aSecretNeverShowsInTextAndBadOnesAreRefusedByIdOnly() {
    String secret = newSecret();
    SigningSecret s = SigningSecret.parse("partner-a-2026", secret);
    assertThat(s.toString()).doesNotContain(secret.substring(6)).contains("partner-a-2026");
    assertThatThrownBy(() -> SigningSecret.parse("x", "not-a-secret"))
        .hasMessageContaining("x").hasMessageNotContaining("not-a-secret");
    assertThatThrownBy(() -> SigningSecret.parse("short", "whsec_" + Base64.getEncoder().encodeToString(new byte[8])))
        .hasMessageContaining("24 to 64 bytes");
    assertThatThrownBy(() -> WebhookSigner.signature(List.of(), "id", 1, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unknownSecretIdsResolveToNothingSoTheDeliveryHolds() {
    SigningSecrets secrets = new SigningSecrets(Map.of("a", SigningSecret.parse("a", newSecret())));
    assertThat(secrets.resolve(List.of("a"))).isPresent();
    assertThat(secrets.resolve(List.of("a", "b"))).isEmpty();
    assertThat(secrets.resolve(List.of())).isEmpty();
  }
}
