package io.leadpipeline.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The results of one run as markdown. {@link #writeInto} replaces only the generated part of
 * {@code docs/BENCHMARKS.md}, between two marker comments, so the hand-written analysis around it
 * survives every rerun.
 */
public final class Report {
  public static final String BEGIN = "<!-- bench:results:begin (written by benchmarks/run; edits here are lost) -->";
  public static final String END = "<!-- bench:results:end -->";

  private final StringBuilder md = new StringBuilder();
  private final Instant started = Instant.now();

  public Report(Machine machine, String command) {
    md.append("## Results of the last run\n\n");
    md.append("| | |\n|---|---|\n");
    row("run started", started.truncatedTo(ChronoUnit.SECONDS).toString());
    row("command", "`" + command + "`");
    row("machine", machine.cores() + " cores (" + machine.cpu() + "), " + machine.memory() + " memory");
    row("JDK", machine.jdk());
    row("OS", machine.os());
    row("Kafka", machine.kafka() + " (broker, clients and Streams), single-node KRaft from local-stack, Apicurio Registry 3.0.9");
    row("load average at start", fmt(Machine.loadAverage(), 2));
    md.append('\n');
  }

  private void row(String k, String v) {
    md.append("| ").append(k).append(" | ").append(v).append(" |\n");
  }

  public Report section(String title, String intro) {
    md.append("### ").append(title).append("\n\n");
    if (intro != null && !intro.isBlank()) {
      md.append(intro.strip()).append("\n\n");
    }
    return this;
  }

  public Report table(List<String> header, List<List<String>> rows) {
    md.append("| ").append(String.join(" | ", header)).append(" |\n|");
    header.forEach(h -> md.append("---|"));
    md.append('\n');
    for (List<String> r : rows) {
      md.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    md.append('\n');
    return this;
  }

  public Report text(String paragraph) {
    md.append(paragraph.strip()).append("\n\n");
    return this;
  }

  /** Closes the report with the run's length and the load average at the end. */
  public String finish() {
    md.append("Run took ")
        .append(Duration.between(started, Instant.now()).toSeconds())
        .append(" s; load average at the end ")
        .append(fmt(Machine.loadAverage(), 2))
        .append(".\n");
    return md.toString();
  }

  /** Puts {@code generated} between the markers of {@code doc}, creating either when missing. */
  public static void writeInto(Path doc, String generated) throws IOException {
    String block = BEGIN + "\n\n" + generated.strip() + "\n\n" + END;
    String text = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n\n";
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    String updated;
    if (begin >= 0 && end > begin) {
      updated = text.substring(0, begin) + block + text.substring(end + END.length());
    } else {
      updated = text.stripTrailing() + "\n\n" + block + "\n";
    }
    if (doc.toAbsolutePath().getParent() != null) {
      Files.createDirectories(doc.toAbsolutePath().getParent());
    }
    Files.writeString(doc, updated);
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
