package io.leadpipeline.suppression;

import io.leadpipeline.serde.SchemaRegistryException;
import io.leadpipeline.suppression.SuppressionView.FailureKind;
import io.leadpipeline.suppression.SuppressionView.Gap;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one record of the service's own topics into the {@link SuppressionView}, failing
 * closed for its key. The service wrote every one of these records, so one it cannot read is not
 * bad input to skip: it may hold a person's opt-out, and a merge onto an older value would drop
 * that choice. Such a record is held as unreadable under its key; a registry outage is retried,
 * never skipped.
 */
public final class ViewLoader {
  private static final Logger log = LoggerFactory.getLogger(ViewLoader.class);

  /** What became of a record. */
  public enum Result {
    /** In the view (a null value is a tombstone). */
    READ,
    /** Will not decode as it is: held as unreadable under its key; reading goes on past it. */
    UNREADABLE,
    /** The registry did not answer: read the same record again after a pause. */
    RETRY
  }

  private final SuppressionView view;
  private final Map<String, TopicSpec<String, ?>> byName = new HashMap<>();
  private final Map<String, Deserializer<?>> deserializers = new HashMap<>();

  public ViewLoader(SuppressionView view, TopicSerdes serdes, String prefix) {
    this.view = view;
    for (TopicSpec<String, ?> topic : SuppressionView.TOPICS) {
      byName.put(topic.name(prefix), topic);
      deserializers.put(topic.name(prefix), serdes.value(topic).deserializer());
    }
  }

  /** The real names (with prefix) of the topics to read. */
  public Iterable<String> topicNames() {
    return byName.keySet();
  }

  /** Reads the record at {@code topic}-{@code partition}@{@code offset} into the view. */
  public Result load(String topic, int partition, long offset, String key, byte[] value) {
    TopicSpec<String, ?> spec = byName.get(topic);
    if (spec == null) {
      throw new IllegalArgumentException("not a topic of the view: " + topic);
    }
    Object decoded;
    try {
      decoded = value == null ? null : deserializers.get(topic).deserialize(topic, value);
    } catch (SchemaRegistryException.Unavailable e) {
      Gap gap = new Gap(topic, partition, offset, FailureKind.REGISTRY_UNAVAILABLE, typeOf(e));
      view.markWaiting(spec, gap);
      log.warn("schema registry unavailable while reading {}; retrying", gap.where());
      return Result.RETRY;
    } catch (RuntimeException e) {
      FailureKind kind =
          e instanceof SchemaRegistryException.UnknownSchema ? FailureKind.UNKNOWN_SCHEMA : FailureKind.UNDECODABLE;
      Gap gap = new Gap(topic, partition, offset, kind, typeOf(e));
      view.markUnreadable(spec, key, gap);
      view.read(topic, partition, offset);
      // Types and offsets only: a message may quote the record, and the key is a person's.
      if (key == null) {
        log.error(
            "cannot read {} ({}: {}), a record without a key: the suppression view is incomplete, readiness and merges answer 503",
            gap.where(), kind.label(), gap.error());
      } else {
        log.error(
            "cannot read {} ({}: {}): its key is held as the most restrictive state until a readable record supersedes it",
            gap.where(), kind.label(), gap.error());
      }
      return Result.UNREADABLE;
    }
    view.apply(spec, key, decoded, offset);
    view.read(topic, partition, offset);
    return Result.READ;
  }

  /** {@code SerializationException caused by AvroTypeException}: type names, never messages. */
  static String typeOf(Throwable e) {
    String type = simpleName(e);
    Throwable cause = e.getCause();
    return cause == null || cause == e ? type : type + " caused by " + simpleName(cause);
  }

  private static String simpleName(Throwable e) {
    String name = e.getClass().getName();
    return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
  }
}
