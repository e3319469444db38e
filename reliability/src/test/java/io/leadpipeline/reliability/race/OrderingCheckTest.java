package io.leadpipeline.reliability.race;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.reliability.race.OrderingCheck.Pair;
import io.leadpipeline.reliability.race.OrderingCheck.Report;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderingCheckTest {
  private static final Instant T = Instant.parse("2026-03-02T12:00:00Z");

  private static Pair pair(String id, long tMinusTMillis, Boolean applied) {
    return new Pair(id, T, T.plusMillis(tMinusTMillis), Optional.ofNullable(applied));
  }

  @Test
  void enquiryAfterTheAcknowledgementMustBeSuppressed() {
    Report r = OrderingCheck.check(List.of(pair("a", 1, true), pair("b", -1, false)));
    assertThat(r.passed()).isTrue();
    assertThat(r.after()).isEqualTo(1);
    assertThat(r.before()).isEqualTo(1);
    assertThat(r.line()).startsWith("RACE PASS: 2 pairs (1 with t after T, 1 at or before T); violations: 0")
        .contains("closest honoured: T+1 ms");
  }

  @Test
  void enquiryAfterTNotSuppressedIsAViolationAndTheWorstIsTheLatest() {
    Report r = OrderingCheck.check(List.of(pair("a", 3, false), pair("b", 250, false), pair("c", 5, true)));
    assertThat(r.passed()).isFalse();
    assertThat(r.violations()).hasSize(2);
    assertThat(r.worst()).map(Pair::enquiryId).contains("b");
    assertThat(r.line()).startsWith("RACE FAIL").contains("violations: 2 (worst: enquiry b at T+250 ms not suppressed)");
  }

  @Test
  void enquiryAtExactlyTIsNotPromisedEitherWay() {
    assertThat(OrderingCheck.check(List.of(pair("a", 0, false))).passed()).isTrue();
    assertThat(OrderingCheck.check(List.of(pair("a", 0, true))).appliedEarly()).isEqualTo(1);
  }

  @Test
  void enquiryWithoutDecisionFails() {
    Report r = OrderingCheck.check(List.of(pair("a", 10, null)));
    assertThat(r.passed()).isFalse();
    assertThat(r.line()).contains("1 enquiries without a decision");
  }

  @Test
  void countsHowManyWereHonouredWithinTenMilliseconds() {
    Report r = OrderingCheck.check(List.of(pair("a", 2, true), pair("b", 10, true), pair("c", 11, true)));
    assertThat(r.honouredWithin10ms()).isEqualTo(2);
    assertThat(r.tightestHonoured()).map(Pair::enquiryId).contains("a");
  }
}
