package io.leadpipeline.router.ordering;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the suppression stages learn how far each suppression partition reached on the brokers
 * (its end offset, read <em>after</em> the stage asked) and how far the router has committed. Calls
 * never block: the reads happen elsewhere (see {@link OffsetWatch}).
 */
public interface OffsetSource {
  /**
   * Asks for the end offsets of {@code partitions}, read by a request sent after this call.
   *
   * @return a ticket for {@link #targets}
   */
  long request(Collection<TopicPartition> partitions);

  /** The end offsets read for {@code ticket}, once a read sent after it completed for every partition. */
  Optional<Map<TopicPartition, Long>> targets(long ticket, Collection<TopicPartition> partitions);

  /**
   * The router's committed offset of {@code partition} (every record below it was processed), or
   * -1 when unknown. Asking also keeps the committed offsets being read, a few times a second.
   */
  long committed(TopicPartition partition);
}
