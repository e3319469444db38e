package io.leadpipeline.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.kafka.common.utils.AppInfoParser;

/** What the figures were measured on: they mean little without it. */
public record Machine(
    int cores, String cpu, long memoryBytes, String jdk, String kafka, String os) {

  public static Machine current() {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        cpuModel(read("/proc/cpuinfo")),
        memTotalBytes(read("/proc/meminfo")),
        System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
        AppInfoParser.getVersion(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
  }

  /** The 1-minute load average, or NaN off Linux. */
  public static double loadAverage() {
    return parseLoadAverage(read("/proc/loadavg"));
  }

  static double parseLoadAverage(String loadavg) {
    if (loadavg.isBlank()) {
      return Double.NaN;
    }
    return Double.parseDouble(loadavg.trim().split("\\s+")[0]);
  }

  static String cpuModel(String cpuinfo) {
    for (String line : cpuinfo.split("\n")) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return "unknown";
  }

  static long memTotalBytes(String meminfo) {
    for (String line : meminfo.split("\n")) {
      if (line.startsWith("MemTotal:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }

  public String memory() {
    return String.format(Locale.ROOT, "%.1f GiB", memoryBytes / (1024.0 * 1024 * 1024));
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
