package io.leadpipeline.router.suppression;

import io.leadpipeline.avro.Register;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Fail closed (docs/SPECIFICATION.md §7): the TPS and CTPS registers are refreshed daily, so a newest load
 * older than the allowed age, or no load at all, means the router cannot screen phones and must
 * hold delivery. A zero maximum age switches the check off (for demos and tests without a
 * register).
 */
public final class RegisterFreshness {
  private final Duration maxAge;

  public RegisterFreshness(Duration maxAge) {
    this.maxAge = maxAge;
  }

  public boolean enabled() {
    return !maxAge.isZero() && !maxAge.isNegative();
  }

  /**
   * @param loadedAt the newest load of each register the router has seen (missing: never loaded)
   */
  public boolean stale(Map<Register, Long> loadedAt, long now) {
    if (!enabled()) {
      return false;
    }
    for (Register register : Register.values()) {
      Long at = loadedAt.get(register);
      if (at == null || now - at > maxAge.toMillis()) {
        return true;
      }
    }
    return false;
  }

  /** Age in seconds of each register's newest load; absent when never loaded. */
  public static Map<Register, Double> ages(Map<Register, Long> loadedAt, long now) {
    Map<Register, Double> ages = new EnumMap<>(Register.class);
    loadedAt.forEach((r, at) -> ages.put(r, Math.max(0, now - at) / 1000.0));
    return ages;
  }
}
