package io.leadpipeline.bench.stack;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * The harness's progress lines on stderr (stdout carries the report). Here, below every phase, so
 * a phase reports progress without depending on the command that runs it.
 */
public final class Progress {
  private Progress() {}

  public static void line(String line) {
    System.err.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " bench: " + line);
  }
}
