package io.leadpipeline.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class DrainCounterTest {
  @Test
  void opensAndClosesTheWindowAtTheOutputsThatBoundTheRate() {
    List<String> seen = new ArrayList<>();
    int[] at = new int[1];
    DrainCounter counter = new DrainCounter(100, () -> seen.add("open at " + at[0]), () -> seen.add("close at " + at[0]));
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
}
