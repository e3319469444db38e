package io.leadpipeline.bench.tps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Memory of a Linux process as the kernel counts it, from {@code /proc/<pid>/status}. */
public final class ProcStatus {
  private ProcStatus() {}

  /** Peak resident set size (VmHWM) in bytes, if the process still exists. */
  public static OptionalLong peakRssBytes(long pid) {
    try {
      return field(Files.readString(Path.of("/proc", Long.toString(pid), "status")), "VmHWM");
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /** A {@code kB} field of a status file, in bytes. */
  static OptionalLong field(String status, String name) {
    for (String line : status.split("\n")) {
      if (line.startsWith(name + ":")) {
        String[] parts = line.substring(name.length() + 1).trim().split("\\s+");
        return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
      }
    }
    return OptionalLong.empty();
  }
}
