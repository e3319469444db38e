package io.leadpipeline.suppression;

import io.leadpipeline.avro.CallConsent;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.avro.TpsLoad;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.util.List;

/**
 * The service's local view of its own compacted topics, which read-modify-write merges need.
 *
 * <p>Single-writer assumption: only this service writes these topics, and one instance at a time
 * (run it as one replica, or partition keys across replicas). Two writers would each merge into
 * their own view and the later write would lose the other's change.
 *
 * <p>Memory: one entry per person with a standing choice, roughly 300 bytes each; a million
 * people take about 300 MB of heap. Past that, move the view to a Kafka Streams store.
 */
public final class SuppressionView {
  /** The topics the view follows, in the order the consumer subscribes. */
  public static final List<TopicSpec<String, ?>> TOPICS =
      List.of(
          Topics.SUPPRESSION_PREFERENCES,
          Topics.SUPPRESSION_DO_NOT_REPEAT,
          Topics.SUPPRESSION_CALL_CONSENTS,
          Topics.SUPPRESSION_TPS_LOADS);

  private final KeyedView<ContactPreferences> preferences = new KeyedView<>();
  private final KeyedView<DoNotRepeat> doNotRepeat = new KeyedView<>();
  private final KeyedView<CallConsent> callConsents = new KeyedView<>();
  private final KeyedView<TpsLoad> tpsLoads = new KeyedView<>();
  private volatile boolean caughtUp;

  public KeyedView<ContactPreferences> preferences() {
    return preferences;
  }

  public KeyedView<DoNotRepeat> doNotRepeat() {
    return doNotRepeat;
  }

  public KeyedView<CallConsent> callConsents() {
    return callConsents;
  }

  public KeyedView<TpsLoad> tpsLoads() {
    return tpsLoads;
  }

  /** Applies a record read from (or written to) {@code topic}. */
  public void apply(TopicSpec<String, ?> topic, String key, Object value, long offset) {
    if (topic == Topics.SUPPRESSION_PREFERENCES) {
      preferences.apply(key, (ContactPreferences) value, offset);
    } else if (topic == Topics.SUPPRESSION_DO_NOT_REPEAT) {
      doNotRepeat.apply(key, (DoNotRepeat) value, offset);
    } else if (topic == Topics.SUPPRESSION_CALL_CONSENTS) {
      callConsents.apply(key, (CallConsent) value, offset);
    } else if (topic == Topics.SUPPRESSION_TPS_LOADS) {
      tpsLoads.apply(key, (TpsLoad) value, offset);
    }
  }

  /** True once the view holds everything that was on the topics when the service started. */
  public boolean caughtUp() {
    return caughtUp;
  }

  public void markCaughtUp() {
    caughtUp = true;
  }
}
