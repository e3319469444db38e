package io.leadpipeline.suppression;

import io.leadpipeline.topics.TopicSpec;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Where suppression changes are written: Kafka in production. An append completes when the write
 * is acknowledged, with the broker's timestamp, from which the router enforces it.
 */
public interface SuppressionLog extends AutoCloseable {

  /** An acknowledged write: where it went and the broker's (LogAppendTime) timestamp T. */
  record Ack(String topic, int partition, long offset, Instant timestamp) {}

  /** Appends {@code value} under {@code key}; a null value is a tombstone. */
  <V> CompletableFuture<Ack> append(TopicSpec<String, V> topic, String key, V value);

  /** Waits until every append so far is acknowledged or failed. */
  void flush();

  /** True when the log can take writes (the broker answered). */
  boolean available();

  @Override
  void close();
}
