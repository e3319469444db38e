package io.leadpipeline.router.matching;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * Weighted round-robin among partners tied on score, as stride scheduling: each partner has a
 * pass; the lowest pass wins and advances by {@code STRIDE / weight}. A partner that is new, or
 * comes back from a pause, starts at the current virtual time instead of its old pass, so it
 * neither gets a burst of catch-up leads nor pushes the others back: shares do not drift when
 * partners are added or paused.
 */
public final class FairRoundRobin {
  static final long STRIDE = 1_000_000L;

  private final Map<String, Long> passes;
  private long virtualTime;

  public FairRoundRobin(Map<String, Long> passes, long virtualTime) {
    this.passes = new HashMap<>(passes);
    this.virtualTime = virtualTime;
  }

  public static FairRoundRobin empty() {
    return new FairRoundRobin(Map.of(), 0);
  }

  public long pass(String partnerId) {
    return Math.max(passes.getOrDefault(partnerId, virtualTime), virtualTime);
  }

  /** Lowest pass first; partner id breaks exact ties so the order is deterministic. */
  public Comparator<String> order() {
    return Comparator.<String>comparingLong(this::pass).thenComparing(Comparator.naturalOrder());
  }

  /** Records a win. */
  public void charge(String partnerId, int weight) {
    long pass = pass(partnerId);
    virtualTime = Math.max(virtualTime, pass);
    passes.put(partnerId, pass + STRIDE / Math.max(1, weight));
  }

  public Map<String, Long> passes() {
    return Map.copyOf(passes);
  }

  public long virtualTime() {
    return virtualTime;
  }
}
