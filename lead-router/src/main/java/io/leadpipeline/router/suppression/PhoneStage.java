package io.leadpipeline.router.suppression;

import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.TpsLoad;
import io.leadpipeline.router.ops.RouterMetrics;
import io.leadpipeline.router.ordering.Gate;
import io.leadpipeline.router.ordering.KeyPartition;
import io.leadpipeline.router.ordering.Ordering;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import io.leadpipeline.router.wire.TimeOrderedKey;
import io.leadpipeline.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first suppression stage, on the enquiry re-keyed by phone key (by subject key when there is
 * no phone), co-partitioned with {@code suppression.tps}, {@code suppression.call-consents} and
 * {@code suppression.preferences}.
 *
 * <p>Ordering by an offset barrier, not a wait (docs/ordering.md):
 *
 * <ol>
 *   <li>Every enquiry is held in a store and, as it is held, asks for the end offsets of this
 *       task's three suppression partitions, read by a request sent after that moment ({@link
 *       Gate}). A suppression change acknowledged before the enquiry was appended lies below them.
 *   <li>It is looked up once this task's stores have applied every record below those offsets
 *       (their KIP-796 positions, or the task's committed offsets past a tail of transaction
 *       markers): the change is then in the store, however late the fetch, the restart or the open
 *       transaction that delayed it. Nothing is released on the wall clock alone; a wall-clock
 *       punctuator only looks again, every few ms while anything is held.
 *   <li>The tables are versioned stores, read as of the enquiry's event time t (the broker's
 *       LogAppendTime) for permissive facts and as of t + ε for restrictive ones, the stricter
 *       reading winning ({@link SuppressionView#stricter}): a change stamped by a broker whose clock
 *       runs up to ε ahead still counts. Releases wait while the clock monitor finds a broker more
 *       than ε/2 from the router's clock.
 * </ol>
 *
 * <p>Fail closed: nothing is released while a register is stale (or was never loaded), while the
 * end offsets cannot be read, or while clock skew is unknown or too large; held enquiries stay in
 * the store, across restarts (a restored enquiry asks for new end offsets), and are counted in
 * {@code suppression_barrier_waiting}. The tables keep each record's bytes and decode at look-up,
 * so a record that cannot be decoded (an unknown schema id, a wrong magic byte, a truncated body)
 * is in the store under its key like any other and keeps that key's enquiries held too — logged once by enquiry id, counted
 * every tick in {@code suppression_lookups_unreadable_total{table}} — rather than routed
 * unscreened or dead-lettered. A registry outage still fails the task, which is retried.
 */
public final class PhoneStage implements Processor<String, Screening, String, Screening> {
  private static final Logger LOG = LoggerFactory.getLogger(PhoneStage.class);
  /** How often an idle stage re-reads register freshness, so readiness and the stale gauge move. */
  private static final Duration FRESHNESS_CHECK = Duration.ofSeconds(1);
  private final Stores stores;
  private final Ordering ordering;
  private final long historyMs;
  private final RegisterFreshness freshness;
  private final RouterMetrics metrics;
  private ProcessorContext<String, Screening> context;
  private KeyValueStore<String, Screening> hold;
  private final SuppressionTable.All tables;
  private VersionedKeyValueStore<String, byte[]> tps;
  private VersionedKeyValueStore<String, byte[]> consents;
  private VersionedKeyValueStore<String, byte[]> preferences;
  private KeyValueStore<String, ValueAndTimestamp<TpsLoad>> loads;
  private AtomicLong held;
  private AtomicLong waiting;
  private Gate gate;
  /** The hold store's content, in key order: a tick looks at every held enquiry without decoding the store. */
  private final java.util.TreeMap<String, Screening> heldByKey = new java.util.TreeMap<>();
  private Cancellable ticking;
  private boolean freshnessChecked;
  private long freshnessCheckedAt;
  private boolean registersFresh;
  /** The loads that freshness was last judged on; recorded with every enquiry screened meanwhile. */
  private ScreenedRegisters registers;
  private final UnreadableHolds unreadable;

  /** The names of the stores this stage reads, and of the topics the tables apply. */
  public record Stores(
      String hold, String tps, String consents, String preferences, String tpsLoads,
      String tpsTopic, String consentsTopic, String preferencesTopic, String doNotRepeatTopic) {
    /** The table sources' stores this stage reads (the register loads are a global table). */
    public String[] tables() {
      return new String[] {tps, consents, preferences};
    }

    /** The subject stage's partition of {@code subjectKey}, of the two topics it applies. */
    List<TopicPartition> subjectPartitions(String subjectKey) {
      int q = KeyPartition.of(subjectKey, Topics.PARTITIONS);
      return List.of(new TopicPartition(preferencesTopic, q), new TopicPartition(doNotRepeatTopic, q));
    }

    /** Every partition the subject stage applies: the phone stage reads their end offsets along with its own. */
    List<TopicPartition> allSubjectPartitions() {
      List<TopicPartition> all = new ArrayList<>();
      for (int q = 0; q < Topics.PARTITIONS; q++) {
        all.add(new TopicPartition(preferencesTopic, q));
        all.add(new TopicPartition(doNotRepeatTopic, q));
      }
      return all;
    }
  }

  /**
   * This stage with its hold store declared; the suppression tables it reads belong to the
   * topology's table sources: connect them by {@link Stores#tables()}.
   */
  public static ProcessorSupplier<String, Screening, String, Screening> declared(
      Stores stores, Supplier<PhoneStage> stage) {
    return HoldStore.declaredFor(stores.hold(), stage);
  }

  public PhoneStage(
      Stores stores, SuppressionTable.All tables, Ordering ordering, Duration history, RegisterFreshness freshness,
      RouterMetrics metrics) {
    this.stores = stores;
    this.tables = tables;
    this.ordering = ordering;
    this.historyMs = history.toMillis();
    this.freshness = freshness;
    this.metrics = metrics;
    this.unreadable = new UnreadableHolds(LOG, metrics);
  }

  @Override
  public void init(ProcessorContext<String, Screening> context) {
    this.context = context;
    hold = context.getStateStore(stores.hold());
    tps = context.getStateStore(stores.tps());
    consents = context.getStateStore(stores.consents());
    preferences = context.getStateStore(stores.preferences());
    loads = context.getStateStore(stores.tpsLoads());
    held = metrics.held(context.taskId().toString());
    waiting = metrics.barrierWaiting("phone-stage " + context.taskId());
    gate = new Gate(ordering.offsets(), context.taskId().partition(), Map.of(
        stores.tpsTopic(), tps, stores.consentsTopic(), consents, stores.preferencesTopic(), preferences),
        stores.allSubjectPartitions());
    long n = restoreHeld(hold, heldByKey, gate);
    held.set(n);
    if (n > 0) {
      tickWhileHeld();
    }
    context.schedule(FRESHNESS_CHECK, PunctuationType.WALL_CLOCK_TIME, this::fresh);
  }

  @Override
  public void process(Record<String, Screening> record) {
    NormalisedEnquiry e = record.value().enquiry();
    String key = holdKey(e.eventTime(), e.enquiryId());
    hold.put(key, record.value());
    heldByKey.put(key, record.value());
    held.incrementAndGet();
    gate.enter(key);
    gate.look();
    Release r = release(key, record.value(), context.currentSystemTimeMs());
    if (r != Release.RELEASED) {
      if (r == Release.AT_BARRIER) {
        waiting.incrementAndGet();
      }
      tickWhileHeld();
    }
  }

  /** Look again every tick, but only while something is held: an idle router does no work. */
  private void tickWhileHeld() {
    if (ticking == null) {
      ticking = context.schedule(ordering.tick(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }
  }

  /**
   * Whether the registers are fresh, read from the loads store at most once a tick: a register
   * turning stale is noticed within one tick.
   */
  private boolean fresh(long now) {
    if (!freshnessChecked || now - freshnessCheckedAt >= ordering.tick().toMillis() || now < freshnessCheckedAt) {
      registers = screenedRegisters();
      Map<Register, Long> loadedAt = registers.loadedAt();
      loadedAt.forEach(metrics::registerLoaded);
      boolean stale = freshness.stale(loadedAt, now);
      metrics.stale(stale);
      registersFresh = !stale;
      freshnessChecked = true;
      freshnessCheckedAt = now;
    }
    return registersFresh;
  }

  private void tick(long now) {
    gate.look();
    long atBarrier = 0;
    if (fresh(now) && ordering.clocksWithinBound().getAsBoolean()) {
      Gate.Passing passing = gate.passing();
      for (String key : passing.keys()) {
        release(key, heldByKey.get(key), now);
      }
      atBarrier = passing.waiting();
    }
    waiting.set(atBarrier);
    if (heldByKey.isEmpty() && ticking != null) {
      ticking.cancel();
      ticking = null;
    }
  }

  /** Screens and forwards a held enquiry if its barrier passed and nothing else holds it. */
  private Release release(String key, Screening held, long now) {
    if (!fresh(now) || !ordering.clocksWithinBound().getAsBoolean()) {
      return Release.HELD;
    }
    Map<TopicPartition, Long> targets = gate.passed(key);
    if (targets == null) {
      return Release.AT_BARRIER;
    }
    // Read with the same request, after the enquiry was consumed: the subject stage's barrier.
    Map<TopicPartition, Long> subjectBarrier =
        gate.readAlong(key, stores.subjectPartitions(held.enquiry().subjectKey())).orElse(Map.of());
    if (!screen(held, targets, subjectBarrier, key, now)) {
      return Release.HELD; // unreadable: counted by UnreadableHolds, looked at again next tick
    }
    HoldStore.remove(hold, key);
    heldByKey.remove(key);
    this.held.decrementAndGet();
    gate.leave(key);
    unreadable.released(key);
    return Release.RELEASED;
  }

  /**
   * Looks the enquiry up as of t and t + ε and forwards the stricter reading; false when a
   * suppression record cannot be decoded, so the enquiry must stay in the hold store.
   */
  private boolean screen(
      Screening s, Map<TopicPartition, Long> targets, Map<TopicPartition, Long> subjectBarrier, String holdKey, long now) {
    NormalisedEnquiry e = s.enquiry();
    boolean latest = AsOf.beyondHistory(e.eventTime(), now, historyMs);
    SuppressionView view;
    UnreadableRecord.Lookups lookups = new UnreadableRecord.Lookups();
    try {
      view =
          e.hasPhone()
              ? SuppressionView.stricter(
                  phoneFacts(lookups, e, e.eventTime(), latest),
                  phoneFacts(lookups, e, e.eventTime() + ordering.epsilon().toMillis(), latest))
              : SuppressionView.NOTHING;
    } catch (UnreadableRecord u) {
      unreadable.held(holdKey, e.enquiryId(), u);
      return false;
    }
    view = view.withRegisters(registers); // read by fresh(now), just before
    context.forward(new Record<>(e.subjectKey(), s.screened(view, targets, subjectBarrier), e.eventTime()));
    return true;
  }

  /** The newest load of each register, recorded in the decision (docs/enquiry-contract.md §3). */
  private ScreenedRegisters screenedRegisters() {
    List<ScreenedRegisters.Load> used = new ArrayList<>();
    for (Register r : Register.values()) {
      ValueAndTimestamp<TpsLoad> load = loads.get(r.name());
      if (load != null && load.value() != null) {
        used.add(ScreenedRegisters.Load.of(load.value()));
      }
    }
    return new ScreenedRegisters(freshness.enabled(), used);
  }

  private SuppressionView phoneFacts(UnreadableRecord.Lookups lookups, NormalisedEnquiry e, long asOf, boolean latest) {
    return SuppressionView.NOTHING.withPhoneFacts(
        SuppressionRecords.tps(lookups.lookUp(tables.tps(), tps, e.phoneKey(), asOf, latest)),
        SuppressionRecords.consent(lookups.lookUp(tables.consents(), consents, e.phoneKey(), asOf, latest)),
        SuppressionRecords.preferences(lookups.lookUp(tables.preferences(), preferences, e.phoneKey(), asOf, latest)));
  }

  @Override
  public void close() {
    held.set(0); // the task may move to another instance, which counts its own
    waiting.set(0);
  }

  /** What a look at a held enquiry did. */
  enum Release { RELEASED, AT_BARRIER, HELD }

  /**
   * Loads a stage's hold store (restored from its changelog) into memory; each enquiry waits for
   * end offsets read after this restart. Returns how many are held.
   */
  static long restoreHeld(KeyValueStore<String, Screening> hold, Map<String, Screening> heldByKey, Gate gate) {
    long n = 0;
    heldByKey.clear();
    try (KeyValueIterator<String, Screening> it = hold.all()) {
      while (it.hasNext()) {
        KeyValue<String, Screening> kv = it.next();
        heldByKey.put(kv.key, kv.value);
        gate.enter(kv.key);
        n++;
      }
    }
    return n;
  }

  static String holdKey(long eventTime, String enquiryId) {
    return TimeOrderedKey.of(eventTime, enquiryId);
  }
}
