package io.leadpipeline.suppression.tps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RegisterDiffTest {
  private static final LocalDate D1 = LocalDate.of(2024, 1, 1);
  private static final LocalDate D2 = LocalDate.of(2025, 6, 1);

  private static long e(long number, LocalDate d) {
    return RegisterEntry.pack(number, d);
  }

  /** Records what the diff reported. */
  static final class Recorder implements RegisterDiff.Listener {
    final List<Long> entries = new ArrayList<>();
    final List<Long> added = new ArrayList<>();
    final List<Long> removed = new ArrayList<>();
    final List<Long> redated = new ArrayList<>();

    @Override
    public void entry(long entry) {
      entries.add(entry);
    }

    @Override
    public void added(long entry) {
      added.add(entry);
    }

    @Override
    public void removed(long previous) {
      removed.add(previous);
    }

    @Override
    public void redated(long previous, long entry) {
      redated.add(entry);
    }
  }

  @Test
  void reportsAdditionsRemovalsAndRedatingAndPassesTheNewRegisterThrough() throws IOException {
    long[] previous = {e(441000000001L, D1), e(441000000002L, D1), e(441000000003L, D1)};
    long[] next = {e(441000000002L, D1), e(441000000003L, D2), e(441000000004L, D1)};
    Recorder r = new Recorder();
    RegisterDiff.Counts c = RegisterDiff.diff(EntryCursor.of(previous), EntryCursor.of(next), r);
    assertThat(r.added).containsExactly(e(441000000004L, D1));
    assertThat(r.removed).containsExactly(e(441000000001L, D1));
    assertThat(r.redated).containsExactly(e(441000000003L, D2));
    assertThat(r.entries).containsExactly(next[0], next[1], next[2]);
    assertThat(c).isEqualTo(new RegisterDiff.Counts(3, 1, 1, 1));
  }

  @Test
  void emptySidesMeanEverythingAddedOrEverythingRemoved() throws IOException {
    long[] some = {e(441000000001L, D1), e(441000000002L, D1)};
    assertThat(RegisterDiff.diff(EntryCursor.of(new long[0]), EntryCursor.of(some), new Recorder()).added()).isEqualTo(2);
    assertThat(RegisterDiff.diff(EntryCursor.of(some), EntryCursor.of(new long[0]), new Recorder()).removed()).isEqualTo(2);
  }

  @Test
  void agreesWithAMapBasedDiffOnRandomRegisters() throws IOException {
    Random random = new Random(42);
    for (int round = 0; round < 50; round++) {
      TreeMap<Long, Long> a = new TreeMap<>();
      TreeMap<Long, Long> b = new TreeMap<>();
      for (int i = 0; i < 200; i++) {
        long n = 441000000000L + random.nextInt(300);
        a.put(n, e(n, random.nextBoolean() ? D1 : D2));
        long m = 441000000000L + random.nextInt(300);
        b.put(m, e(m, random.nextBoolean() ? D1 : D2));
      }
      Recorder r = new Recorder();
      RegisterDiff.diff(
          EntryCursor.of(a.values().stream().mapToLong(Long::longValue).toArray()),
          EntryCursor.of(b.values().stream().mapToLong(Long::longValue).toArray()),
          r);
      long expectedAdded = b.keySet().stream().filter(k -> !a.containsKey(k)).count();
      long expectedRemoved = a.keySet().stream().filter(k -> !b.containsKey(k)).count();
      long expectedRedated = b.keySet().stream().filter(k -> a.containsKey(k) && !a.get(k).equals(b.get(k))).count();
      assertThat(r.added).hasSize((int) expectedAdded);
      assertThat(r.removed).hasSize((int) expectedRemoved);
      assertThat(r.redated).hasSize((int) expectedRedated);
      assertThat(r.entries).containsExactlyElementsOf(b.values());
    }
  }
}
