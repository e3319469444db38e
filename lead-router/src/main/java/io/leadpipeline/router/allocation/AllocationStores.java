package io.leadpipeline.router.allocation;

import io.leadpipeline.avro.Partner;
import io.leadpipeline.router.delivery.AllocatorState.DeferredLead;
import io.leadpipeline.router.delivery.AllocatorState.Fairness;
import io.leadpipeline.router.delivery.AllocatorState.KnownRestrictions;
import io.leadpipeline.router.delivery.LeadDraft;
import io.leadpipeline.router.notices.Introductions;
import io.leadpipeline.router.notices.NoticeLedger;
import io.leadpipeline.router.reoffer.OfferedEnquiry;
import io.leadpipeline.router.reoffer.OfferedLead;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import io.leadpipeline.router.wire.Changelogs;
import io.leadpipeline.router.wire.JsonSerde;
import io.leadpipeline.router.wire.TimeOrderedKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The allocation step's stores: declared here (their names are the changelog topics' names, so
 * they never change), opened once per task, read into a planner's snapshot and written by the
 * plan and the other jobs of the step. One task writes them all: caps, fairness and introductions
 * have a single writer.
 */
public final class AllocationStores {
  public static final String INTRODUCTIONS = "introductions";
  public static final String CAPS = "daily-caps";
  public static final String FAIRNESS = "fairness";
  public static final String DEFERRED = "deferred-leads";
  public static final String RESTRICTIONS = "known-restrictions";
  public static final String DECIDED = "decided-enquiries";
  public static final String ERASED = "erased-people";
  public static final String OFFERED_LEADS = "offered-leads";
  public static final String OFFERED_ENQUIRIES = "offered-enquiries";
  private static final String FAIRNESS_KEY = "fairness";
  private static final Duration PARTNERS_REREAD = Duration.ofSeconds(1);

