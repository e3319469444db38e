package io.leadpipeline.router.ordering;

import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.query.Position;

/**
 * The release rule of the offset barrier (docs/ordering.md): an enquiry may be looked up once, for
 * every suppression partition it depends on, the router has applied every record below the end
 * offset read after the enquiry was consumed. Pure functions, so the rule is tested on its own.
 */
public final class Barrier {
  private Barrier() {}

  /** Whether every target is reached: {@code applied(p)} is the first offset not yet applied. */
  public static boolean reached(Map<TopicPartition, Long> targets, ToLongFunction<TopicPartition> applied) {
    for (Map.Entry<TopicPartition, Long> t : targets.entrySet()) {
      if (applied.applyAsLong(t.getKey()) < t.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The first offset of {@code p} not yet applied to a store: one past the store's position (the
   * last record it applied, KIP-796), or the committed offset when that is further — a partition
   * whose tail is a transaction marker, an aborted or skipped record never moves the position up to
   * the end offset, but the task commits past it once its consumer has read it.
   */
  public static long applied(Position storePosition, long committed, TopicPartition p) {
    Long last = storePosition == null || !storePosition.getTopics().contains(p.topic())
        ? null
        : storePosition.getPartitionPositions(p.topic()).get(p.partition());
    return Math.max(last == null ? 0 : last + 1, committed);
  }
}
