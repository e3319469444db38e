package io.leadpipeline.router.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.junit.jupiter.api.Test;

class GateTest {
  static final String TOPIC = "suppression.tps";
  static final TopicPartition P = new TopicPartition(TOPIC, 0);

  /** End-offset reads answered by hand: a ticket gets its targets once the test answers it. */
  static final class Reads implements OffsetSource {
    long next;
    final Map<Long, Long> answered = new HashMap<>();
    Collection<TopicPartition> requested;

    @Override
    public long request(Collection<TopicPartition> partitions) {
      requested = partitions;
      return next;
    }

    /** The read for the current ticket came back with {@code end}; later requests get the next ticket. */
    void answer(long end) {
      answered.put(next++, end);
    }

    @Override
    public Optional<Map<TopicPartition, Long>> targets(long ticket, Collection<TopicPartition> partitions) {
      Long end = answered.get(ticket);
      if (end == null) {
        return Optional.empty();
      }
      Map<TopicPartition, Long> out = new HashMap<>();
      partitions.forEach(p -> out.put(p, end));
      return Optional.of(out);
    }

    @Override
    public long committed(TopicPartition partition) {
      return -1;
    }
  }

  /** A store whose position the test sets: the offset of the last suppression record it applied. */
  static final class Applied implements StateStore {
    Position position = Position.emptyPosition();

    @Override public String name() { return "tps"; }
    @Override public void init(StateStoreContext context, StateStore root) {}
    @Override public void close() {}
    @Override public boolean persistent() { return false; }
    @Override public boolean isOpen() { return true; }
    @Override public Position getPosition() { return position; }

    void upTo(long offset) {
      position = Position.emptyPosition().withComponent(TOPIC, 0, offset);
    }
  }

  private final Reads reads = new Reads();
  private final Applied store = new Applied();
  private final Gate gate = new Gate(reads, 0, Map.of(TOPIC, store));

  @Test
  void releasesOnlyTheEnquiriesWhoseTicketPassedInKeyOrder() {
    gate.enter("k2");
    gate.enter("k1");
    reads.answer(5); // k1 and k2 must wait for offsets below 5
    gate.enter("k0");
    reads.answer(8); // k0 for offsets below 8
    store.upTo(4);

    gate.look();
    assertThat(gate.passing()).isEqualTo(new Gate.Passing(List.of("k1", "k2"), 1));

    gate.leave("k1");
    gate.leave("k2");
    gate.look();
    assertThat(gate.passing()).isEqualTo(new Gate.Passing(List.of(), 1));

    store.upTo(7);
    gate.look();
    assertThat(gate.passing()).isEqualTo(new Gate.Passing(List.of("k0"), 0));
    assertThat(gate.passed("k0")).isEqualTo(Map.of(P, 8L));
  }

  @Test
  void anEnquiryWhoseReadHasNotComeBackWaits() {
    gate.enter("k");
    store.upTo(1_000);
    gate.look();
    assertThat(gate.passing()).isEqualTo(new Gate.Passing(List.of(), 1));
    reads.answer(3);
    gate.look();
    assertThat(gate.passing()).isEqualTo(new Gate.Passing(List.of("k"), 0));
  }

  @Test
  void releasedInKeyOrderAcrossTickets() {
    gate.enter("b");
    reads.answer(1);
    gate.enter("a");
    reads.answer(1);
    gate.enter("c");
    reads.answer(1);
    store.upTo(0);
    gate.look();
    assertThat(gate.passing().keys()).containsExactly("a", "b", "c");
  }

  @Test
  void anEnquiryEnteredAgainWaitsForItsNewTicketOnly() {
    gate.enter("k");
    reads.answer(2);
    gate.enter("k"); // restored after a restart: a new read is needed
    store.upTo(5);
    gate.look();
    assertThat(gate.passing()).isEqualTo(new Gate.Passing(List.of(), 1));
    reads.answer(2);
    gate.look();
    assertThat(gate.passing()).isEqualTo(new Gate.Passing(List.of("k"), 0));
  }

  static final TopicPartition SUBJECT_PARTITION = new TopicPartition("suppression.do-not-repeat", 4);

  @Test
  void theReadThatAnswersAnEnquiryTakesTheOtherStagesPartitionsAlong() {
    Gate phone = new Gate(reads, 0, Map.of(TOPIC, store), List.of(SUBJECT_PARTITION, P));
    phone.enter("k");
    assertThat(reads.requested).containsExactly(P, SUBJECT_PARTITION);
    assertThat(phone.readAlong("k", List.of(SUBJECT_PARTITION))).as("not read yet").isEmpty();

    reads.answer(6);
    assertThat(phone.readAlong("k", List.of(SUBJECT_PARTITION))).contains(Map.of(SUBJECT_PARTITION, 6L));

    phone.leave("k");
    assertThat(phone.readAlong("k", List.of(SUBJECT_PARTITION))).as("no ticket, no read to name").isEmpty();
  }

  @Test
  void carriedEndOffsetsPassOnceTheStoresAppliedThemAndOnlyForThisGatesPartitions() {
    store.upTo(4); // the first offset not applied is 5
    gate.look();
    assertThat(gate.reached(Map.of(P, 5L))).isTrue();
    assertThat(gate.reached(Map.of(P, 6L))).isFalse();
    assertThat(gate.reached(Map.of(new TopicPartition(TOPIC, 1), 0L))).as("another partition's").isFalse();
    assertThat(gate.reached(Map.of())).as("none carried").isFalse();

    store.upTo(5);
    gate.look();
    assertThat(gate.reached(Map.of(P, 6L))).isTrue();
  }
}
