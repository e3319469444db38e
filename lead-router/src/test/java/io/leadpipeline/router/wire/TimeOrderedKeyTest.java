package io.leadpipeline.router.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.Test;

class TimeOrderedKeyTest {

  @Test
  void spellsEveryTimeAsTheFormatterDid() {
    // The keys are in changelogs written by earlier versions: the spelling must not change.
    qt().forAll(longs().all(), strings().basicLatinAlphabet().ofLengthBetween(0, 40))
        .checkAssert((millis, id) -> assertThat(TimeOrderedKey.of(millis, id))
            .isEqualTo(String.format("%013d|%s", millis, id)));
    qt().forAll(longs().between(0, 99_999_999_999_999L), strings().basicLatinAlphabet().ofLengthBetween(0, 40))
        .checkAssert((millis, id) -> assertThat(TimeOrderedKey.of(millis, id))
            .isEqualTo(String.format("%013d|%s", millis, id)));
  }

  @Test
  void sortsByTimeThenId() {
    assertThat(TimeOrderedKey.of(999, "b")).isLessThan(TimeOrderedKey.of(1_000, "a"));
    assertThat(TimeOrderedKey.of(1_733_000_000_000L, "a")).isLessThan(TimeOrderedKey.of(1_733_000_000_000L, "b"));
  }
}
