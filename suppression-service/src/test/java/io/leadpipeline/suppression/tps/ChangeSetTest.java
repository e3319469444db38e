package io.leadpipeline.suppression.tps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeSetTest {
  private static final LocalDate D1 = LocalDate.of(2024, 1, 1);
  private static final LocalDate D2 = LocalDate.of(2025, 1, 1);

  @Test
  void appliesAdditionsRemovalsAndRedatingInNumberOrderLastLineWinning() throws IOException {
    long[] previous = {RegisterEntry.pack(10, D1), RegisterEntry.pack(20, D1), RegisterEntry.pack(30, D1)};
    ChangeSet changes = new ChangeSet();
    changes.add(RegisterEntry.pack(5, D1));
    changes.remove(RegisterEntry.pack(20, D1));
    changes.add(RegisterEntry.pack(30, D2));
    changes.remove(RegisterEntry.pack(40, D1)); // not on the register: nothing to do
    changes.add(RegisterEntry.pack(50, D1));
    changes.remove(RegisterEntry.pack(50, D1)); // the later line wins
    EntryCursor applied = changes.applyTo(EntryCursor.of(previous));
    List<Long> out = new ArrayList<>();
    while (applied.hasNext()) {
      out.add(applied.next());
    }
    assertThat(out).containsExactly(RegisterEntry.pack(5, D1), RegisterEntry.pack(10, D1), RegisterEntry.pack(30, D2));
  }
}
