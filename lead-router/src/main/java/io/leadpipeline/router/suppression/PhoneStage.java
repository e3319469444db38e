package io.leadpipeline.router.suppression;

import io.leadpipeline.avro.CallConsent;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.TpsLoad;
import io.leadpipeline.avro.TpsRegistration;
import io.leadpipeline.router.ops.RouterMetrics;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import io.leadpipeline.router.wire.Screening;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
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
 * <p>Why this is at least as strong as a grace-period join, and bounded at any traffic level:
 *
 * <ol>
 *   <li>The tables are versioned stores read <em>as of</em> the enquiry's event time t (the
 *       broker's LogAppendTime), so a change with timestamp T ≤ t counts and one with T > t does
 *       not, whatever order the two were processed in — provided the change is in the store when
 *       the enquiry is looked up.
 *   <li>A change acknowledged at T is on the broker before the enquiry (t > T) was even appended;
 *       the enquiry reaches this task only later, through a repartition topic. With KIP-695's
 *       {@code max.task.idle.ms=0} a task does not process while a partition has data known to be
 *       on the broker, and then processes in timestamp order.
 *   <li>"Known" rests on the consumer's last fetch response for that partition, which can be one
 *       fetch old when the partitions sit on different brokers. So the enquiry is held in a store
 *       until wall-clock t + {@code suppression.join-wait} (default 2 s, several fetch rounds of
 *       {@code fetch.max.wait.ms}=500 ms) and only then looked up. A wall-clock punctuator
 *       releases it: unlike a grace buffer it needs no newer enquiry to push stream time, so the
 *       added delay is at most join-wait plus one tick, at one enquiry a minute or a thousand a
 *       second. On a single broker one fetch response carries every partition, so KIP-695 alone
 *       orders the lookups ({@code JoinRaceIT} proves it at 0 s too); with join-wait 0 an enquiry
 *       is screened as it arrives, and only held when the register is stale or a record unreadable.
 * </ol>
 *
 * <p>Fail closed: nothing is released while a register is stale (or was never loaded); held
 * enquiries stay in the store, across restarts, until fresh data arrives. Tables that are still
 * restoring need no check here: Kafka Streams does not process a task before its stores restored.
 * A suppression record that cannot be decoded (its schema id unknown to the registry, say) keeps
 * the enquiry held too — logged once by enquiry id, counted every tick in
 * {@code suppression_lookups_unreadable_total{table}} — rather than routed unscreened or
 * dead-lettered: the enquiry is valid, the suppression data is what is wrong. A registry outage
 * still fails the task, which is retried.
 */
public final class PhoneStage implements Processor<String, Screening, String, Screening> {
  private static final Logger LOG = LoggerFactory.getLogger(PhoneStage.class);
  private final Stores stores;
  private final Duration wait;
  private final long historyMs;
  private final RegisterFreshness freshness;
  private final RouterMetrics metrics;
  private ProcessorContext<String, Screening> context;
  private KeyValueStore<String, Screening> hold;
  private VersionedKeyValueStore<String, TpsRegistration> tps;
  private VersionedKeyValueStore<String, CallConsent> consents;
  private VersionedKeyValueStore<String, ContactPreferences> preferences;
  private KeyValueStore<String, ValueAndTimestamp<TpsLoad>> loads;
  private AtomicLong held;
  private boolean freshnessChecked;
  private long freshnessCheckedAt;
  private boolean registersFresh;
  private final UnreadableHolds unreadable;

  /** The names of the stores this stage reads. */
  public record Stores(String hold, String tps, String consents, String preferences, String tpsLoads) {}

  public PhoneStage(
      Stores stores, Duration wait, Duration history, RegisterFreshness freshness, RouterMetrics metrics) {
    this.stores = stores;
    this.wait = wait;
    this.historyMs = history.toMillis();
    this.freshness = freshness;
    this.metrics = metrics;
    this.unreadable = new UnreadableHolds(LOG, metrics);
  }

