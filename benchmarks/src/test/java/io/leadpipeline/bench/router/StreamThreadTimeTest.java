package io.leadpipeline.bench.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadpipeline.bench.router.StreamThreadTime.Share;
import io.leadpipeline.bench.router.StreamThreadTime.Spent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamThreadTimeTest {
  @Test
  void sharesAreOfAllTheWallTimeRecordedWithTheCommitCallsTogether() {
    StreamThreadTime t = new StreamThreadTime(Map.of(
        StreamThreadTime.BETWEEN_CALLS, new Spent(100, 500, 400),
        "producer.send", new Spent(90, 200, 50),
        "producer.flush", new Spent(3, 60, 0),
        "producer.commitTransaction", new Spent(3, 40, 0),
        "consumer.poll", new Spent(10, 150, 20),
        "consumer.position", new Spent(5, 50, 50)), Optional.of(250L));

    List<Share> shares = t.shares();

    assertThat(shares).hasSize(StreamThreadTime.Part.values().length);
    assertThat(shares.get(StreamThreadTime.Part.PROCESSING.ordinal()).wall()).isCloseTo(0.5, within(1e-9));
    assertThat(shares.get(StreamThreadTime.Part.PROCESSING.ordinal()).offCpu()).isCloseTo(0.1, within(1e-9));
    assertThat(shares.get(StreamThreadTime.Part.SEND.ordinal())).isEqualTo(new Share(0.2, 0.15));
    assertThat(shares.get(StreamThreadTime.Part.COMMIT.ordinal())).isEqualTo(new Share(0.1, 0.1));
    assertThat(shares.get(StreamThreadTime.Part.POLL.ordinal()).wall()).isCloseTo(0.15, within(1e-9));
    assertThat(shares.get(StreamThreadTime.Part.OTHER.ordinal())).isEqualTo(new Share(0.05, 0));
    assertThat(t.queuedShare()).hasValueSatisfying(q -> assertThat(q).isCloseTo(0.25, within(1e-9)));
  }

  @Test
  void sinceCountsOnlyWhatWasSpentAfterTheEarlierReading() {
    StreamThreadTime earlier = new StreamThreadTime(Map.of(
        StreamThreadTime.BETWEEN_CALLS, new Spent(10, 1_000, 900),
        "producer.send", new Spent(5, 1_000, 100)), Optional.of(400L));
    StreamThreadTime later = new StreamThreadTime(Map.of(
        StreamThreadTime.BETWEEN_CALLS, new Spent(20, 1_300, 1_100),
        "producer.send", new Spent(8, 1_100, 100),
        "producer.flush", new Spent(1, 600, 0)), Optional.of(500L));

    StreamThreadTime run = later.since(earlier);

    assertThat(run.byActivity()).containsEntry(StreamThreadTime.BETWEEN_CALLS, new Spent(10, 300, 200))
        .containsEntry("producer.send", new Spent(3, 100, 0))
        .containsEntry("producer.flush", new Spent(1, 600, 0));
    assertThat(run.shares().get(StreamThreadTime.Part.COMMIT.ordinal())).isEqualTo(new Share(0.6, 0.6));
    assertThat(run.queuedShare()).hasValueSatisfying(q -> assertThat(q).isCloseTo(0.1, within(1e-9)));
  }

  @Test
  void nothingRecordedIsNoShareRatherThanADivisionByZero() {
    StreamThreadTime nothing = new StreamThreadTime(Map.of(), Optional.of(0L));
    assertThat(nothing.shares()).containsOnly(new Share(0, 0));
    assertThat(nothing.queuedShare()).isEmpty();
  }

  @Test
  void aKernelThatDoesNotSayGivesNoQueuedShare() {
    StreamThreadTime earlier = new StreamThreadTime(Map.of("producer.send", new Spent(1, 10, 5)), Optional.empty());
    StreamThreadTime later = new StreamThreadTime(Map.of("producer.send", new Spent(2, 30, 10)), Optional.of(7L));

    assertThat(later.since(earlier).queuedShare()).isEmpty();
  }
}
