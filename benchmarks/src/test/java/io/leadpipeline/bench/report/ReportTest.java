package io.leadpipeline.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  @Test
  void rerunReplacesOnlyTheGeneratedResults(@TempDir Path dir) throws Exception {
    Path doc = dir.resolve("docs/BENCHMARKS.md");
    Report.writeInto(doc, "first results");
    String handWritten = Files.readString(doc).replace("# Benchmarks\n", "# Benchmarks\n\nHow to read this.\n")
        + "\n## Where the time goes\n\nAnalysis by hand.\n";
    Files.writeString(doc, handWritten);

    Report.writeInto(doc, "second results");

    String text = Files.readString(doc);
    assertThat(text).contains("How to read this.", "Analysis by hand.", "second results").doesNotContain("first results");
    assertThat(text.indexOf("How to read this.")).isLessThan(text.indexOf("second results"));
    assertThat(text.indexOf("second results")).isLessThan(text.indexOf("Analysis by hand."));
  }

  @Test
  void statesTheMachineTheCommandAndEveryTable() {
    Machine machine = new Machine(2, "Test CPU", 24L << 30, "Temurin 17", "4.3.1", "Linux");
    Report report = new Report(machine, "benchmarks/run --records 10");
    report.section("Ceiling", "Raw.").table(List.of("a", "b"), List.of(List.of("1", "2")));
    String md = report.finish();
    assertThat(md).contains("2 cores (Test CPU), 24.0 GiB memory", "`benchmarks/run --records 10`", "4.3.1",
        "### Ceiling", "| a | b |", "|---|---|", "| 1 | 2 |", "load average at the end");
  }

  @Test
  void readsTheMachineFromProc() {
    assertThat(Machine.cpuModel("processor\t: 0\nmodel name\t: Intel(R) Xeon(R)\n")).isEqualTo("Intel(R) Xeon(R)");
    assertThat(Machine.memTotalBytes("MemTotal:       24590000 kB\nMemFree: 1 kB\n")).isEqualTo(24_590_000L * 1024);
    assertThat(Machine.parseLoadAverage("1.52 0.98 0.50 2/300 1234\n")).isEqualTo(1.52);
    assertThat(Machine.parseLoadAverage("")).isNaN();
  }

  @Test
  void formatsFiguresForPeople() {
    assertThat(Report.fmt(12345.678, 1)).isEqualTo("12,345.7");
    assertThat(Report.fmt(Double.NaN, 1)).isEqualTo("n/a");
    assertThat(Report.fmt(Double.POSITIVE_INFINITY, 1)).isEqualTo("∞");
  }
}
