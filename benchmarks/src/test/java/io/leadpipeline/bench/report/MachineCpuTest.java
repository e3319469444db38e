package io.leadpipeline.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MachineCpuTest {
  private static String stat(long user, long system, long idle, long iowait, long steal) {
    return "cpu  " + user + " 0 " + system + " " + idle + " " + iowait + " 0 0 " + steal + " 0 0\n"
        + "cpu0 1 0 1 1 0 0 0 0 0 0\n"
        + "cpu1 1 0 1 1 0 0 0 0 0 0\n"
        + "intr 12345 0 0\n"
        + "ctxt 999\n";
  }

  @Test
  void countsEveryCoreAndTreatsIoWaitAsIdleAndStolenTimeAsBusy() {
    MachineCpu.Ticks t = MachineCpu.parse(stat(100, 50, 300, 40, 10));
    assertThat(t.cores()).isEqualTo(2);
    assertThat(t.total()).isEqualTo(500);
    assertThat(t.busy()).isEqualTo(160);
  }

  @Test
  void busyCoresIsTheShareOfAllCoresTimeNotIdleTimesTheCores() {
    MachineCpu.Ticks from = MachineCpu.parse(stat(100, 50, 300, 40, 10));
    // 400 ticks later over both cores: 300 busy, 100 idle → 1.5 of 2 cores.
    MachineCpu.Ticks to = MachineCpu.parse(stat(350, 100, 380, 60, 10));
    assertThat(MachineCpu.busyCores(from, to)).isCloseTo(1.5, within(1e-9));
  }

  @Test
  void noReadingGivesNoFigure() {
    assertThat(MachineCpu.parse("")).isNull();
    assertThat(MachineCpu.busyCores(null, MachineCpu.parse(stat(1, 1, 1, 1, 0)))).isNaN();
  }

  @Test
  void theMachinesCompilersShareOfItsCoresIsCountedLikeItsBusyTime() {
    MachineCpu.Ticks from = new MachineCpu.Ticks(100, 1_000, 2, 10);
    // 400 ticks over both cores: 300 busy, 100 of them compiling → 0.5 of 2 cores compiling.
    MachineCpu.Ticks to = new MachineCpu.Ticks(400, 1_400, 2, 110);
    assertThat(MachineCpu.busyCores(from, to)).isEqualTo(1.5);
    assertThat(MachineCpu.jitCores(from, to)).isEqualTo(0.5);
  }
}
