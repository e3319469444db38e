package io.leadpipeline.suppression;

import io.leadpipeline.topics.TopicSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A log for unit tests: keeps every append in order, stamps it with the clock, can be made to fail. */
public final class InMemorySuppressionLog implements SuppressionLog {
  /** One appended record. */
  public record Appended(String topic, String key, Object value, long offset, java.time.Instant timestamp) {}

  private final Clock clock;
  private final List<Appended> appended = new ArrayList<>();
  private volatile boolean failing;
  private volatile long firstOffset;

  public InMemorySuppressionLog(Clock clock) {
    this.clock = clock;
  }

  /** Offsets of later appends start here, as on a topic that already holds records before them. */
  public void firstOffset(long offset) {
    this.firstOffset = offset;
  }

  public void failing(boolean failing) {
    this.failing = failing;
  }

  @Override
  public synchronized <V> CompletableFuture<Ack> append(TopicSpec<String, V> topic, String key, V value) {
    if (failing) {
      return CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("broker down"));
    }
    long offset = firstOffset + appended.size();
    Appended a = new Appended(topic.baseName(), key, value, offset, clock.instant());
    appended.add(a);
    return CompletableFuture.completedFuture(new Ack(topic.baseName(), 0, offset, a.timestamp()));
  }

  public synchronized List<Appended> appended() {
    return List.copyOf(appended);
  }

  public synchronized List<Appended> on(String topic) {
    return appended.stream().filter(a -> a.topic().equals(topic)).toList();
  }

  /** The newest record appended under {@code key} to {@code topic}, if any. */
  public synchronized java.util.Optional<Appended> last(String topic, String key) {
    for (int i = appended.size() - 1; i >= 0; i--) {
      Appended a = appended.get(i);
      if (a.topic().equals(topic) && a.key().equals(key)) {
        return java.util.Optional.of(a);
      }
    }
    return java.util.Optional.empty();
  }

  @Override
  public void flush() {}

  @Override
  public boolean available() {
    return !failing;
  }

  @Override
  public void close() {}
}
