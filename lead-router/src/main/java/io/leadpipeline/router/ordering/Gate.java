package io.leadpipeline.router.ordering;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateStore;

/**
 * One task's barrier for the enquiries a stage holds: each gets a ticket when it enters (or, for
 * one restored from the hold store's changelog, at the first look after a restart), its targets
 * once the end offsets read after the ticket arrive, and passes once its task's stores applied them.
 * Tickets live in memory only: after a restart or a move every held enquiry waits for a new read.
 */
public final class Gate {
  private final OffsetSource source;
  private final List<TopicPartition> partitions;
  private final Map<String, StateStore> storeByTopic;
  private final Map<String, Long> tickets = new HashMap<>();
  private final Map<String, Map<TopicPartition, Long>> targets = new HashMap<>();

  /** @param storeByTopic the store that applies each suppression topic, for the partition this task owns */
  public Gate(OffsetSource source, int partition, Map<String, StateStore> storeByTopic) {
    this.source = source;
    this.storeByTopic = Map.copyOf(storeByTopic);
    this.partitions = storeByTopic.keySet().stream().sorted().map(t -> new TopicPartition(t, partition)).toList();
  }

  /** An enquiry was consumed and held under {@code key}: ask for end offsets read from now on. */
  public void enter(String key) {
    tickets.put(key, source.request(partitions));
  }

  /** The targets {@code key} was screened against once its barrier passed, else null (keep it held). */
  public Map<TopicPartition, Long> passed(String key) {
    Map<TopicPartition, Long> t = targets.get(key);
    if (t == null) {
      Long ticket = tickets.get(key);
      if (ticket == null) {
        enter(key); // restored from the changelog: its ticket was lost with the old instance
        return null;
      }
      t = source.targets(ticket, partitions).orElse(null);
      if (t == null) {
        return null;
      }
      targets.put(key, t);
    }
    // The committed offsets are only asked for when the positions fall short (a tail of markers).
    if (Barrier.reached(t, p -> Barrier.applied(position(p), -1, p))) {
      return t;
    }
    return Barrier.reached(t, p -> Barrier.applied(position(p), source.committed(p), p)) ? t : null;
  }

  /** The enquiry left the hold. */
  public void leave(String key) {
    tickets.remove(key);
    targets.remove(key);
  }

  private org.apache.kafka.streams.query.Position position(TopicPartition p) {
    return storeByTopic.get(p.topic()).getPosition();
  }
}
