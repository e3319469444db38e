package io.leadpipeline.suppression.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configured API keys. A client presents {@code <id>.<secret>}; the service keeps only
 * {@code sha256(secret)} and compares hashes in constant time, so neither the configuration nor a
 * timing side channel gives the secret away.
 *
 * <p>Configuration: comma-separated {@code <id>:<sha256-hex-of-secret>:<scope> <scope>}.
 */
public final class ApiKeys {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final HexFormat HEX = HexFormat.of();
  /** Compared against when the id is unknown, so unknown and known ids take the same time. */
  private static final byte[] NO_KEY = new byte[32];

  private final Map<String, ApiKey> byId;

  public ApiKeys(Map<String, ApiKey> byId) {
    this.byId = Map.copyOf(byId);
  }

  public static ApiKeys parse(String config) {
    Map<String, ApiKey> keys = new LinkedHashMap<>();
    if (config == null || config.isBlank()) {
      return new ApiKeys(keys);
    }
    for (String entry : config.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.strip().split(":", 3);
      if (parts.length != 3) {
        throw new IllegalArgumentException(
            "api.keys entries are <id>:<sha256hex>:<scopes>; one entry has "
                + parts.length
                + " parts");
      }
      String id = parts[0];
      if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException("api key id must be letters, digits, '_' or '-': " + id);
      }
      byte[] hash;
      try {
        hash = HEX.parseHex(parts[1].strip().toLowerCase());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("api key " + id + ": the hash is not hex");
      }
      Set<Scope> scopes = EnumSet.noneOf(Scope.class);
      for (String label : parts[2].strip().split("\\s+")) {
        if (!label.isEmpty()) {
          scopes.add(
              Scope.fromLabel(label)
                  .orElseThrow(
                      () -> new IllegalArgumentException("api key " + id + ": unknown scope " + label)));
        }
      }
      if (keys.put(id, new ApiKey(id, hash, scopes)) != null) {
        throw new IllegalArgumentException("api key id " + id + " is configured twice");
      }
    }
    return new ApiKeys(keys);
  }

  /** The key whose id and secret match {@code presented} ({@code <id>.<secret>}), if any. */
  public Optional<ApiKey> authenticate(String presented) {
    if (presented == null) {
      return Optional.empty();
    }
    int dot = presented.indexOf('.');
    String id = dot > 0 ? presented.substring(0, dot) : "";
    String secret = dot > 0 ? presented.substring(dot + 1) : presented;
    ApiKey key = byId.get(id);
    byte[] expected = key == null ? NO_KEY : key.secretSha256();
    boolean match = MessageDigest.isEqual(expected, sha256(secret));
    return key != null && match ? Optional.of(key) : Optional.empty();
  }

  public boolean isEmpty() {
    return byId.isEmpty();
  }

  /** The configuration line for a key, as {@code hash-api-key} prints it. */
  public static String configLine(String id, String secret, Set<Scope> scopes) {
    StringBuilder line = new StringBuilder(id).append(':').append(HEX.formatHex(sha256(secret))).append(':');
    scopes.stream().map(Scope::label).sorted().forEach(s -> line.append(s).append(' '));
    return line.toString().strip();
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
