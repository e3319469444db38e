package io.leadpipeline.suppression.unsubscribe;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring tokens for the links in emails: {@code v1.<subjectKey>.<expiresEpochSecond>.<hmac>}.
 * The token carries the subject key (itself an HMAC of the email), never the address, so a
 * forwarded or logged link reveals nobody. The signature uses its own secret, separate from the
 * subject-key secret, so leaking one does not forge the other.
 */
public final class UnsubscribeTokens {
  private static final String VERSION = "v1";
  private static final Pattern SUBJECT_KEY = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern EPOCH = Pattern.compile("[0-9]{1,12}");
  private static final int MAX_TOKEN_LENGTH = 256;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final Duration ttl;
  private final Clock clock;

  /** What a presented token turned out to be. */
  public sealed interface Verification {
    record Valid(String subjectKey, Instant expiresAt) implements Verification {}

    record Expired() implements Verification {}

    record Invalid() implements Verification {}
  }

  public UnsubscribeTokens(String secret, Duration ttl, Clock clock) {
    if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 16) {
      throw new IllegalArgumentException("unsubscribe.token.secret must be at least 16 bytes");
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("unsubscribe.token.ttl must be positive");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.ttl = ttl;
    this.clock = clock;
  }

  public String issue(String subjectKey) {
    if (!SUBJECT_KEY.matcher(subjectKey).matches()) {
      throw new IllegalArgumentException("not a subject key");
    }
    String payload = VERSION + "." + subjectKey + "." + clock.instant().plus(ttl).getEpochSecond();
    return payload + "." + B64.encodeToString(sign(payload));
  }

  public Verification verify(String token) {
    if (token == null || token.length() > MAX_TOKEN_LENGTH) {
      return new Verification.Invalid();
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 4
        || !VERSION.equals(parts[0])
        || !SUBJECT_KEY.matcher(parts[1]).matches()
        || !EPOCH.matcher(parts[2]).matches()) {
      return new Verification.Invalid();
    }
    byte[] presented;
    try {
      presented = B64D.decode(parts[3]);
    } catch (IllegalArgumentException e) {
      return new Verification.Invalid();
    }
    String payload = parts[0] + "." + parts[1] + "." + parts[2];
    if (!MessageDigest.isEqual(sign(payload), presented)) {
      return new Verification.Invalid();
    }
    Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[2]));
    // Checked after the signature, so an expired page is shown only for tokens we issued.
    if (!clock.instant().isBefore(expiresAt)) {
      return new Verification.Expired();
    }
    return new Verification.Valid(parts[1], expiresAt);
  }

  private byte[] sign(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
