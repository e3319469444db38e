package io.leadpipeline.bench.latency;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Counts outputs as they become visible and keeps the time each one did, for {@link DrainRate}. */
public final class DrainCounter implements OutputWatch.Listener {
  private final long[] arrivals;
  private final DrainRate.Window window;
  private final Runnable atOpen;
  private final Runnable atClose;
  private volatile int count;

  /** A drain of {@code expected} outputs, all of them timed between their 10 % and 90 % marks. */
  public DrainCounter(int expected) {
    this(new DrainRate.Window(0, expected), () -> {}, () -> {});
  }

  /**
   * Runs {@code atOpen} as the output that opens the rate's {@code window} is seen and
   * {@code atClose} at the one that closes it, so what else is measured over the drain can be
   * measured over the rate's own window.
   */
  public DrainCounter(DrainRate.Window window, Runnable atOpen, Runnable atClose) {
    this.arrivals = new long[window.expected()];
    this.window = window;
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
    if (i == window.opens()) {
      atOpen.run();
    }
    if (i == window.closes()) {
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
    // A drain cut short is timed over what of its measured part it reached, if enough did.
    double rate = n == arrivals.length ? DrainRate.perSecond(arrivals, window)
        : n - window.warm() >= 10 ? DrainRate.perSecond(arrivals, new DrainRate.Window(window.warm(), n - window.warm()))
        : Double.NaN;
    long last = 0;
    for (int i = 0; i < n; i++) {
      last = Math.max(last, arrivals[i]);
    }
    // The warm-up timed as the whole backlog used to be: what the application drains from a cold start.
    double cold = window.warm() >= 10 && n >= window.warm() ? DrainRate.perSecond(arrivals, window.warm()) : Double.NaN;
    return new Drain(arrivals.length, n, n == 0 ? Double.NaN : (last - startNanos) / 1e9, rate, cold);
  }

  /**
   * @param seconds from starting the application until the last output was visible
   * @param perSecond over the rate's window, after the warm-up
   * @param coldPerSecond the warm-up's own outputs per second, between their 10 % and 90 % marks;
   *     NaN without a warm-up
   */
  public record Drain(long expected, long seen, double seconds, double perSecond, double coldPerSecond) {
    public boolean complete() {
      return seen >= expected;
    }
  }
}
