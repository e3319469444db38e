package io.leadpipeline.router.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.query.Position;
import org.junit.jupiter.api.Test;

class BarrierTest {
  static final TopicPartition TPS = new TopicPartition("suppression.tps", 2);
  static final TopicPartition PREFS = new TopicPartition("suppression.preferences", 2);

  @Test
  void passesOnlyWhenEveryPartitionIsAppliedUpToItsTarget() {
    Map<TopicPartition, Long> targets = Map.of(TPS, 10L, PREFS, 4L);
    assertThat(Barrier.reached(targets, p -> p.equals(TPS) ? 10 : 4)).isTrue();
    assertThat(Barrier.reached(targets, p -> p.equals(TPS) ? 9 : 4)).isFalse();
    assertThat(Barrier.reached(targets, p -> p.equals(TPS) ? 12 : 3)).isFalse();
    assertThat(Barrier.reached(Map.of(), p -> 0)).isTrue();
  }

  @Test
  void appliedIsOnePastTheStorePositionOfThatPartition() {
    Position position = Position.emptyPosition().withComponent(TPS.topic(), 2, 9).withComponent(TPS.topic(), 3, 50);
    assertThat(Barrier.applied(position, -1, TPS)).isEqualTo(10);
  }

  @Test
  void anEmptyStoreHasAppliedNothingAndAnEmptyPartitionNeedsNothing() {
    assertThat(Barrier.applied(Position.emptyPosition(), -1, TPS)).isZero();
    assertThat(Barrier.reached(Map.of(TPS, 0L), p -> Barrier.applied(Position.emptyPosition(), -1, p))).isTrue();
    assertThat(Barrier.reached(Map.of(TPS, 1L), p -> Barrier.applied(Position.emptyPosition(), -1, p))).isFalse();
  }

  @Test
  void aTailOfTransactionMarkersIsPassedThroughTheCommittedOffset() {
    // Record at 9, commit marker at 10: the end offset is 11, the store's position stays 9.
    Position position = Position.emptyPosition().withComponent(TPS.topic(), 2, 9);
    assertThat(Barrier.reached(Map.of(TPS, 11L), p -> Barrier.applied(position, -1, p))).isFalse();
    assertThat(Barrier.reached(Map.of(TPS, 11L), p -> Barrier.applied(position, 11, p))).isTrue();
    assertThat(Barrier.applied(position, 5, TPS)).as("an older commit never lowers it").isEqualTo(10);
  }
}
