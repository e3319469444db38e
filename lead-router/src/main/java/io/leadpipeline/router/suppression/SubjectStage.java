package io.leadpipeline.router.suppression;

import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.router.ops.RouterMetrics;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import io.leadpipeline.router.wire.AllocationInput;
import io.leadpipeline.router.wire.Screening;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second suppression stage, on the enquiry re-keyed by subject key, co-partitioned with
 * {@code suppression.preferences} and {@code suppression.do-not-repeat}. No second wait: the
 * enquiry was held until t + join-wait before the first stage, and wall-clock time is the same in
 * every task.
 *
 * <p>Fail closed, as in {@link PhoneStage}: an enquiry whose preferences or do-not-repeat record
 * cannot be decoded goes to a hold store and is looked up again on a wall-clock tick until the
 * record reads — counted every attempt in {@code suppression_lookups_unreadable_total{table}},
 * logged once by enquiry id — rather than routed unscreened or dead-lettered. Only those enquiries
 * touch the hold store; the others are forwarded directly. A registry outage fails the task, which
 * is retried.
 */
public final class SubjectStage implements Processor<String, Screening, String, AllocationInput> {
  private static final Logger LOG = LoggerFactory.getLogger(SubjectStage.class);
  /** How often held enquiries are looked up again; each attempt may ask the registry once. */
  static final Duration RETRY = Duration.ofSeconds(1);
  private final Stores stores;
  private final long historyMs;
  private final RouterMetrics metrics;
  private ProcessorContext<String, AllocationInput> context;
  private KeyValueStore<String, Screening> hold;
  private VersionedKeyValueStore<String, ContactPreferences> preferences;
  private VersionedKeyValueStore<String, DoNotRepeat> doNotRepeat;
  private AtomicLong held;
  private final UnreadableHolds unreadable;

  /** The names of the stores this stage uses. */
  public record Stores(String hold, String preferences, String doNotRepeat) {}

  public SubjectStage(Stores stores, Duration history, RouterMetrics metrics) {
    this.stores = stores;
    this.historyMs = history.toMillis();
    this.metrics = metrics;
    this.unreadable = new UnreadableHolds(LOG, metrics);
  }

  @Override
  public void init(ProcessorContext<String, AllocationInput> context) {
    this.context = context;
    hold = context.getStateStore(stores.hold());
    preferences = context.getStateStore(stores.preferences());
    doNotRepeat = context.getStateStore(stores.doNotRepeat());
    held = metrics.held("subject-stage " + context.taskId());
    held.set(hold.approximateNumEntries());
    context.schedule(RETRY, PunctuationType.WALL_CLOCK_TIME, this::retry);
  }

  @Override
  public void process(Record<String, Screening> record) {
    NormalisedEnquiry e = record.value().enquiry();
    String key = PhoneStage.holdKey(e.eventTime(), e.enquiryId());
    AllocationInput screened = screen(e, record.value().view(), key);
    if (screened != null) {
      context.forward(record.withValue(screened));
    } else {
      hold.put(key, record.value());
      held.incrementAndGet();
    }
  }

  private void retry(long now) {
    if (hold.approximateNumEntries() == 0) {
      return;
    }
    List<KeyValue<String, Screening>> all = new ArrayList<>();
    try (KeyValueIterator<String, Screening> it = hold.all()) {
      it.forEachRemaining(all::add);
    }
    for (KeyValue<String, Screening> kv : all) {
      NormalisedEnquiry e = kv.value.enquiry();
      AllocationInput screened = screen(e, kv.value.view(), kv.key);
      if (screened != null) {
        context.forward(new Record<>(e.subjectKey(), screened, e.eventTime()));
        hold.delete(kv.key);
        held.decrementAndGet();
        unreadable.released(kv.key);
      }
    }
  }

  /** The enquiry with its subject facts added; null when a record cannot be decoded. */
  private AllocationInput screen(NormalisedEnquiry e, SuppressionView phoneFacts, String holdKey) {
    long t = e.eventTime();
    boolean latest = AsOf.beyondHistory(t, context.currentSystemTimeMs(), historyMs);
    SuppressionView view;
    try {
      view =
          phoneFacts.withSubjectFacts(
              SuppressionRecords.preferences(UnreadableRecord.lookUp("preferences", preferences, e.subjectKey(), t, latest)),
              SuppressionRecords.doNotRepeat(UnreadableRecord.lookUp("do_not_repeat", doNotRepeat, e.subjectKey(), t, latest)));
    } catch (UnreadableRecord u) {
      unreadable.held(holdKey, e.enquiryId(), u);
      return null;
    }
    return AllocationInput.of(new Screening(e, view));
  }

  @Override
  public void close() {
    held.set(0); // the task may move to another instance, which counts its own
  }
}
