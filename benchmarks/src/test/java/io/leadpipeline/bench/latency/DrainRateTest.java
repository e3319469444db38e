package io.leadpipeline.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DrainRateTest {
  @Test
  void ignoresASlowStartAndASlowEnd() {
    long[] arrivals = new long[100];
    for (int i = 0; i < 100; i++) {
      arrivals[i] = 5_000_000_000L + i * 1_000_000L; // 1,000 per second
    }
    arrivals[0] = 0; // start-up: the first output took five seconds
    arrivals[99] = 60_000_000_000L; // a straggler at the end
    assertThat(DrainRate.perSecond(arrivals, 100)).isCloseTo(1_000.0, within(0.5));
  }

  @Test
  void doesNotNeedArrivalsInOrder() {
    long[] arrivals = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 10, 11};
    for (int i = 0; i < arrivals.length; i++) {
      arrivals[i] *= 10_000_000L; // 100 per second
    }
    assertThat(DrainRate.perSecond(arrivals, arrivals.length)).isCloseTo(100.0, within(0.01));
  }

  @Test
  void needsEnoughOutputsToMeasure() {
    assertThatThrownBy(() -> DrainRate.perSecond(new long[5], 5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void percentilesReadTheHistogramInMilliseconds() {
    var h = Percentiles.newMicrosHistogram();
    for (int i = 1; i <= 1_000; i++) {
      h.recordValue(i * 1_000L); // 1 ms .. 1 s
    }
    Percentiles p = Percentiles.ofMicros(h);
    assertThat(p.count()).isEqualTo(1_000);
    assertThat(p.p50()).isCloseTo(500, within(1.0));
    assertThat(p.p99()).isCloseTo(990, within(1.0));
    assertThat(p.max()).isCloseTo(1_000, within(1.0));
    assertThat(Percentiles.ofMicros(Percentiles.newMicrosHistogram()).p99()).isNaN();
  }
}
