package io.leadpipeline.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HopTimesTest {
  private static final long MS = 1_000_000L;

  @Test
  void splitsEachEnquiryIntoSegmentsBetweenStages() {
    HopTimes times = new HopTimes(List.of("a", "b", "lead"));
    Map<String, Long> sent = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      String id = "e" + i;
      long t0 = i * 1_000 * MS;
      sent.put(id, t0);
      long stall = i == 99 ? 200 * MS : 0; // one enquiry waits 200 ms between a and b
      times.seen(id, 0, t0 + 10 * MS);
      times.seen(id, 1, t0 + 30 * MS + stall);
      times.seen(id, 2, t0 + 60 * MS + stall);
    }
    List<HopTimes.Segment> s = times.segments(sent);
    assertThat(s).extracting(HopTimes.Segment::to).containsExactly("a", "b", "lead");
    assertThat(s.get(0).p50()).isEqualTo(10.0);
    assertThat(s.get(1).p50()).isEqualTo(20.0);
    assertThat(s.get(1).p99()).isEqualTo(20.0);
    assertThat(s.get(1).max()).isEqualTo(220.0);
    assertThat(s.get(1).slowestMean()).isEqualTo(220.0); // the slowest 1 % is that one enquiry
    assertThat(s.get(2).max()).isEqualTo(30.0);
  }

  @Test
  void keepsTheFirstSightingAndSkipsEnquiriesNotSeenEverywhere() {
    HopTimes times = new HopTimes(List.of("a", "lead"));
    times.seen("x", 0, 5 * MS);
    times.seen("x", 0, 50 * MS); // seen again at a later poll: not a new time
    times.seen("x", 1, 8 * MS);
    times.seen("y", 0, 5 * MS); // never reached a lead
    List<HopTimes.Segment> s = times.segments(Map.of("x", 0L, "y", 0L, "z", 0L));
    assertThat(s.get(0).max()).isEqualTo(5.0);
    assertThat(s.get(1).max()).isEqualTo(3.0);
  }

  @Test
  void reportsNothingWithoutACompleteEnquiry() {
    assertThat(new HopTimes(List.of("a")).segments(Map.of("x", 0L))).isEmpty();
  }
}
