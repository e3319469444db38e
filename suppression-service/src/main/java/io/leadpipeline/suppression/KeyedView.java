package io.leadpipeline.suppression;

import io.leadpipeline.suppression.SuppressionView.Gap;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest record per key of one compacted topic the service owns, fed both by its own writes
 * (read-your-writes) and by a consumer of the topic (restart, and anything written before). An
 * update applies only if its offset is newer than the one held, so the consumer catching up never
 * replaces a fresher write with an older record. A key's partition never changes, so offsets of
 * one key are comparable.
 *
 * <p>A record that could not be decoded is held too, as {@link Held.Unreadable}: it replaces the
 * older value of its key (which it superseded) until a newer readable record supersedes it in
 * turn. Other keys are not affected.
 */
public final class KeyedView<V> {
  private sealed interface Entry<V> {
    long offset();
  }

  private record Value<V>(V value, long offset) implements Entry<V> {}

  private record Damaged<V>(Gap gap, long offset) implements Entry<V> {}

  private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();

  /** What is held under {@code key}. */
  public Held<V> state(String key) {
    Entry<V> e = entries.get(key);
    if (e == null) {
      return new Held.Absent<>();
    }
    if (e instanceof Damaged<V> d) {
      return new Held.Unreadable<>(d.gap());
    }
    V value = ((Value<V>) e).value();
    return value == null ? new Held.Absent<>() : new Held.Present<>(value);
  }

  /**
   * The readable value under {@code key}.
   *
   * @throws SuppressionView.UnreadableRecordException when the key's newest record is unreadable:
   *     absent would be a guess
   */
  public Optional<V> get(String key) {
    return state(key).fold(
        Optional::empty,
        Optional::of,
        gap -> {
          throw new SuppressionView.UnreadableRecordException(gap);
        });
  }

  /** Applies the record at {@code offset}; a null value is a tombstone. */
  public void apply(String key, V value, long offset) {
    put(key, new Value<>(value, offset));
  }

  /** Holds the record at {@code gap.offset()} as unreadable, unless a newer record is held. */
  public void markUnreadable(String key, Gap gap) {
    put(key, new Damaged<>(gap, gap.offset()));
  }

  private void put(String key, Entry<V> incoming) {
    entries.merge(key, incoming, (held, in) -> in.offset() > held.offset() ? in : held);
  }

  /** The unreadable records held now, oldest first: no keys, only where they are. */
  public List<Gap> unreadable() {
    return entries.values().stream()
        .filter(e -> e instanceof Damaged<V>)
        .map(e -> ((Damaged<V>) e).gap())
        .sorted(Comparator.comparing(Gap::topic).thenComparingInt(Gap::partition).thenComparingLong(Gap::offset))
        .toList();
  }

  /** Keys with a live value. */
  public long size() {
    return entries.values().stream().filter(v -> v instanceof Value<V> val && val.value() != null).count();
  }
}
