package io.leadpipeline.suppression;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest value per key of one compacted topic the service owns, fed both by its own writes
 * (read-your-writes) and by a consumer of the topic (restart, and anything written before). An
 * update applies only if its offset is newer than the one held, so the consumer catching up never
 * replaces a fresher write with an older record. A key's partition never changes, so offsets of
 * one key are comparable.
 */
public final class KeyedView<V> {
  private record Versioned<V>(V value, long offset) {}

  private final ConcurrentHashMap<String, Versioned<V>> entries = new ConcurrentHashMap<>();

  public Optional<V> get(String key) {
    Versioned<V> v = entries.get(key);
    return v == null ? Optional.empty() : Optional.ofNullable(v.value());
  }

  /** Applies the record at {@code offset}; a null value is a tombstone. */
  public void apply(String key, V value, long offset) {
    entries.merge(
        key,
        new Versioned<>(value, offset),
        (held, incoming) -> incoming.offset() > held.offset() ? incoming : held);
  }

  /** Keys with a live value. */
  public long size() {
    return entries.values().stream().filter(v -> v.value() != null).count();
  }
}
