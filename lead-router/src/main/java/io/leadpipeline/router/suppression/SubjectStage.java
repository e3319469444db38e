package io.leadpipeline.router.suppression;

import io.leadpipeline.router.ops.RouterMetrics;
import io.leadpipeline.router.ordering.Gate;
import io.leadpipeline.router.ordering.Ordering;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second suppression stage, on the enquiry re-keyed by subject key, co-partitioned with
 * {@code suppression.preferences} and {@code suppression.do-not-repeat}. The same offset barrier as
 * {@link PhoneStage}, for this task's two partitions: their end offsets are read after the enquiry
 * was consumed — by the phone stage, which carries them here, or else when it arrives here — and it
 * is looked up, as of t and t + ε, once this task's stores applied everything below them
 * (docs/ordering.md). An enquiry whose carried offsets are already applied when it arrives is
 * screened at once, without a write to the hold store; any other is held and asks for a read of
 * its own.
 *
 * <p>Fail closed, as in {@link PhoneStage}: an enquiry waits in the hold store while its barrier
 * has not passed, while clock skew is too large or unknown, or while its preferences or
 * do-not-repeat record (kept as bytes, decoded at look-up) cannot be decoded (counted every attempt in {@code
 * suppression_lookups_unreadable_total{table}}, logged once by enquiry id) — never routed
 * unscreened or dead-lettered. A registry outage fails the task, which is retried.
 */
public final class SubjectStage implements Processor<String, Screening, String, Screening> {
  private static final Logger LOG = LoggerFactory.getLogger(SubjectStage.class);
  private final Stores stores;
  private final Ordering ordering;
  private final long historyMs;
  private final RouterMetrics metrics;
  private ProcessorContext<String, Screening> context;
  private KeyValueStore<String, Screening> hold;
  private final SuppressionTable.All tables;
  private VersionedKeyValueStore<String, byte[]> preferences;
  private VersionedKeyValueStore<String, byte[]> doNotRepeat;
  private AtomicLong held;
  private AtomicLong waiting;
  private Gate gate;
  /** The hold store's content, in key order: a tick looks at every held enquiry without decoding the store. */
  private final java.util.TreeMap<String, Screening> heldByKey = new java.util.TreeMap<>();
  private Cancellable ticking;
  private final UnreadableHolds unreadable;

  /** The names of the stores this stage uses, and of the topics its tables apply. */
  public record Stores(String hold, String preferences, String doNotRepeat, String preferencesTopic, String doNotRepeatTopic) {
    /** The table sources' stores this stage reads. */
    public String[] tables() {
      return new String[] {preferences, doNotRepeat};
    }
  }

  /**
   * This stage with its hold store declared; the suppression tables it reads belong to the
   * topology's table sources: connect them by {@link Stores#tables()}.
   */
  public static ProcessorSupplier<String, Screening, String, Screening> declared(
      Stores stores, Supplier<SubjectStage> stage) {
    return HoldStore.declaredFor(stores.hold(), stage);
  }

  public SubjectStage(Stores stores, SuppressionTable.All tables, Ordering ordering, Duration history, RouterMetrics metrics) {
    this.stores = stores;
    this.tables = tables;
    this.ordering = ordering;
    this.historyMs = history.toMillis();
    this.metrics = metrics;
    this.unreadable = new UnreadableHolds(LOG, metrics);
  }

  @Override
  public void init(ProcessorContext<String, Screening> context) {
    this.context = context;
    hold = context.getStateStore(stores.hold());
    preferences = context.getStateStore(stores.preferences());
    doNotRepeat = context.getStateStore(stores.doNotRepeat());
    held = metrics.held("subject-stage " + context.taskId());
    waiting = metrics.barrierWaiting("subject-stage " + context.taskId());
    gate = new Gate(ordering.offsets(), context.taskId().partition(),
        Map.of(stores.preferencesTopic(), preferences, stores.doNotRepeatTopic(), doNotRepeat));
    long n = PhoneStage.restoreHeld(hold, heldByKey, gate);
    held.set(n);
    if (n > 0) {
      tickWhileHeld();
    }
  }

