package io.leadpipeline.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of one run as markdown, in named blocks (one per measurement). {@link #writeInto}
 * replaces, in {@code docs/BENCHMARKS.md}, only the blocks this run measured, each between its own
 * pair of marker comments: the hand-written analysis around them survives every rerun, and a run
 * of some phases leaves the others' figures in place. Each block names the run it came from.
 */
public final class Report {
  private final Map<String, StringBuilder> blocks = new LinkedHashMap<>();
  private final Instant started = Instant.now();
  private final String stamp;
  private StringBuilder current;

  public Report(Machine machine, String command) {
    this.stamp = "_Measured in the run started " + started.truncatedTo(ChronoUnit.SECONDS) + ": `" + command + "`._";
    block("run");
    current.append("### Machine and the last run\n\n| | |\n|---|---|\n");
    row("run started", started.truncatedTo(ChronoUnit.SECONDS).toString());
    row("command", "`" + command + "`");
    row("machine", machine.cores() + " cores (" + machine.cpu() + "), " + machine.memory() + " memory");
    row("JDK", machine.jdk());
    row("OS", machine.os());
    row("Kafka", machine.kafka() + " (broker, clients and Streams), single-node KRaft from local-stack, Apicurio Registry 3.0.9");
    row("load average (1 min) at start", fmt(Machine.loadAverage(), 2));
    current.append('\n');
  }

  public static String begin(String block) {
    return "<!-- bench:" + block + ":begin (written by benchmarks/run; edits inside are lost) -->";
  }

  public static String end(String block) {
    return "<!-- bench:" + block + ":end -->";
  }

  /** Makes {@code name} the block that the following sections, tables and text go to. */
  public Report block(String name) {
    current = blocks.computeIfAbsent(name, n -> new StringBuilder(n.equals("run") ? "" : stamp + "\n\n"));
    return this;
  }

  private void row(String k, String v) {
    current.append("| ").append(k).append(" | ").append(v).append(" |\n");
  }

  public Report section(String title, String intro) {
    current.append("### ").append(title).append("\n\n");
    if (intro != null && !intro.isBlank()) {
      current.append(intro.strip()).append("\n\n");
    }
    return this;
  }

  public Report table(List<String> header, List<List<String>> rows) {
    current.append("| ").append(String.join(" | ", header)).append(" |\n|");
    header.forEach(h -> current.append("---|"));
    current.append('\n');
    for (List<String> r : rows) {
      current.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    current.append('\n');
    return this;
  }

  public Report text(String paragraph) {
    current.append(paragraph.strip()).append("\n\n");
    return this;
  }

  /** Closes the run block with the run's length and the load average at the end; returns every block. */
  public Map<String, String> finish() {
    blocks.get("run").append("Run took ")
        .append(Duration.between(started, Instant.now()).toSeconds())
        .append(" s; load average at the end ")
        .append(fmt(Machine.loadAverage(), 2))
        .append(".\n");
    Map<String, String> out = new LinkedHashMap<>();
    blocks.forEach((k, v) -> out.put(k, v.toString().strip()));
    return out;
  }

  /** All blocks one after another, for a scratch copy of the results. */
  public static String concatenate(Map<String, String> blocks) {
    return String.join("\n\n", blocks.values()) + "\n";
  }

  /** Replaces each block of {@code doc} with the new one; a block the file lacks goes at its end. */
  public static void writeInto(Path doc, Map<String, String> blocks) throws IOException {
    String text = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n";
    for (Map.Entry<String, String> b : blocks.entrySet()) {
      String begin = begin(b.getKey());
      String end = end(b.getKey());
      String block = begin + "\n\n" + b.getValue() + "\n\n" + end;
      int from = text.indexOf(begin);
      int to = text.indexOf(end);
      if (from >= 0 && to > from) {
        text = text.substring(0, from) + block + text.substring(to + end.length());
      } else {
        text = text.stripTrailing() + "\n\n" + block + "\n";
      }
    }
    if (doc.toAbsolutePath().getParent() != null) {
      Files.createDirectories(doc.toAbsolutePath().getParent());
    }
    Files.writeString(doc, text);
  }

  public static String fmt(double v, int decimals) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (Double.isInfinite(v)) {
      return "∞";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }
}
