package io.leadpipeline.router.suppression;

import io.leadpipeline.router.ops.ErrorHandling;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.state.VersionedRecord;

/**
 * A suppression record that does not decode: an unknown schema id (the registry lost its
 * schemas), a wrong magic byte, a truncated Avro body. The tables keep every record's bytes, so a
 * damaged one lands in the store under its key like any other; the stages catch this exception at
 * look-up and hold the enquiry: the enquiry is valid, the suppression data is what is wrong, so it
 * is neither routed unscreened nor dead-lettered (docs/suppression-integrity.md §4).
 */
final class UnreadableRecord extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The table's metric label, e.g. {@code call_consents}. */
  final String table;

  private UnreadableRecord(String table, RuntimeException cause) {
    super(null, cause, false, false);
    this.table = table;
  }

  /**
   * {@code bytes} decoded; a record that does not decode throws this exception. A registry outage
   * is rethrown as it is: the task fails and is retried once the registry answers.
   */
  static <V> V decode(SuppressionTable<V> table, byte[] bytes) {
    try {
      return table.decode(bytes);
    } catch (RuntimeException ex) {
      if (ErrorHandling.registryDown(ex)) {
        throw ex;
      }
      throw new UnreadableRecord(table.label(), ex);
    }
  }

  /**
   * The look-ups of one screening. An enquiry is read as of t and as of t + ε, and both reads
   * mostly find the same record: equal bytes are decoded once. Nothing outlives the screening, so
   * nothing decoded can go stale; a record that failed is decoded again at the next look.
   */
  static final class Lookups {
    private final Map<String, byte[]> bytesByTableKey = new HashMap<>(8);
    private final Map<String, Object> valueByTableKey = new HashMap<>(8);

    /**
     * The store's value for {@code key} as of {@code t} (the newest if {@code latest}), decoded.
     * When that record does not decode but a newer one for the key does, the newer one is read: a
     * readable record supersedes the damaged one, and reading past t only adds what the person
     * said later, as a read past the history does ({@link AsOf}). Otherwise this throws.
     */
    <V> V lookUp(SuppressionTable<V> table, VersionedKeyValueStore<String, byte[]> store, String key, long t, boolean latest) {
      VersionedRecord<byte[]> asOf = AsOf.record(store, key, t, latest);
      if (asOf == null) {
        return null;
      }
      try {
        return decoded(table, key, asOf.value());
      } catch (UnreadableRecord damaged) {
        VersionedRecord<byte[]> newest = latest ? null : store.get(key);
        if (newest == null || newest.timestamp() <= asOf.timestamp()) {
          throw damaged;
        }
        return decoded(table, key, newest.value());
      }
    }

    @SuppressWarnings("unchecked")
    private <V> V decoded(SuppressionTable<V> table, String key, byte[] bytes) {
      String at = table.label() + '|' + key;
      if (Arrays.equals(bytesByTableKey.get(at), bytes)) {
        return (V) valueByTableKey.get(at);
      }
      V value = decode(table, bytes);
      bytesByTableKey.put(at, bytes);
      valueByTableKey.put(at, value);
      return value;
    }
  }
}
