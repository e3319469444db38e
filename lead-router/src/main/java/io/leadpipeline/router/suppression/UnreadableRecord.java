package io.leadpipeline.router.suppression;

import io.leadpipeline.router.ops.ErrorHandling;
import org.apache.kafka.streams.state.VersionedKeyValueStore;

/**
 * A stored suppression record that does not decode (its schema id unknown to the registry, say).
 * The stages that read suppression stores catch it and hold the enquiry: the enquiry is valid, the
 * suppression data is what is wrong, so it is neither routed unscreened nor dead-lettered.
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
   * The store's value for {@code key} as of {@code t}; a record that does not decode throws this
   * exception. A registry outage is rethrown as it is: the task fails and is retried once the
   * registry answers.
   */
  static <V> V lookUp(String table, VersionedKeyValueStore<String, V> store, String key, long t, boolean latest) {
    try {
      return AsOf.get(store, key, t, latest);
    } catch (RuntimeException ex) {
      if (ErrorHandling.registryDown(ex)) {
        throw ex;
      }
      throw new UnreadableRecord(table, ex);
    }
  }
}
