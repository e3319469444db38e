package io.leadpipeline.portal.signin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring tokens {@code v1.<field>….<expiresEpochSecond>.<hmac>} for one purpose. The
 * purpose is inside the MAC, so a sign-in link cannot be presented as a session cookie or the
 * other way round. Fields may not contain dots; the callers keep to ids and hex keys.
 */
public final class SignedTokens {
  private static final String VERSION = "v1";
  private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_:-]{1,100}");
  private static final Pattern EPOCH = Pattern.compile("[0-9]{1,12}");
  private static final int MAX_TOKEN_LENGTH = 512;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final String purpose;
  private final int fieldCount;
  private final SecretKeySpec key;
  private final Clock clock;

  /** What a presented token turned out to be. */
  public sealed interface Verification {
    record Valid(List<String> fields, Instant expiresAt) implements Verification {}

    /** Signed by us, but too old: worth a page that says so. */
    record Expired() implements Verification {}

    /** Not ours, altered, or not a token at all. */
    record Invalid() implements Verification {}
  }

  public SignedTokens(String purpose, int fieldCount, String secret, Clock clock) {
    if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 16) {
      throw new IllegalArgumentException("portal.link.secret must be at least 16 bytes");
    }
    this.purpose = purpose;
    this.fieldCount = fieldCount;
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.clock = clock;
  }

  public String issue(Duration ttl, String... fields) {
    if (fields.length != fieldCount) {
      throw new IllegalArgumentException(purpose + " tokens carry " + fieldCount + " fields");
    }
    for (String f : fields) {
      if (!FIELD.matcher(f).matches()) {
        throw new IllegalArgumentException("a token field may hold letters, digits, '_', ':' and '-' only");
      }
    }
    String payload =
        VERSION + "." + String.join(".", fields) + "." + clock.instant().plus(ttl).getEpochSecond();
    return payload + "." + B64.encodeToString(mac(payload));
  }

  public Verification verify(String token) {
    if (token == null || token.length() > MAX_TOKEN_LENGTH) {
      return new Verification.Invalid();
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != fieldCount + 3 || !VERSION.equals(parts[0])) {
      return new Verification.Invalid();
    }
    List<String> fields = Arrays.asList(parts).subList(1, 1 + fieldCount);
    String epoch = parts[1 + fieldCount];
    if (!fields.stream().allMatch(f -> FIELD.matcher(f).matches()) || !EPOCH.matcher(epoch).matches()) {
      return new Verification.Invalid();
    }
    byte[] presented;
    try {
      presented = B64D.decode(parts[parts.length - 1]);
    } catch (IllegalArgumentException e) {
      return new Verification.Invalid();
    }
    String payload = token.substring(0, token.lastIndexOf('.'));
    if (!MessageDigest.isEqual(mac(payload), presented)) {
      return new Verification.Invalid();
    }
    Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(epoch));
    // After the signature: only tokens we issued are told they expired.
    if (!clock.instant().isBefore(expiresAt)) {
      return new Verification.Expired();
    }
    return new Verification.Valid(List.copyOf(fields), expiresAt);
  }

  /** An HMAC of {@code text} under this purpose, for values bound to a token (CSRF). */
  public String sign(String text) {
    return B64.encodeToString(mac("bind." + text));
  }

  private byte[] mac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(purpose.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
