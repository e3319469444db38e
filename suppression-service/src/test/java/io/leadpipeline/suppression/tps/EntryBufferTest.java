package io.leadpipeline.suppression.tps;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class EntryBufferTest {
  @Test
  void sortsAcrossChunksAndKeepsTheEarliestDateOfARepeatedNumber() {
    EntryBuffer b = new EntryBuffer();
    int n = (1 << 20) + 10; // more than one chunk
    for (int i = n; i > 0; i--) {
      b.add(RegisterEntry.pack(440000000000L + i, LocalDate.of(2025, 1, 1)));
    }
    b.add(RegisterEntry.pack(440000000005L, LocalDate.of(2020, 1, 1)));
    long[] sorted = b.sortedByNumber();
    assertThat(sorted).hasSize(n);
    for (int i = 1; i < sorted.length; i++) {
      assertThat(RegisterEntry.number(sorted[i])).isGreaterThan(RegisterEntry.number(sorted[i - 1]));
    }
    assertThat(RegisterEntry.registeredOn(sorted[4])).isEqualTo(LocalDate.of(2020, 1, 1));
    assertThat(b.size()).isZero();
  }
}
