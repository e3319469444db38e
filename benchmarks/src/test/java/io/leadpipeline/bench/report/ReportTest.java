package io.leadpipeline.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  private static final Machine MACHINE = new Machine(2, "Test CPU", 24L << 30, "Temurin 17", "4.3.1", "Linux");

  @Test
  void rerunReplacesOnlyTheBlocksItMeasured(@TempDir Path dir) throws Exception {
    Path doc = dir.resolve("docs/BENCHMARKS.md");
    Report.writeInto(doc, Map.of("ceiling", "first ceiling", "tps", "first tps"));
    String handWritten = Files.readString(doc).replace("# Benchmarks\n", "# Benchmarks\n\nHow to read this.\n")
        + "\n## Where the time goes\n\nAnalysis by hand.\n";
    Files.writeString(doc, handWritten);

    Report.writeInto(doc, Map.of("ceiling", "second ceiling"));

    String text = Files.readString(doc);
    assertThat(text).contains("How to read this.", "Analysis by hand.", "second ceiling", "first tps")
        .doesNotContain("first ceiling");
    assertThat(text.indexOf("How to read this.")).isLessThan(text.indexOf("second ceiling"));
    assertThat(text.indexOf("second ceiling")).isLessThan(text.indexOf("Analysis by hand."));
  }

  @Test
  void aNewBlockGoesAtTheEnd(@TempDir Path dir) throws Exception {
    Path doc = dir.resolve("B.md");
    Report.writeInto(doc, Map.of("ceiling", "c"));
    Report.writeInto(doc, Map.of("latency", "l"));
    String text = Files.readString(doc);
    assertThat(text.indexOf(Report.end("ceiling"))).isLessThan(text.indexOf(Report.begin("latency")));
  }

  @Test
  void statesTheMachineTheCommandAndEveryTableAndStampsEachBlock() {
    Report report = new Report(MACHINE, "benchmarks/run --records 10");
    report.block("ceiling").section("Ceiling", "Raw.").table(List.of("a", "b"), List.of(List.of("1", "2")));
    Map<String, String> blocks = report.finish();
    assertThat(blocks).containsOnlyKeys("run", "ceiling");
    assertThat(blocks.get("run")).contains("2 cores (Test CPU), 24.0 GiB memory", "`benchmarks/run --records 10`",
        "4.3.1", "load average at the end");
    assertThat(blocks.get("ceiling")).startsWith("_Measured in the run started ")
        .contains("`benchmarks/run --records 10`", "### Ceiling", "| a | b |", "|---|---|", "| 1 | 2 |");
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