  /** The stores this step declares (the notice ledger's is added by {@link NoticeLedger#declaredFor}). */
  static Set<StoreBuilder<?>> builders() {
    return Set.of(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(INTRODUCTIONS), Serdes.String(), JsonSerde.of(Introductions.class))
            .withLoggingEnabled(Changelogs.PERSONAL),
        // Caps and the round-robin are rewritten by every enquiry: cached, so each commit writes one
        // changelog record per counter instead of one per enquiry.
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CAPS), Serdes.String(), Serdes.Long())
            .withCachingEnabled(),
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(FAIRNESS), Serdes.String(), JsonSerde.of(Fairness.class))
            .withCachingEnabled(),
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(DEFERRED), Serdes.String(), JsonSerde.of(DeferredLead.class))
            .withLoggingEnabled(Changelogs.PERSONAL),
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DECIDED), Serdes.String(), Serdes.Long()),
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ERASED), Serdes.String(), Serdes.Long()),
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(RESTRICTIONS), Serdes.String(), JsonSerde.of(KnownRestrictions.class)),
        // Shared enquiries and their leads, kept for the response window so a rejection can be re-offered.
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(OFFERED_LEADS), Serdes.String(), JsonSerde.of(OfferedLead.class))
            .withLoggingEnabled(Changelogs.PERSONAL),
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(OFFERED_ENQUIRIES), Serdes.String(), JsonSerde.of(OfferedEnquiry.class))
            .withLoggingEnabled(Changelogs.PERSONAL));
  }

  final KeyValueStore<String, ValueAndTimestamp<Partner>> partners;
  final KeyValueStore<String, Introductions> introductions;
  final KeyValueStore<String, Long> caps;
  final KeyValueStore<String, Fairness> fairness;
  final KeyValueStore<String, DeferredLead> deferred;
  final KeyValueStore<String, KnownRestrictions> restrictions;
  final KeyValueStore<String, Long> decided;
  /** Subject and phone keys of people who asked to be erased → when (broker time). */
  final KeyValueStore<String, Long> erased;
  final NoticeLedger noticed;
  /** Leads shared, by lead id, for their response window: ids, keys and times (docs/SPECIFICATION.md §6.8). */
  final KeyValueStore<String, OfferedLead> offeredLeads;
  /** Shared enquiries, by enquiry id, for their leads' response windows: personal data, erased with the person. */
  final KeyValueStore<String, OfferedEnquiry> offeredEnquiries;
  /** The {@code leads_deferred} gauge of this task. */
  final AtomicLong deferredCount;
  private List<Partner> active;
  private long activeReadAt;

  AllocationStores(ProcessorContext<?, ?> context, String partnersStore, AtomicLong deferredCount) {
    partners = context.getStateStore(partnersStore);
    introductions = context.getStateStore(INTRODUCTIONS);
    caps = context.getStateStore(CAPS);
    fairness = context.getStateStore(FAIRNESS);
    deferred = context.getStateStore(DEFERRED);
    restrictions = context.getStateStore(RESTRICTIONS);
    decided = context.getStateStore(DECIDED);
    erased = context.getStateStore(ERASED);
    noticed = new NoticeLedger(context.getStateStore(NoticeLedger.STORE));
    offeredLeads = context.getStateStore(OFFERED_LEADS);
    offeredEnquiries = context.getStateStore(OFFERED_ENQUIRIES);
    this.deferredCount = deferredCount;
    long n = 0;
    try (KeyValueIterator<String, DeferredLead> it = deferred.all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    deferredCount.set(n);
  }

  /** What the planner needs to allocate {@code e}, read from the stores. */
  AllocationPlanner.Snapshot snapshot(NormalisedEnquiry e, long now) {
    return new AllocationPlanner.Snapshot(
        activePartners(now),
        key -> {
          Long n = caps.get(key);
          return n == null ? 0 : n;
        },
        fairness.get(FAIRNESS_KEY),
        introductionsOf(e.subjectKey()),
        e.hasPhone() ? introductionsOf(e.phoneKey()) : null,
        restrictions.get(e.subjectKey()),
        e.hasPhone() ? restrictions.get(e.phoneKey()) : null,
        erasedAfter(e));
  }

  /** Writes a plan's state: caps, fairness, introductions, waiting leads and what is kept for re-offers. */
  void apply(AllocationPlanner.Plan plan, NormalisedEnquiry e) {
    for (String key : plan.capCharges()) {
      Long n = caps.get(key);
      caps.put(key, n == null ? 1 : n + 1);
    }
    if (plan.fairness() != null) {
      fairness.put(FAIRNESS_KEY, plan.fairness());
    }
    // Read once and written once per enquiry, whatever the number of partners chosen.
    if (plan.bySubject() != null) {
      introductions.put(e.subjectKey(), plan.bySubject());
    }
    if (plan.byPhone() != null) {
      introductions.put(e.phoneKey(), plan.byPhone());
    }
    for (AllocationPlanner.PlannedLead lead : plan.leads()) {
      if (lead.deferred()) {
        deferred.put(deferredKey(lead.deliverAt(), lead.draft()), new DeferredLead(lead.draft(), lead.deliverAt()));
        deferredCount.incrementAndGet();
      }
    }
    plan.offeredLeads().forEach(offeredLeads::put);
    if (plan.offeredEnquiry() != null) {
      offeredEnquiries.put(e.enquiryId(), plan.offeredEnquiry());
    }
  }

  Introductions introductionsOf(String key) {
    Introductions i = introductions.get(key);
    return i == null ? Introductions.NONE : i;
  }

  /** True when the sender asked to be erased at or after the enquiry's event time. */
  private boolean erasedAfter(NormalisedEnquiry e) {
    for (String key : e.hasPhone() ? List.of(e.subjectKey(), e.phoneKey()) : List.of(e.subjectKey())) {
      Long at = erased.get(key);
      if (at != null && at >= e.eventTime()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The active partners, sorted, re-read from the global store at most once a second: partner
   * changes come through a global table and are not ordered against enquiries anyway, and
   * decoding every partner for every enquiry showed in the router's profile.
   */
  private List<Partner> activePartners(long now) {
    if (active == null || now - activeReadAt >= PARTNERS_REREAD.toMillis() || now < activeReadAt) {
      List<Partner> list = new ArrayList<>();
      try (KeyValueIterator<String, ValueAndTimestamp<Partner>> it = partners.all()) {
        while (it.hasNext()) {
          ValueAndTimestamp<Partner> v = it.next().value;
          if (v != null && v.value() != null && v.value().getActive()) {
            list.add(v.value());
          }
        }
      }
      list.sort(Comparator.comparing(Partner::getPartnerId));
      active = List.copyOf(list);
      activeReadAt = now;
    }
    return active;
  }

  /** Waiting leads sort by delivery time. */
  static String deferredKey(long deliverAt, LeadDraft draft) {
    return TimeOrderedKey.of(deliverAt, draft.leadId());
  }
}
