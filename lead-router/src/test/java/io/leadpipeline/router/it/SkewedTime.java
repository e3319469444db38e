package io.leadpipeline.router.it;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.utils.Time;

/** The system clock shifted by an offset a test can change: the router's clock running ahead or behind. */
final class SkewedTime implements Time {
  private final AtomicLong skewMs = new AtomicLong();

  void skew(long ms) {
    skewMs.set(ms);
  }

  @Override
  public long milliseconds() {
    return Time.SYSTEM.milliseconds() + skewMs.get();
  }

  @Override
  public long nanoseconds() {
    return Time.SYSTEM.nanoseconds(); // monotonic, for durations: not shifted
  }

  @Override
  public void sleep(long ms) {
    Time.SYSTEM.sleep(ms);
  }

  @Override
  public void waitObject(Object obj, java.util.function.Supplier<Boolean> condition, long deadlineMs) throws InterruptedException {
    Time.SYSTEM.waitObject(obj, condition, deadlineMs - skewMs.get());
  }
}