  @Override
  public void process(Record<String, Screening> record) {
    Screening s = record.value();
    NormalisedEnquiry e = s.enquiry();
    String key = PhoneStage.holdKey(e.eventTime(), e.enquiryId());
    gate.look();
    // The phone stage read this task's end offsets after it consumed the enquiry: once the stores
    // applied them, the enquiry is screened on arrival and never written to the hold store.
    Map<TopicPartition, Long> carried = s.subjectTargets();
    if (ordering.clocksWithinBound().getAsBoolean() && gate.reached(carried)) {
      Screening screened = screen(s, carried, key, context.currentSystemTimeMs());
      if (screened != null) {
        context.forward(new Record<>(e.subjectKey(), screened, e.eventTime()));
        return;
      }
      hold(key, s); // unreadable: counted, and looked at again next tick
      tickWhileHeld();
      return;
    }
    hold(key, s);
    PhoneStage.Release r = release(key, s, context.currentSystemTimeMs());
    if (r != PhoneStage.Release.RELEASED) {
      if (r == PhoneStage.Release.AT_BARRIER) {
        waiting.incrementAndGet();
      }
      tickWhileHeld();
    }
  }

  /** Holds the enquiry until end offsets read from now on are applied. */
  private void hold(String key, Screening s) {
    hold.put(key, s);
    heldByKey.put(key, s);
    held.incrementAndGet();
    gate.enter(key);
  }

  private void tickWhileHeld() {
    if (ticking == null) {
      ticking = context.schedule(ordering.tick(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }
  }

  private void tick(long now) {
    gate.look();
    long atBarrier = 0;
    if (ordering.clocksWithinBound().getAsBoolean()) {
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

  private PhoneStage.Release release(String key, Screening s, long now) {
    if (!ordering.clocksWithinBound().getAsBoolean()) {
      return PhoneStage.Release.HELD;
    }
    Map<TopicPartition, Long> targets = gate.passed(key);
    if (targets == null) {
      return PhoneStage.Release.AT_BARRIER;
    }
    Screening screened = screen(s, targets, key, now);
    if (screened == null) {
      return PhoneStage.Release.HELD;
    }
    context.forward(new Record<>(s.enquiry().subjectKey(), screened, s.enquiry().eventTime()));
    HoldStore.remove(hold, key);
    heldByKey.remove(key);
    held.decrementAndGet();
    gate.leave(key);
    unreadable.released(key);
    return PhoneStage.Release.RELEASED;
  }

  /** The enquiry with its subject facts added (the stricter of t and t + ε); null when a record cannot be decoded. */
  private Screening screen(Screening s, Map<TopicPartition, Long> targets, String holdKey, long now) {
    NormalisedEnquiry e = s.enquiry();
    long t = e.eventTime();
    boolean latest = AsOf.beyondHistory(t, now, historyMs);
    SuppressionView view;
    UnreadableRecord.Lookups lookups = new UnreadableRecord.Lookups();
    try {
      view = SuppressionView.stricter(
          subjectFacts(lookups, s.view(), e, t, latest),
          subjectFacts(lookups, s.view(), e, t + ordering.epsilon().toMillis(), latest));
    } catch (UnreadableRecord u) {
      unreadable.held(holdKey, e.enquiryId(), u);
      return null;
    }
    return s.screened(view, targets, Map.of());
  }

  private SuppressionView subjectFacts(
      UnreadableRecord.Lookups lookups, SuppressionView phoneFacts, NormalisedEnquiry e, long asOf, boolean latest) {
    return phoneFacts.withSubjectFacts(
        SuppressionRecords.preferences(lookups.lookUp(tables.preferences(), preferences, e.subjectKey(), asOf, latest)),
        SuppressionRecords.doNotRepeat(lookups.lookUp(tables.doNotRepeat(), doNotRepeat, e.subjectKey(), asOf, latest)));
  }

  @Override
  public void close() {
    held.set(0); // the task may move to another instance, which counts its own
    waiting.set(0);
  }
}
