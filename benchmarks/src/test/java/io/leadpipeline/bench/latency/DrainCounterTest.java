package io.leadpipeline.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class DrainCounterTest {
  @Test
  void opensAndClosesTheWindowAtTheOutputsThatBoundTheRate() {
    List<String> seen = new ArrayList<>();
    int[] at = new int[1];
    DrainCounter counter = new DrainCounter(new DrainRate.Window(0, 100), () -> seen.add("open at " + at[0]), () -> seen.add("close at " + at[0]));
    long[] arrivals = new long[100];
    for (int i = 0; i < 100; i++) {
      at[0] = i;
      arrivals[i] = 1_000_000L * i;
      counter.seen(new ConsumerRecord<>("out", 0, i, new byte[0], new byte[0]), arrivals[i]);
    }
    // The rate is timed from output 10 to output 89: the window opens and closes on exactly those.
    assertThat(seen).containsExactly("open at 10", "close at 89");
    assertThat(DrainRate.perSecond(arrivals, 100)).isEqualTo(79 * 1e9 / (79 * 1_000_000L));
  }

  @Test
  void aWarmUpIsNotTimed() {
    List<String> seen = new ArrayList<>();
    int[] at = new int[1];
    DrainRate.Window window = new DrainRate.Window(50, 100);
    DrainCounter counter = new DrainCounter(window, () -> seen.add("open at " + at[0]), () -> seen.add("close at " + at[0]));
    long[] arrivals = new long[150];
    for (int i = 0; i < 150; i++) {
      at[0] = i;
      // The warm-up's 50 outputs come 10 ms apart, the timed ones 1 ms apart: only the latter count.
      arrivals[i] = i < 50 ? 10_000_000L * i : 500_000_000L + 1_000_000L * (i - 50);
      counter.seen(new ConsumerRecord<>("out", 0, i, new byte[0], new byte[0]), arrivals[i]);
    }
    assertThat(seen).containsExactly("open at 60", "close at 139");
    assertThat(window.timed()).isEqualTo(79);
    assertThat(counter.result(0).perSecond()).isCloseTo(1_000.0, within(1e-6));
  }

  @Test
  void aDrainCutShortIsTimedOverTheMeasuredPartItReached() {
    DrainCounter counter = new DrainCounter(new DrainRate.Window(50, 100), () -> {}, () -> {});
    for (int i = 0; i < 80; i++) {
      long at = i < 50 ? 10_000_000L * i : 500_000_000L + 2_000_000L * (i - 50);
      counter.seen(new ConsumerRecord<>("out", 0, i, new byte[0], new byte[0]), at);
    }
    assertThat(counter.result(0).perSecond()).isCloseTo(500.0, within(1e-6));
  }
}
