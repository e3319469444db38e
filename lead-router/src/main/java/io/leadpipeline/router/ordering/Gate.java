package io.leadpipeline.router.ordering;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateStore;

/**
 * One task's barrier for the enquiries a stage holds: each gets a ticket when it enters (or, for
 * one restored from the hold store's changelog, at the first look after a restart), its targets
 * once the end offsets read after the ticket arrive, and passes once its task's stores applied them.
 * Tickets live in memory only: after a restart or a move every held enquiry waits for a new read.
 *
 * <p>A gate may read other partitions along with its own ({@link #readAlong}): the phone stage
 * reads the subject stage's, and the end offsets it carries to that stage were read after the
 * enquiry was consumed, so that stage's gate can take them as targets ({@link #reached}) instead
 * of holding the enquiry for a read of its own (docs/ordering.md).
 */
public final class Gate {
  private final OffsetSource source;
  private final List<TopicPartition> partitions;
  /** Read with every request: this gate's partitions and those read along. */
  private final List<TopicPartition> requested;
  private final Map<String, StateStore> storeByTopic;
  private final Map<String, Long> tickets = new HashMap<>();
  /** The same, by ticket: a look asks once per ticket, not once per held enquiry. */
  private final TreeMap<Long, Set<String>> keysByTicket = new TreeMap<>();
  /** By ticket: every enquiry that shares a ticket shares the read that answered it. */
  private final Map<Long, Map<TopicPartition, Long>> targets = new HashMap<>();
  /** Per look: what each partition's store has applied, and which tickets passed (they share targets). */
  private final Map<TopicPartition, Long> appliedThisLook = new HashMap<>();
  private final Map<Long, Boolean> passedThisLook = new HashMap<>();

  /** @param storeByTopic the store that applies each suppression topic, for the partition this task owns */
  public Gate(OffsetSource source, int partition, Map<String, StateStore> storeByTopic) {
    this(source, partition, storeByTopic, List.of());
  }

  /**
   * @param storeByTopic the store that applies each suppression topic, for the partition this task owns
   * @param readAlong partitions whose end offsets every read takes too, for {@link #readAlong}
   */
  public Gate(OffsetSource source, int partition, Map<String, StateStore> storeByTopic, List<TopicPartition> readAlong) {
    this.source = source;
    this.storeByTopic = Map.copyOf(storeByTopic);
    this.partitions = storeByTopic.keySet().stream().sorted().map(t -> new TopicPartition(t, partition)).toList();
    List<TopicPartition> all = new ArrayList<>(partitions);
    readAlong.stream().filter(p -> !partitions.contains(p)).forEach(all::add);
    this.requested = List.copyOf(all);
  }

  /** An enquiry was consumed and held under {@code key}: ask for end offsets read from now on. */
  public void enter(String key) {
    long ticket = source.request(requested);
    forget(key, tickets.put(key, ticket));
    keysByTicket.computeIfAbsent(ticket, t -> new TreeSet<>()).add(key);
  }

  private void forget(String key, Long ticket) {
    if (ticket != null) {
      Set<String> keys = keysByTicket.get(ticket);
      if (keys != null && keys.remove(key) && keys.isEmpty()) {
        keysByTicket.remove(ticket);
      }
    }
  }

  /**
   * Starts a look at the held enquiries: store positions are read once per look, and enquiries
   * sharing a ticket share its verdict, so a look costs a few map lookups per ticket.
   */
  public void look() {
    appliedThisLook.clear();
    passedThisLook.clear();
    if (targets.size() > keysByTicket.size()) {
      targets.keySet().retainAll(keysByTicket.keySet());
    }
  }

  /** What one look found: the held enquiries whose barrier passed, in key order, and how many wait. */
  public record Passing(List<String> keys, int waiting) {}

  /**
   * The held enquiries whose barrier has passed, found by asking once per ticket; call after
   * {@link #look}. The stage releases these and leaves the others alone, so a tick costs little
   * while thousands wait behind a suppression backlog.
   */
  public Passing passing() {
    List<String> keys = new ArrayList<>();
    int waiting = 0;
    for (Map.Entry<Long, Set<String>> t : keysByTicket.entrySet()) {
      if (passedTicket(t.getKey()) != null) {
        keys.addAll(t.getValue());
      } else {
        waiting += t.getValue().size();
      }
    }
    Collections.sort(keys); // released in key order, as if each held enquiry had been looked at in turn
    return new Passing(keys, waiting);
  }

  /** The targets {@code key} was screened against once its barrier passed, else null (keep it held). */
  public Map<TopicPartition, Long> passed(String key) {
    Long ticket = tickets.get(key);
    if (ticket == null) {
      enter(key); // restored from the changelog: its ticket was lost with the old instance
      return null;
    }
    return passedTicket(ticket);
  }

  private Map<TopicPartition, Long> passedTicket(long ticket) {
    Map<TopicPartition, Long> t = targets.get(ticket);
    if (t == null) {
      t = source.targets(ticket, partitions).orElse(null);
      if (t == null) {
        return null;
      }
      targets.put(ticket, t);
    }
    Map<TopicPartition, Long> fixed = t;
    return passedThisLook.computeIfAbsent(ticket, k -> storesReached(fixed)) ? t : null;
  }

  private boolean storesReached(Map<TopicPartition, Long> t) {
    // The committed offsets are only asked for when the positions fall short (a tail of markers).
    if (Barrier.reached(t, this::applied)) {
      return true;
    }
    return Barrier.reached(t, p -> Math.max(applied(p), source.committed(p)));
  }

  private long applied(TopicPartition p) {
    return appliedThisLook.computeIfAbsent(p, q -> Barrier.applied(position(q), -1, q));
  }

  /**
   * The end offsets of {@code others} (partitions read along) taken by the read that answered
   * {@code key}'s ticket or a later one, so read after the enquiry was consumed; empty until then,
   * or when {@code key} holds no ticket.
   */
  public Optional<Map<TopicPartition, Long>> readAlong(String key, List<TopicPartition> others) {
    Long ticket = tickets.get(key);
    return ticket == null ? Optional.empty() : source.targets(ticket, others);
  }

  /**
   * True when this task's stores applied everything below {@code carried}: end offsets of exactly
   * this gate's partitions, read after the enquiry was consumed by an earlier stage. Call after
   * {@link #look}; carried offsets for other partitions never pass.
   */
  public boolean reached(Map<TopicPartition, Long> carried) {
    return carried.size() == partitions.size() && carried.keySet().containsAll(partitions) && storesReached(carried);
  }

  /** The enquiry left the hold. */
  public void leave(String key) {
    forget(key, tickets.remove(key));
  }

  private org.apache.kafka.streams.query.Position position(TopicPartition p) {
    return storeByTopic.get(p.topic()).getPosition();
  }
}
