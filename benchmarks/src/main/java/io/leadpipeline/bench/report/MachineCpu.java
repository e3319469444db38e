package io.leadpipeline.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the whole machine was over a span, from the kernel's counters ({@code /proc/stat}). The
 * broker and the registry share the cores with the application under test: its own CPU time says
 * what it costs, and this says whether the machine had any left to give it.
 */
public final class MachineCpu {
  private final Ticks before;

  /** Clock ticks since boot, summed over every core: not idle, and in all. */
  record Ticks(long busy, long total, int cores) {}

  private MachineCpu(Ticks before) {
    this.before = before;
  }

  public static MachineCpu start() {
    return new MachineCpu(read());
  }

  /** The cores kept busy since {@link #start}, on average (0 up to the number of cores); NaN off Linux. */
  public double busyCores() {
    return busyCores(before, read());
  }

  static double busyCores(Ticks from, Ticks to) {
    if (from == null || to == null || to.total() <= from.total()) {
      return Double.NaN;
    }
    return to.cores() * (double) (to.busy() - from.busy()) / (to.total() - from.total());
  }

  /**
   * The {@code cpu} line of {@code /proc/stat}: user, nice, system, idle, iowait, irq, softirq,
   * steal, then guest time already counted in user. Idle and waiting for I/O are idle; time stolen
   * by the hypervisor is busy, since the application could not have it either.
   */
  static Ticks parse(String stat) {
    int cores = 0;
    long[] f = null;
    for (String line : stat.split("\n")) {
      if (line.startsWith("cpu ")) {
        String[] parts = line.trim().split("\\s+");
        f = new long[8];
        for (int i = 0; i < f.length && i + 1 < parts.length; i++) {
          f[i] = Long.parseLong(parts[i + 1]);
        }
      } else if (line.matches("cpu\\d+ .*")) {
        cores++;
      }
    }
    if (f == null || cores == 0) {
      return null;
    }
    long total = 0;
    for (long v : f) {
      total += v;
    }
    return new Ticks(total - f[3] - f[4], total, cores);
  }

  private static Ticks read() {
    try {
      return parse(Files.readString(Path.of("/proc/stat")));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
