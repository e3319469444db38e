package io.leadpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchMainTest {
  private static BenchMain parsed(String... args) {
    BenchMain main = new BenchMain();
    new CommandLine(main).parseArgs(args);
    return main;
  }

  @Test
  void theSaturationRunIsProfiledUnlessToldNot() {
    assertThat(parsed().profile()).isTrue();
    assertThat(parsed("--no-profile").profile()).isFalse();
  }
}
