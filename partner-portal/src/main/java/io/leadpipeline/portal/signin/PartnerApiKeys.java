package io.leadpipeline.portal.signin;

import io.leadpipeline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API keys of partners' integrations, from {@code portal.api-keys}: {@code
 * <id>:<partnerId>:<sha256-hex of secret>}, comma-separated (the suppression service's format with
 * the partner in place of scopes). Clients send {@code Authorization: Bearer <id>.<secret>}; only
 * the hash is configured, so a leaked configuration signs nobody in.
 */
public final class PartnerApiKeys {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  /** A key that authenticated: who it is and which partner it speaks for. */
  public record Caller(String keyId, String partnerId) {}

  private record Entry(String partnerId, byte[] hash) {}

  private final Map<String, Entry> byId;

  private PartnerApiKeys(Map<String, Entry> byId) {
    this.byId = Map.copyOf(byId);
  }

  public static PartnerApiKeys parse(String spec) {
    Map<String, Entry> keys = new HashMap<>();
    if (spec != null) {
      for (String item : spec.split(",")) {
        if (item.isBlank()) {
          continue;
        }
        String[] p = item.strip().split(":");
        if (p.length != 3 || !ID.matcher(p[0]).matches() || !Topics.isValidPartnerId(p[1])
            || !HASH.matcher(p[2]).matches()) {
          throw new IllegalArgumentException("portal.api-keys: each entry is <id>:<partnerId>:<sha256-hex>");
        }
        keys.put(p[0], new Entry(p[1], HexFormat.of().parseHex(p[2])));
      }
    }
    return new PartnerApiKeys(keys);
  }

  public Optional<Caller> authenticate(String authorizationHeader) {
    if (authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) {
      return Optional.empty();
    }
    String token = authorizationHeader.substring("Bearer ".length()).strip();
    int dot = token.indexOf('.');
    if (dot < 1) {
      return Optional.empty();
    }
    Entry entry = byId.get(token.substring(0, dot));
    if (entry == null || !MessageDigest.isEqual(entry.hash(), sha256(token.substring(dot + 1)))) {
      return Optional.empty();
    }
    return Optional.of(new Caller(token.substring(0, dot), entry.partnerId()));
  }

  public static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