  /** How often held enquiries are looked at: often enough that the wait stays close to join-wait. */
  public static Duration tick(Duration wait) {
    long ms = wait.toMillis() / 4;
    return Duration.ofMillis(Math.max(50, Math.min(250, ms)));
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
    long n = 0;
    try (KeyValueIterator<String, Screening> it = hold.all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    held.set(n);
    context.schedule(tick(wait), PunctuationType.WALL_CLOCK_TIME, this::release);
  }

  @Override
  public void process(Record<String, Screening> record) {
    NormalisedEnquiry e = record.value().enquiry();
    String key = holdKey(e.eventTime(), e.enquiryId());
    if (wait.isZero() && hold.approximateNumEntries() == 0) {
      // Nothing older is waiting: look up and forward at once, no store round trip.
      long now = context.currentSystemTimeMs();
      if (fresh(now) && screen(e, key, now)) {
        return;
      }
    }
    hold.put(key, record.value());
    held.incrementAndGet();
  }

  /**
   * Whether the registers are fresh, read from the loads store at most once a tick: the direct
   * path asks for every enquiry, and a register turning stale is noticed within one tick.
   */
  private boolean fresh(long now) {
    if (!freshnessChecked || now - freshnessCheckedAt >= tick(wait).toMillis() || now < freshnessCheckedAt) {
      Map<Register, Long> loadedAt = loadedAt();
      loadedAt.forEach(metrics::registerLoaded);
      boolean stale = freshness.stale(loadedAt, now);
      metrics.stale(stale);
      registersFresh = !stale;
      freshnessChecked = true;
      freshnessCheckedAt = now;
    }
    return registersFresh;
  }

  private void release(long now) {
    if (!fresh(now)) {
      return;
    }
    // Only what is due: keys sort by event time, and an in-memory store has no tombstones to walk.
    List<KeyValue<String, Screening>> due = new ArrayList<>();
    try (KeyValueIterator<String, Screening> it = hold.range(null, holdKey(now - wait.toMillis(), "\uffff"))) {
      while (it.hasNext()) {
        due.add(it.next());
      }
    }
    for (KeyValue<String, Screening> kv : due) {
      if (screen(kv.value.enquiry(), kv.key, now)) {
        hold.delete(kv.key);
        held.decrementAndGet();
        unreadable.released(kv.key);
      }
    }
  }

  /**
   * Looks the enquiry up as of its event time and forwards it; false when a suppression record
   * cannot be decoded, so the enquiry must stay (or be put) in the hold store under {@code holdKey}.
   */
  private boolean screen(NormalisedEnquiry e, String holdKey, long now) {
    boolean latest = AsOf.beyondHistory(e.eventTime(), now, historyMs);
    SuppressionView view;
    try {
      view =
          e.hasPhone()
              ? SuppressionView.NOTHING.withPhoneFacts(
                  SuppressionRecords.tps(lookup("tps", tps, e, latest)),
                  SuppressionRecords.consent(lookup("call_consents", consents, e, latest)),
                  SuppressionRecords.preferences(lookup("preferences", preferences, e, latest)))
              : SuppressionView.NOTHING;
    } catch (UnreadableRecord u) {
      unreadable.held(holdKey, e.enquiryId(), u);
      return false;
    }
    context.forward(new Record<>(e.subjectKey(), new Screening(e, view), e.eventTime()));
    return true;
  }

  /** The store's value for the enquiry's phone key as of its event time. */
  private static <V> V lookup(String table, VersionedKeyValueStore<String, V> store, NormalisedEnquiry e, boolean latest) {
    return UnreadableRecord.lookUp(table, store, e.phoneKey(), e.eventTime(), latest);
  }

  @Override
  public void close() {
    held.set(0); // the task may move to another instance, which counts its own
  }

  private Map<Register, Long> loadedAt() {
    Map<Register, Long> at = new EnumMap<>(Register.class);
    for (Register r : Register.values()) {
      ValueAndTimestamp<TpsLoad> load = loads.get(r.name());
      if (load != null && load.value() != null) {
        at.put(r, load.value().getLoadedAt().toEpochMilli());
      }
    }
    return at;
  }

  static String holdKey(long eventTime, String enquiryId) {
    return String.format("%013d|%s", eventTime, enquiryId);
  }
}
