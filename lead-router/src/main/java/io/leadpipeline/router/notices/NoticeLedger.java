package io.leadpipeline.router.notices;

import io.leadpipeline.router.wire.JsonSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The router's record of what each lead's partner has been told ({@link Noticed}, keyed by lead
 * id), so a notice is sent once per (lead, request) across re-sent records, both of a person's
 * keys and restarts: the store is changelogged and, under exactly-once, commits with the notices
 * it counts. A person's erasure deletes their leads' entries; the rest expire with the
 * introductions.
 */
public final class NoticeLedger {
  public static final String STORE = "noticed-leads";

  private final KeyValueStore<String, Noticed> store;

  public NoticeLedger(KeyValueStore<String, Noticed> store) {
    this.store = store;
  }

  /**
   * The processor of {@code supplier}, with the ledger's store declared for it: the step that
   * sends notices declares the store it keeps them in.
   */
  public static <KI, VI, KO, VO> ProcessorSupplier<KI, VI, KO, VO> declaredFor(ProcessorSupplier<KI, VI, KO, VO> supplier) {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<KI, VI, KO, VO> get() {
        return supplier.get();
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        Set<StoreBuilder<?>> stores = new java.util.HashSet<>();
        if (supplier.stores() != null) {
          stores.addAll(supplier.stores());
        }
        stores.add(storeBuilder());
        return stores;
      }
    };
  }

  /** Lead ids are what a partner holds of a person: the changelog compacts within a day. */
  static StoreBuilder<KeyValueStore<String, Noticed>> storeBuilder() {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), JsonSerde.of(Noticed.class))
        .withLoggingEnabled(Map.of(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, Long.toString(Duration.ofDays(1).toMillis())));
  }

  /** The entries of the given leads that have one. */
  public Map<String, Noticed> of(Collection<String> leadIds) {
    Map<String, Noticed> found = new HashMap<>();
    for (String id : leadIds) {
      Noticed n = store.get(id);
      if (n != null) {
        found.put(id, n);
      }
    }
    return found;
  }

  /** Writes what the plan's notices tell, and deletes what it forgets. */
  public void apply(NoticePlanner.Plan plan) {
    plan.noticed().forEach(store::put);
    plan.forgotten().forEach(store::delete);
  }

  /** Writes what the correction plan's notices tell. */
  public void apply(CorrectionPlanner.Plan plan) {
    plan.noticed().forEach(store::put);
  }

  /** Drops entries unchanged for {@code retentionMs}: their leads have left the introductions too. */
  public void forgetOlderThan(long now, long retentionMs) {
    List<String> drop = new ArrayList<>();
    try (KeyValueIterator<String, Noticed> it = store.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        if (now - kv.value.at() > retentionMs) {
          drop.add(kv.key);
        }
      }
    }
    drop.forEach(store::delete);
  }
}
