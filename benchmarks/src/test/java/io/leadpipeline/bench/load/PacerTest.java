package io.leadpipeline.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacerTest {
  @Test
  void spacesRecordsEvenlyFromTheStart() {
    Pacer pacer = new Pacer(1_000, 500);
    assertThat(pacer.dueNanos(0)).isEqualTo(1_000);
    assertThat(pacer.dueNanos(1)).isEqualTo(1_000 + 2_000_000);
    assertThat(pacer.dueNanos(500)).isEqualTo(1_000 + 1_000_000_000L);
  }

  @Test
  void doesNotDriftOverALongRun() {
    Pacer pacer = new Pacer(0, 3); // 333,333.33... µs apart: rounding must not accumulate
    assertThat(pacer.dueNanos(3_000_000)).isEqualTo(1_000_000_000_000_000L);
  }

  @Test
  void countsTheRecordsOfARun() {
    assertThat(Pacer.count(2_000, 15)).isEqualTo(30_000);
    assertThat(Pacer.count(0.1, 1)).isEqualTo(1);
  }

  @Test
  void refusesANonPositiveRate() {
    assertThatThrownBy(() -> new Pacer(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
