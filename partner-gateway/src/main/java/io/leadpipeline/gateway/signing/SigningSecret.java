package io.leadpipeline.gateway.signing;

import java.util.Arrays;
import java.util.Base64;

/**
 * One webhook signing secret, as Standard Webhooks writes it: {@code whsec_} then base64 of 24 to
 * 64 random bytes. {@link #toString()} never shows the key, so a secret cannot reach a log.
 */
public record SigningSecret(String id, byte[] key) {
  public static final String PREFIX = "whsec_";

  public SigningSecret {
    if (key.length < 24 || key.length > 64) {
      throw new IllegalArgumentException("signing secret " + id + " must be 24 to 64 bytes, not " + key.length);
    }
    key = key.clone();
  }

  /** Parses {@code whsec_<base64>}; the error names the id, never the text. */
  public static SigningSecret parse(String id, String text) {
    String trimmed = text.trim();
    if (!trimmed.startsWith(PREFIX)) {
      throw new IllegalArgumentException("signing secret " + id + " must start with " + PREFIX);
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(trimmed.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("signing secret " + id + " is not base64 after " + PREFIX);
    }
    return new SigningSecret(id, key);
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SigningSecret s && s.id.equals(id) && Arrays.equals(s.key, key);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "SigningSecret[" + id + "]";
  }
}
