package io.leadpipeline.router.ordering;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * The end offsets a test's broker holds, for the TopologyTestDriver: each record the test pipes
 * raises its topic's end by one, and {@link #appended} raises it ahead of piping — a record
 * acknowledged on the broker that the router has not fetched yet. A read answers at once, as if
 * the round trip were instant; committed offsets are never known.
 */
public final class BrokerEnds implements OffsetSource {
  private final Map<String, Long> ends = new HashMap<>();
  private final Map<String, Long> ahead = new HashMap<>();
  private long reads;
  private boolean answering = true;

  /** A record was piped to {@code topic}: one more on the broker unless it was announced ahead. */
  public void piped(String topic) {
    long a = ahead.getOrDefault(topic, 0L);
    if (a > 0) {
      ahead.put(topic, a - 1);
    } else {
      ends.merge(topic, 1L, Long::sum);
    }
  }

  /** A record is on the broker but not yet delivered to the router (pipe it later). */
  public void appended(String topic) {
    ends.merge(topic, 1L, Long::sum);
    ahead.merge(topic, 1L, Long::sum);
  }

  /**
   * While false, end-offset reads do not come back (the brokers cannot be reached); set back to
   * true, one read answers every request made meanwhile.
   */
  public void answering(boolean answering) {
    this.answering = answering;
    if (answering) {
      reads++;
    }
  }

  @Override
  public long request(Collection<TopicPartition> partitions) {
    long ticket = reads;
    if (answering) {
      reads++; // the read sent after this request, answered at once
    }
    return ticket;
  }

  @Override
  public Optional<Map<TopicPartition, Long>> targets(long ticket, Collection<TopicPartition> partitions) {
    if (ticket >= reads) {
      return Optional.empty();
    }
    Map<TopicPartition, Long> out = new HashMap<>();
    partitions.forEach(p -> out.put(p, ends.getOrDefault(p.topic(), 0L)));
    return Optional.of(out);
  }

  @Override
  public long committed(TopicPartition partition) {
    return -1;
  }
}
