package io.leadpipeline.router.suppression;

import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import io.leadpipeline.router.wire.AllocationInput;
import io.leadpipeline.router.wire.Screening;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.VersionedKeyValueStore;

/**
 * The second suppression stage, on the enquiry re-keyed by subject key, co-partitioned with
 * {@code suppression.preferences} and {@code suppression.do-not-repeat}. No second wait: the
 * enquiry was held until t + join-wait before the first stage, and wall-clock time is the same in
 * every task.
 */
public final class SubjectStage implements Processor<String, Screening, String, AllocationInput> {
  private final String preferencesStore;
  private final String doNotRepeatStore;
  private final long historyMs;
  private ProcessorContext<String, AllocationInput> context;
  private VersionedKeyValueStore<String, ContactPreferences> preferences;
  private VersionedKeyValueStore<String, DoNotRepeat> doNotRepeat;

  public SubjectStage(String preferencesStore, String doNotRepeatStore, Duration history) {
    this.preferencesStore = preferencesStore;
    this.doNotRepeatStore = doNotRepeatStore;
    this.historyMs = history.toMillis();
  }

  @Override
  public void init(ProcessorContext<String, AllocationInput> context) {
    this.context = context;
    preferences = context.getStateStore(preferencesStore);
    doNotRepeat = context.getStateStore(doNotRepeatStore);
  }

  @Override
  public void process(Record<String, Screening> record) {
    NormalisedEnquiry e = record.value().enquiry();
    long t = e.eventTime();
    boolean latest = AsOf.beyondHistory(t, context.currentSystemTimeMs(), historyMs);
    SuppressionView view =
        record
            .value()
            .view()
            .withSubjectFacts(
                SuppressionRecords.preferences(AsOf.get(preferences, e.subjectKey(), t, latest)),
                SuppressionRecords.doNotRepeat(AsOf.get(doNotRepeat, e.subjectKey(), t, latest)));
    context.forward(record.withValue(AllocationInput.of(new Screening(e, view))));
  }
}
