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

  /**
   * Clock ticks since boot, summed over every core: not idle, and in all; and the part of the busy
   * ones every JVM's JIT compilers used ({@link JitCompilers}).
   */
  record Ticks(long busy, long total, int cores, long jit) {
    Ticks withJit(long jitTicks) {
      return new Ticks(busy, total, cores, jitTicks);
    }
  }

  private MachineCpu(Ticks before) {
    this.before = before;
  }

  public static MachineCpu start() {
    return new MachineCpu(read());
  }

  /**
   * The machine since {@link #start}, from one reading of its counters, on average; NaN off Linux.
   *
   * @param busyCores the cores kept busy (0 up to the number of cores)
   * @param jitCores of those, the cores every JVM's JIT compilers kept busy
   */
  public record Usage(double busyCores, double jitCores) {}

  public Usage usage() {
    Ticks now = read();
    return new Usage(busyCores(before, now), jitCores(before, now));
  }

  static double busyCores(Ticks from, Ticks to) {
    return share(from, to, from == null || to == null ? 0 : to.busy() - from.busy());
  }

  static double jitCores(Ticks from, Ticks to) {
    return share(from, to, from == null || to == null ? 0 : to.jit() - from.jit());
  }

  private static double share(Ticks from, Ticks to, long ticks) {
    if (from == null || to == null || to.total() <= from.total()) {
      return Double.NaN;
    }
    return to.cores() * (double) ticks / (to.total() - from.total());
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
    return new Ticks(total - f[3] - f[4], total, cores, 0);
  }

  private static Ticks read() {
    try {
      Ticks t = parse(Files.readString(Path.of("/proc/stat")));
      return t == null ? null : t.withJit(JitCompilers.ticks());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
