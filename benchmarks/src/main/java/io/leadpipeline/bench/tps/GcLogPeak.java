package io.leadpipeline.bench.tps;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The largest heap occupancy a JVM reached, read from its unified GC log ({@code -Xlog:gc}): the
 * heap is fullest just before a collection, and each pause line says how full it was
 * ({@code Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 2.345ms}). A peak after the
 * last collection is not in the log; the final heap line covers it.
 */
public final class GcLogPeak {
  private static final Pattern BEFORE_AFTER = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  private long peakBytes;
  private long committedBytes;
  private int collections;

  public void accept(String line) {
    Matcher m = BEFORE_AFTER.matcher(line);
    if (m.find() && line.contains("Pause")) {
      peakBytes = Math.max(peakBytes, bytes(m.group(1), m.group(2)));
      committedBytes = Math.max(committedBytes, bytes(m.group(5), m.group(6)));
      collections++;
    }
  }

  public long peakBytes() {
    return peakBytes;
  }

  /** The largest heap the JVM had reserved from the OS at a collection. */
  public long committedBytes() {
    return committedBytes;
  }

  public int collections() {
    return collections;
  }

  private static long bytes(String n, String unit) {
    long v = Long.parseLong(n);
    return switch (unit) {
      case "K" -> v * 1024;
      case "M" -> v * 1024 * 1024;
      default -> v * 1024 * 1024 * 1024;
    };
  }
}
