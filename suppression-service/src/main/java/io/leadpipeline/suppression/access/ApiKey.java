package io.leadpipeline.suppression.access;

import java.util.Set;

/**
 * A configured API key: its public id, the SHA-256 of its secret (the secret itself is never
 * stored) and its scopes.
 */
public record ApiKey(String id, byte[] secretSha256, Set<Scope> scopes) {
  public ApiKey {
    if (secretSha256.length != 32) {
      throw new IllegalArgumentException("api key " + id + ": the hash must be 64 hex digits");
    }
    secretSha256 = secretSha256.clone();
    scopes = Set.copyOf(scopes);
  }

  public boolean allows(Scope scope) {
    return scopes.contains(scope);
  }

  @Override
  public byte[] secretSha256() {
    return secretSha256.clone();
  }

  @Override
  public String toString() {
    return "ApiKey[" + id + " " + scopes + "]";
  }
}
