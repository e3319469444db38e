package io.leadpipeline.gateway.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks v1 signatures (docs/partner-delivery.md §3): {@code v1,<base64
 * HMAC-SHA256(id.timestamp.body)>} under each of the partner's secrets, space-separated, so a
 * receiver that knows either the old or the new secret accepts a message during a rotation.
 */
public final class WebhookSigner {
  private static final String ALGORITHM = "HmacSHA256";

  private WebhookSigner() {}

  /** The {@code webhook-signature} header value for one message. */
  public static String signature(
      List<SigningSecret> secrets, String webhookId, long timestampSeconds, byte[] body) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("a webhook needs at least one signing secret");
    }
    byte[] prefix = (webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
    List<String> parts = new ArrayList<>();
    for (SigningSecret secret : secrets) {
      try {
        Mac mac = Mac.getInstance(ALGORITHM);
        mac.init(new SecretKeySpec(secret.key(), ALGORITHM));
        mac.update(prefix);
        mac.update(body);
        parts.add("v1," + Base64.getEncoder().encodeToString(mac.doFinal()));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
      }
    }
    return String.join(" ", parts);
  }
}
