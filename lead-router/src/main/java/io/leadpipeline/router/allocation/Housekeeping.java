package io.leadpipeline.router.allocation;

import io.leadpipeline.router.delivery.AllocatorState.KnownRestrictions;
import io.leadpipeline.router.notices.Introductions;
import io.leadpipeline.router.reoffer.OfferedEnquiry;
import io.leadpipeline.router.reoffer.OfferedLead;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Hourly: drop introductions past retention, old restrictions, decided and erased keys past the
 * dedupe window, closed offers and spent cap counters.
 */
final class Housekeeping {
  private final AllocationStores stores;
  private final long dedupeMs;
  private final long retentionMs;
  private final long restrictionsMs;

  Housekeeping(AllocationStores stores, long dedupeMs, long retentionMs, long restrictionsMs) {
    this.stores = stores;
    this.dedupeMs = dedupeMs;
    this.retentionMs = retentionMs;
    this.restrictionsMs = restrictionsMs;
  }

  void forgetOldEntries(long now) {
    List<String> drop = new ArrayList<>();
    List<KeyValue<String, Introductions>> keep = new ArrayList<>();
    try (KeyValueIterator<String, Introductions> it = stores.introductions.all()) {
      while (it.hasNext()) {
        KeyValue<String, Introductions> kv = it.next();
        Introductions pruned = kv.value.prune(now, retentionMs);
        if (pruned.isEmpty()) {
          drop.add(kv.key);
        } else if (pruned.items().size() != kv.value.items().size()) {
          keep.add(KeyValue.pair(kv.key, pruned));
        }
      }
    }
    drop.forEach(stores.introductions::delete);
    keep.forEach(kv -> stores.introductions.put(kv.key, kv.value));
    deleteWhere(stores.restrictions, (KnownRestrictions r) -> now - r.seenAt() > restrictionsMs);
    deleteWhere(stores.decided, (Long at) -> now - at > dedupeMs);
    deleteWhere(stores.erased, (Long at) -> now - at > dedupeMs);
    forgetClosedOffers(now);
    String twoDaysAgo = LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC).minusDays(2).toString();
    List<String> spent = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = stores.caps.all()) {
      while (it.hasNext()) {
        String key = it.next().key;
        if (key.substring(key.lastIndexOf('|') + 1).compareTo(twoDaysAgo) < 0) {
          spent.add(key);
        }
      }
    }
    spent.forEach(stores.caps::delete);
    stores.noticed.forgetOlderThan(now, retentionMs);
  }

  /** Offered enquiries and leads whose response windows all closed (plus the margin) are deleted. */
  private void forgetClosedOffers(long now) {
    deleteWhere(stores.offeredEnquiries, (OfferedEnquiry offered) -> offered.offers().stream().noneMatch(o -> {
      OfferedLead lead = stores.offeredLeads.get(o.leadId());
      return lead != null && !lead.expired(now);
    }));
    deleteWhere(stores.offeredLeads, (OfferedLead lead) -> lead.expired(now));
  }

  /** Deletes after iterating: a store is not written while an iterator over it is open. */
  private static <V> void deleteWhere(KeyValueStore<String, V> store, Predicate<V> spent) {
    List<String> drop = new ArrayList<>();
    try (KeyValueIterator<String, V> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, V> kv = it.next();
        if (spent.test(kv.value)) {
          drop.add(kv.key);
        }
      }
    }
    drop.forEach(store::delete);
  }
}
