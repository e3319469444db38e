package io.leadpipeline.bench.latency;

import java.util.Arrays;

/**
 * Throughput of an application draining a backlog, from the times its outputs became visible.
 * Measured between the 10th and the 90th percent of the outputs, so neither start-up (group
 * join, restoring, the first fetch) nor the last commit counts.
 */
public final class DrainRate {
  private DrainRate() {}

  /** Outputs per second between the 10 % and 90 % marks of {@code arrivalNanos}. */
  public static double perSecond(long[] arrivalNanos, int count) {
    if (count < 10) {
      throw new IllegalArgumentException("need at least 10 outputs to measure a rate, got " + count);
    }
    long[] sorted = Arrays.copyOf(arrivalNanos, count);
    Arrays.sort(sorted);
    int from = windowOpens(count);
    int to = windowCloses(count);
    long nanos = sorted[to] - sorted[from];
    if (nanos <= 0) {
      // All inside one commit: the clock cannot tell them apart, so the rate is not measurable.
      return Double.POSITIVE_INFINITY;
    }
    return (to - from) * 1e9 / nanos;
  }

  /** The index of the output, in order of arrival, at the 10 % mark of {@code count}. */
  public static int windowOpens(int count) {
    return count / 10;
  }

  /** The index of the output at the 90 % mark of {@code count}. */
  public static int windowCloses(int count) {
    return count - 1 - count / 10;
  }
}
