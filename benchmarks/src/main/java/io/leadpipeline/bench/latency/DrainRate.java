package io.leadpipeline.bench.latency;

import java.util.Arrays;

/**
 * Throughput of an application draining a backlog, from the times its outputs became visible.
 * Measured between the 10th and the 90th percent of the timed outputs, so neither start-up (group
 * join, restoring, the first fetch) nor the last commit counts. A backlog may start with outputs
 * that warm the application up and are not timed at all ({@link Window#warm}): the JIT compilers
 * and a first drain's one-off work then stay out of the rate as well.
 */
public final class DrainRate {
  private DrainRate() {}

  /**
   * Which outputs of a drain are timed: after {@code warm} that are not, {@code measured} more,
   * between the 10 % and 90 % marks of those.
   */
  public record Window(int warm, int measured) {
    public Window {
      if (warm < 0 || measured < 10) {
        throw new IllegalArgumentException("need at least 10 measured outputs and no negative warm-up: " + warm + ", " + measured);
      }
    }

    /** Every output the drain expects. */
    public int expected() {
      return warm + measured;
    }

    /** The index, in order of arrival, of the output that opens the window (the measured outputs' 10 % mark). */
    public int opens() {
      return warm + measured / 10;
    }

    /** The index of the output that closes it (their 90 % mark). */
    public int closes() {
      return warm + measured - 1 - measured / 10;
    }

    /** Outputs the window times: what a rate and a CPU reading over it are divided by. */
    public int timed() {
      return closes() - opens();
    }
  }

  /** Outputs per second between the 10 % and 90 % marks of all {@code count} outputs: no warm-up. */
  public static double perSecond(long[] arrivalNanos, int count) {
    if (count < 10) {
      throw new IllegalArgumentException("need at least 10 outputs to measure a rate, got " + count);
    }
    return perSecond(arrivalNanos, new Window(0, count));
  }

  /** Outputs per second over {@code window} of {@code arrivalNanos}, which holds at least its expected outputs. */
  public static double perSecond(long[] arrivalNanos, Window window) {
    long[] sorted = Arrays.copyOf(arrivalNanos, window.expected());
    Arrays.sort(sorted);
    long nanos = sorted[window.closes()] - sorted[window.opens()];
    if (nanos <= 0) {
      // All inside one commit: the clock cannot tell them apart, so the rate is not measurable.
      return Double.POSITIVE_INFINITY;
    }
    return window.timed() * 1e9 / nanos;
  }
}
