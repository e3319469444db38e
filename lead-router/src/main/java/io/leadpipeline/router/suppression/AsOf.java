package io.leadpipeline.router.suppression;

import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.state.VersionedRecord;

/**
 * Reads a versioned suppression store as of an enquiry's event time. Past the store's history
 * (an enquiry held for hours while the register was stale) it reads the newest value instead:
 * that can only add changes made after the enquiry, and is never blind.
 */
final class AsOf {
  private AsOf() {}

  static <V> V get(VersionedKeyValueStore<String, V> store, String key, long t, boolean latest) {
    VersionedRecord<V> r = record(store, key, t, latest);
    return r == null ? null : r.value();
  }

  /** As {@link #get}, with the time the record became valid. */
  static <V> VersionedRecord<V> record(VersionedKeyValueStore<String, V> store, String key, long t, boolean latest) {
    if (key == null) {
      return null;
    }
    return latest ? store.get(key) : store.get(key, t);
  }

  /** Half the history, so the as-of read never falls off the store's retained window. */
  static boolean beyondHistory(long t, long now, long historyMs) {
    return now - t > historyMs / 2;
  }
}
