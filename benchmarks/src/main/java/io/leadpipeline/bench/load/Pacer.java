package io.leadpipeline.bench.load;

/**
 * When each record of an open-loop load is due: record i at {@code start + i / rate}. Latency is
 * measured from this intended time, not from when the sender got round to it, so a stalled
 * sender cannot hide queueing (coordinated omission).
 */
public final class Pacer {
  private final long startNanos;
  private final double intervalNanos;

  public Pacer(long startNanos, double perSecond) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive: " + perSecond);
    }
    this.startNanos = startNanos;
    this.intervalNanos = 1e9 / perSecond;
  }

  public long dueNanos(long i) {
    return startNanos + Math.round(i * intervalNanos);
  }

  /** How many records are due by {@code nanos} for a run of {@code seconds}. */
  public static long count(double perSecond, double seconds) {
    return Math.max(1, Math.round(perSecond * seconds));
  }
}
