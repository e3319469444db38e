package io.leadpipeline.bench.latency;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Counts outputs as they become visible and keeps the time each one did, for {@link DrainRate}. */
public final class DrainCounter implements OutputWatch.Listener {
  private final long[] arrivals;
  private final Runnable atOpen;
  private final Runnable atClose;
  private volatile int count;

  public DrainCounter(int expected) {
    this(expected, () -> {}, () -> {});
  }

  /**
   * Runs {@code atOpen} as the output that opens {@link DrainRate}'s window (its 10 % mark) is
   * seen and {@code atClose} at the one that closes it (90 %), so what else is measured over the
   * drain can be measured over the rate's own window.
   */
  public DrainCounter(int expected, Runnable atOpen, Runnable atClose) {
    this.arrivals = new long[expected];
    this.atOpen = atOpen;
    this.atClose = atClose;
  }

  @Override
  public void seen(ConsumerRecord<byte[], byte[]> record, long nowNanos) {
    int i = count; // one listener thread
    if (i < arrivals.length) {
      arrivals[i] = nowNanos;
    }
    count = i + 1;
    if (i == DrainRate.windowOpens(arrivals.length)) {
      atOpen.run();
    }
    if (i == DrainRate.windowCloses(arrivals.length)) {
      atClose.run();
    }
  }

  public int count() {
    return count;
  }

  /** Waits until every expected output was seen; false on timeout or when {@code watch} died. */
  public boolean await(OutputWatch watch, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (count < arrivals.length) {
      if (System.nanoTime() > deadline || watch.failure() != null) {
        return false;
      }
      LockSupport.parkNanos(5_000_000);
    }
    return true;
  }

  /** The drained result, with the run started at {@code startNanos}. */
  public Drain result(long startNanos) {
    int n = Math.min(count, arrivals.length);
    double rate = n >= 10 ? DrainRate.perSecond(arrivals, n) : Double.NaN;
    long last = 0;
    for (int i = 0; i < n; i++) {
      last = Math.max(last, arrivals[i]);
    }
    return new Drain(arrivals.length, n, n == 0 ? Double.NaN : (last - startNanos) / 1e9, rate);
  }

  /** @param seconds from starting the application until the last output was visible */
  public record Drain(long expected, long seen, double seconds, double perSecond) {
    public boolean complete() {
      return seen >= expected;
    }
  }
}
