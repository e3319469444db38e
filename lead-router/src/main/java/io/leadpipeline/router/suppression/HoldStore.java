package io.leadpipeline.router.suppression;

import io.leadpipeline.router.wire.Changelogs;
import io.leadpipeline.router.wire.JsonSerde;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The store a suppression stage keeps its held enquiries in (at the offset barrier, or behind an
 * unreadable record): in memory and restored from its changelog, since it is small (barrier round
 * trip × rate) and churns.
 */
final class HoldStore {
  private HoldStore() {}

  /**
   * {@code stage} with its hold store {@code name} declared. The suppression tables it reads
   * belong to the topology's table sources, which connect them by name.
   */
  static ProcessorSupplier<String, Screening, String, Screening> declaredFor(
      String name, Supplier<? extends Processor<String, Screening, String, Screening>> stage) {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<String, Screening, String, Screening> get() {
        return stage.get();
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(name), Serdes.String(), JsonSerde.of(Screening.class))
            .withLoggingEnabled(Changelogs.PERSONAL));
      }
    };
  }

  /**
   * Removes a released enquiry. A put of null removes the entry and writes the same tombstone as
   * {@code delete}, which would also decode the removed value only to return it (3 % of the
   * stream thread at saturation).
   */
  static void remove(KeyValueStore<String, Screening> hold, String key) {
    hold.put(key, null);
  }
}
