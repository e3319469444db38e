package io.leadpipeline.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes that stand for a person in every topic, store, metric and log: HMAC-SHA-256 over
 * the normalised identifier with a secret from configuration, in hex. Without the secret a key
 * cannot be reversed by hashing a list of numbers, and every service that holds the same secret
 * computes the same key.
 *
 * <p>Emails and phones are hashed in separate domains ({@code email:} and {@code phone:}), so a
 * key also says which kind of identifier it stands for.
 */
public final class SubjectKeys {
  private static final String ALGORITHM = "HmacSHA256";
  private static final int MIN_SECRET_BYTES = 16;
  private static final HexFormat HEX = HexFormat.of();

  private final ThreadLocal<Mac> mac;

  public SubjectKeys(String secret) {
    if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("the subject key secret must be at least 16 bytes");
    }
    SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    this.mac =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac m = Mac.getInstance(ALGORITHM);
                m.init(key);
                return m;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
              }
            });
  }

  /** The subject key of an email address, normalising it first. */
  public String ofEmail(String email) {
    return hash("email:" + Emails.normalise(email));
  }

  /** The key of a phone number, normalising it to E.164 first. */
  public String ofPhone(String phone) {
    return hash("phone:" + PhoneNumbers.toE164(phone));
  }

  /** The key of a number already in E.164, as the TPS ingest and the router hold it. */
  public String ofE164(String e164) {
    return hash("phone:" + e164);
  }

  private String hash(String identifier) {
    return HEX.formatHex(mac.get().doFinal(identifier.getBytes(StandardCharsets.UTF_8)));
  }
}
