package io.leadpipeline.router.ops;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Counts state stores still restoring, so readiness and metrics can say so: Kafka Streams itself
 * holds a task's processing until its stores are restored, which is what keeps delivery closed.
 */
public final class RestoreTracker implements StateRestoreListener {
  private final Set<String> restoring = ConcurrentHashMap.newKeySet();
  private final AtomicLong gauge;

  public RestoreTracker(AtomicLong gauge) {
    this.gauge = gauge;
  }

  @Override
  public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
    restoring.add(store + "@" + partition);
    gauge.set(restoring.size());
  }

  @Override
  public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {}

  @Override
  public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
    restoring.remove(store + "@" + partition);
    gauge.set(restoring.size());
  }

  @Override
  public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
    onRestoreEnd(partition, store, totalRestored);
  }

  public boolean restoring() {
    return !restoring.isEmpty();
  }
}
