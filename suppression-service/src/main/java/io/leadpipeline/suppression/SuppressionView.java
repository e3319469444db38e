package io.leadpipeline.suppression;

import io.leadpipeline.avro.CallConsent;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.avro.TpsLoad;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's local view of its own compacted topics, which read-modify-write merges need.
 *
 * <p>Single-writer assumption: only this service writes these topics, and one instance at a time
 * (run it as one replica, or partition keys across replicas). Two writers would each merge into
 * their own view and the later write would lose the other's change.
 *
 * <p>Memory: one entry per person with a standing choice, roughly 300 bytes each; a million
 * people take about 300 MB of heap. Past that, move the view to a Kafka Streams store.
 *
 * <p>Fail closed, per key: a record it could not decode is held under its key as
 * {@link Held.Unreadable} until a newer readable record for that key supersedes it, so nothing
 * older stands in for what it may have said. Other people's requests are served as usual; for
 * that key an objection merges onto the most restrictive state and a lift waits (see
 * {@link Suppressions}). The whole view is incomplete ({@link #requireComplete}) only while it
 * has not caught up, while the registry does not answer, or after an unreadable record without a
 * key (the service never writes one), which could be anyone's.
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
  /** The first unreadable record without a key (it could be anyone's); stays until restart. */
  private volatile Gap unreadable;
  /** A record waiting for the schema registry to answer; cleared once it is read. */
  private volatile Gap waiting;
  private final Map<String, AtomicLong> decodeFailures = new ConcurrentHashMap<>();

  /** Why a record of the view's topics could not be read: each kind is a metric label. */
  public enum FailureKind {
    /** The registry does not know the record's schema id (it lost its schemas, or ids were reused). */
    UNKNOWN_SCHEMA,
    /** The bytes are not a record of the topic's type (bad magic byte, truncated, wrong schema). */
    UNDECODABLE,
    /** The registry did not answer: the record is fine and is read again. */
    REGISTRY_UNAVAILABLE;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A record the view has not read: where it is and why, with no personal data (the exception's
   * type, never its message or the record's key).
   */
  public record Gap(String topic, int partition, long offset, FailureKind kind, String error) {
    public String where() {
      return topic + "-" + partition + "@" + offset;
    }
  }

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

  /** The per-key view of {@code topic}, one of {@link #TOPICS}. */
  @SuppressWarnings("unchecked")
  public <V> KeyedView<V> of(TopicSpec<String, V> topic) {
    if (topic == Topics.SUPPRESSION_PREFERENCES) {
      return (KeyedView<V>) preferences;
    } else if (topic == Topics.SUPPRESSION_DO_NOT_REPEAT) {
      return (KeyedView<V>) doNotRepeat;
    } else if (topic == Topics.SUPPRESSION_CALL_CONSENTS) {
      return (KeyedView<V>) callConsents;
    } else if (topic == Topics.SUPPRESSION_TPS_LOADS) {
      return (KeyedView<V>) tpsLoads;
    }
    throw new IllegalArgumentException("not a topic of the view: " + topic.baseName());
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

  /**
   * A record that will not be read as it is. With a key, only that key is held as unreadable
   * until a newer record supersedes it; without one, the view stays incomplete until restart.
   */
  public void markUnreadable(TopicSpec<String, ?> topic, String key, Gap gap) {
    countFailure(topic, gap.kind());
    if (key != null) {
      of(topic).markUnreadable(key, gap);
    } else if (unreadable == null) {
      unreadable = gap;
    }
  }

  /** How many keys are held as unreadable now. */
  public long unreadableKeys() {
    long n = 0;
    for (TopicSpec<String, ?> topic : TOPICS) {
      n += of(topic).unreadable().size();
    }
    return n;
  }

  /** Every unreadable record held now (per key, then a keyless one): where and why, no keys. */
  public List<Gap> unreadableRecords() {
    List<Gap> all = new java.util.ArrayList<>();
    for (TopicSpec<String, ?> topic : TOPICS) {
      all.addAll(of(topic).unreadable());
    }
    Gap keyless = unreadable;
    if (keyless != null) {
      all.add(keyless);
    }
    return all;
  }

  /** A record waiting for the schema registry: the view is incomplete until it is read. */
  public void markWaiting(TopicSpec<String, ?> topic, Gap gap) {
    countFailure(topic, gap.kind());
    waiting = gap;
  }

  /** A record was read: if it is (or follows) the one waiting for the registry, nothing waits now. */
  public void read(String topic, int partition, long offset) {
    Gap gap = waiting;
    if (gap != null && gap.topic().equals(topic) && gap.partition() == partition && offset >= gap.offset()) {
      waiting = null;
    }
  }

  /** The unreadable record without a key that keeps the whole view incomplete, if any. */
  public Optional<Gap> unreadable() {
    return Optional.ofNullable(unreadable);
  }

  /** Why merges cannot trust the view, in words safe for a log or an HTTP answer; empty when complete. */
  public Optional<String> incompleteBecause() {
    Gap gap = unreadable;
    if (gap != null) {
      return Optional.of(
          "the suppression view could not read " + gap.where() + " (" + gap.kind().label() + ": "
              + gap.error() + "), a record without a key that could be anyone's; it stays"
              + " incomplete until that record can be read: restore the schema registry's schemas"
              + " and restart the service");
    }
    gap = waiting;
    if (gap != null) {
      return Optional.of(
          "the schema registry is unavailable while reading " + gap.where() + "; retrying");
    }
    if (!caughtUp) {
      return Optional.of("the service is still reading its suppression data");
    }
    return Optional.empty();
  }

  public boolean complete() {
    return incompleteBecause().isEmpty();
  }

  /** @throws ViewIncompleteException unless the view is complete */
  public void requireComplete() {
    Optional<String> why = incompleteBecause();
    if (why.isPresent()) {
      throw new ViewIncompleteException(why.get());
    }
  }

  /** Decode failures so far of {@code topic} (its name without prefix) and {@code kind}. */
  public long decodeFailures(String topic, FailureKind kind) {
    AtomicLong n = decodeFailures.get(topic + "|" + kind);
    return n == null ? 0 : n.get();
  }

  private void countFailure(TopicSpec<String, ?> topic, FailureKind kind) {
    decodeFailures.computeIfAbsent(topic.baseName() + "|" + kind, k -> new AtomicLong()).incrementAndGet();
  }

  /**
   * One key's newest record cannot be read, and the change asked for needs to know what it said
   * (it would lift a restriction the record may hold): a 409 naming the record, never the key.
   */
  public static final class UnreadableRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Gap gap;

    public UnreadableRecordException(Gap gap) {
      super(
          "this person's newest record on " + gap.topic() + " (" + gap.where() + ", " + gap.kind().label()
              + ") cannot be read, so a change that would lift a restriction it may hold waits until"
              + " it can be read (restore the schema registry's schemas) or a newer record"
              + " supersedes it; objections (opt-out, do-not-call, do-not-repeat, consent"
              + " revocation) are accepted meanwhile",
          null, false, false);
      this.gap = gap;
    }

    public Gap gap() {
      return gap;
    }
  }

  /** The view cannot answer safely: a 503 with the reason, never a merge onto a hole. */
  public static final class ViewIncompleteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ViewIncompleteException(String message) {
      super(message, null, false, false);
    }
  }
}
