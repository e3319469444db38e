package io.leadpipeline.bench.router;

import io.leadpipeline.bench.report.MachineCpu;
import java.util.Map;

/**
 * The CPU an application and the whole machine used over a drain's rate window (from the output at
 * the 10 % mark to the one at 90 %, as {@link io.leadpipeline.bench.latency.DrainRate} counts), so
 * CPU per enquiry and the rate describe the same seconds: start-up, restoring and the last commit
 * are left out of both.
 */
public final class CpuWindow {
  private final String app;
  private volatile ThreadCpu threads;
  private volatile MachineCpu machine;
  private volatile long openedAt;
  private volatile Reading reading;

  /** @param app the application id, which names its threads */
  public CpuWindow(String app) {
    this.app = app;
  }

  /**
   * @param threadNanos the CPU the application's own threads used
   * @param byThread the same by thread name ({@link ThreadCpu#usedNanosByThread})
   * @param busyCores the machine's cores kept busy, on average, by everything on it
   * @param jitCores of those, the cores the JIT compilers of every JVM kept busy
   * @param nanos how long the window lasted
   */
  public record Reading(long threadNanos, Map<String, Long> byThread, double busyCores, double jitCores, long nanos) {
    /** The machine's busy time in the window. */
    public long machineNanos() {
      return (long) (busyCores * nanos);
    }
  }

  public void open() {
    openedAt = System.nanoTime();
    threads = ThreadCpu.start(app);
    machine = MachineCpu.start();
  }

  public void close() {
    if (threads != null) {
      MachineCpu.Usage used = machine.usage();
      reading = new Reading(threads.usedNanos(), threads.usedNanosByThread(), used.busyCores(), used.jitCores(),
          System.nanoTime() - openedAt);
    }
  }

  /** The reading, or null when the window never closed (the drain timed out). */
  public Reading reading() {
    return reading;
  }
}
