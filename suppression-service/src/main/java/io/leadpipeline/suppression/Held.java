package io.leadpipeline.suppression;

import io.leadpipeline.suppression.SuppressionView.Gap;

/**
 * What the view holds for one key of one topic: nothing, a record, or a record it could not read.
 * An unreadable record may have said anything, so each change decides for itself what to make of
 * it: an objection merges onto the most restrictive state, a lift waits.
 */
public sealed interface Held<V> {
  /**
   * The one exhaustive match over the three cases (Java 17 has no pattern switch): each caller
   * says what every case means for it.
   */
  default <R> R fold(
      java.util.function.Supplier<R> absent,
      java.util.function.Function<V, R> present,
      java.util.function.Function<Gap, R> unreadable) {
    if (this instanceof Present<V> p) {
      return present.apply(p.value());
    }
    if (this instanceof Unreadable<V> u) {
      return unreadable.apply(u.gap());
    }
    return absent.get();
  }

  /** No record under the key (never written, or tombstoned). */
  record Absent<V>() implements Held<V> {}

  /** The newest record under the key. */
  record Present<V>(V value) implements Held<V> {}

  /** The newest record under the key could not be decoded; nothing older may stand in for it. */
  record Unreadable<V>(Gap gap) implements Held<V> {}
}
