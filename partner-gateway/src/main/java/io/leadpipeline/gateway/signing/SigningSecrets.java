package io.leadpipeline.gateway.signing;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The gateway's own secret file: {@code <secretId>=whsec_...} per line. Partner records name
 * secret ids only, so no key ever travels on a topic (a compacted partners topic would keep it for
 * ever) and rotating one is: add the new secret here, list both ids on the partner, later drop the
 * old id (docs/partner-delivery.md §4).
 */
public final class SigningSecrets {
  private final Map<String, SigningSecret> byId;

  public SigningSecrets(Map<String, SigningSecret> byId) {
    this.byId = Map.copyOf(byId);
  }

  public static SigningSecrets none() {
    return new SigningSecrets(Map.of());
  }

  public static SigningSecrets load(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the signing secret file " + file + ": " + e.getMessage());
    }
    Map<String, SigningSecret> secrets = new HashMap<>();
    for (String id : p.stringPropertyNames()) {
      secrets.put(id, SigningSecret.parse(id, p.getProperty(id)));
    }
    return new SigningSecrets(secrets);
  }

  /** Every named secret, or empty when one of them is unknown (the delivery then holds). */
  public Optional<List<SigningSecret>> resolve(List<String> ids) {
    List<SigningSecret> out = new ArrayList<>();
    for (String id : ids) {
      SigningSecret s = byId.get(id);
      if (s == null) {
        return Optional.empty();
      }
      out.add(s);
    }
    return out.isEmpty() ? Optional.empty() : Optional.of(out);
  }
}
