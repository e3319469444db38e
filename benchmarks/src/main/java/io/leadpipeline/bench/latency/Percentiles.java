package io.leadpipeline.bench.latency;

import org.HdrHistogram.Histogram;

/** The latency figures the report states, in milliseconds. */
public record Percentiles(long count, double p50, double p99, double p999, double max) {

  /** From a histogram recorded in microseconds. */
  public static Percentiles ofMicros(Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Percentiles(
        micros.getTotalCount(),
        micros.getValueAtPercentile(50) / 1000.0,
        micros.getValueAtPercentile(99) / 1000.0,
        micros.getValueAtPercentile(99.9) / 1000.0,
        micros.getMaxValue() / 1000.0);
  }

  /** A histogram for latencies from 1 µs to 10 minutes at three significant digits. */
  public static Histogram newMicrosHistogram() {
    return new Histogram(1, 600_000_000L, 3);
  }
}
