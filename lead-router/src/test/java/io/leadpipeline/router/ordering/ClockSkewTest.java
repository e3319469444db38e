package io.leadpipeline.router.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClockSkewTest {
  @Test
  void theOffsetIsTheBrokerStampAgainstTheMidpointOfSendAndAck() {
    ClockSkew.Sample s = new ClockSkew.Sample(1_000, 1_030, 1_020);
    assertThat(s.offsetMs()).isEqualTo(20);
    assertThat(s.roundTripMs()).isEqualTo(20);
    assertThat(new ClockSkew.Sample(1_000, 990, 1_020).offsetMs()).isEqualTo(-20);
  }

  @Test
  void aSampleWithARoundTripLongerThanEpsilonCannotPlaceTheClock() {
    assertThat(ClockSkew.usable(new ClockSkew.Sample(0, 50, 100), 100)).isTrue();
    assertThat(ClockSkew.usable(new ClockSkew.Sample(0, 50, 101), 100)).isFalse();
    assertThat(ClockSkew.usable(new ClockSkew.Sample(10, 50, 5), 100)).as("clock stepped back").isFalse();
  }

  @Test
  void releasesGoAheadUpToHalfEpsilonEitherWay() {
    assertThat(ClockSkew.withinBound(50, 100)).isTrue();
    assertThat(ClockSkew.withinBound(-50, 100)).isTrue();
    assertThat(ClockSkew.withinBound(51, 100)).isFalse();
    assertThat(ClockSkew.withinBound(-2_000, 100)).isFalse();
  }
}
