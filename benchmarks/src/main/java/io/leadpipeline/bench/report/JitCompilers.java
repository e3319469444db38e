package io.leadpipeline.bench.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time every JVM on the machine has spent in its JIT compiler threads, from the kernel's
 * per-thread counters ({@code /proc/<pid>/task/<tid>/stat}): the application's, the broker's and the
 * registry's alike. A drain that starts cold spends a good part of the machine compiling; this says
 * how much of a rate's window still went to it.
 */
public final class JitCompilers {
  private JitCompilers() {}

  /** Clock ticks the JIT compiler threads of all processes have used so far; 0 where nothing can be read. */
  static long ticks() {
    long sum = 0;
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), p -> isNumber(p.getFileName()))) {
      for (Path process : processes) {
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(process.resolve("task"))) {
          for (Path thread : threads) {
            sum += compilerTicks(Files.readString(thread.resolve("stat")));
          }
        } catch (IOException | RuntimeException e) {
          // the process or thread ended while being read
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return sum;
  }

  /**
   * User and system ticks of one thread's {@code stat} line if it is a HotSpot compiler thread
   * ({@code C1 CompilerThre…}, {@code C2 CompilerThre…}; the kernel keeps 15 characters of the
   * name), else 0. The name is in brackets and may hold spaces, so the fields are counted after its
   * closing bracket: state is the first, user time the 12th, system time the 13th.
   */
  static long compilerTicks(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      return 0;
    }
    String name = stat.substring(open + 1, close);
    if (!name.matches("C[12] CompilerThre.*")) {
      return 0;
    }
    String[] f = stat.substring(close + 1).trim().split("\\s+");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static boolean isNumber(Path name) {
    return name.toString().chars().allMatch(Character::isDigit);
  }
}
