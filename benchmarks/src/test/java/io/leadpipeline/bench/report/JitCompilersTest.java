package io.leadpipeline.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitCompilersTest {
  private static String stat(String name, long user, long system) {
    return "4242 (" + name + ") S 1 4200 4200 0 -1 4194368 120 0 0 0 " + user + " " + system
        + " 0 0 20 0 31 0 1234 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
  }

  @Test
  void countsTheCompilerThreadsOfHotSpotOnly() {
    assertThat(JitCompilers.compilerTicks(stat("C2 CompilerThre", 700, 30))).isEqualTo(730);
    assertThat(JitCompilers.compilerTicks(stat("C1 CompilerThre", 5, 1))).isEqualTo(6);
    assertThat(JitCompilers.compilerTicks(stat("bench-eos.route", 900, 90))).isZero();
    assertThat(JitCompilers.compilerTicks(stat("GC Thread#0", 9, 9))).isZero();
  }

  @Test
  void readsTheFieldsAfterANameWithSpacesAndBrackets() {
    assertThat(JitCompilers.compilerTicks(stat("C2 CompilerThre) (", 11, 2))).isEqualTo(13);
    assertThat(JitCompilers.compilerTicks("garbage")).isZero();
  }
}
