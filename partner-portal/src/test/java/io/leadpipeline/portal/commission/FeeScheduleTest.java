package io.leadpipeline.portal.commission;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.FeeTerms;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeeScheduleTest {
  private static final FeeTerms V1 = new FeeTerms("acme", 1, 1000, 12, Instant.parse("2026-06-01T09:30:00Z"));
  private static final FeeTerms V2 = new FeeTerms("acme", 2, 800, 12, Instant.parse("2027-01-01T00:00:00Z"));
  private static final FeeTerms V3 = new FeeTerms("acme", 3, 1200, 6, Instant.parse("2026-12-10T00:00:00Z"));

  @Test
  void thePlacementDayPicksTheVersionThatTookEffectLastOnOrBeforeIt() {
    List<FeeTerms> versions = List.of(V1, V2, V3);
    assertThat(FeeSchedule.inForceOn(versions, LocalDate.parse("2026-12-09"))).contains(V1);
    assertThat(FeeSchedule.inForceOn(versions, LocalDate.parse("2026-12-10"))).as("from the start of its day").contains(V3);
    assertThat(FeeSchedule.inForceOn(versions, LocalDate.parse("2026-12-31"))).contains(V3);
    assertThat(FeeSchedule.inForceOn(versions, LocalDate.parse("2027-01-01"))).contains(V2);
    assertThat(FeeSchedule.inForceOn(versions, LocalDate.parse("2026-06-01"))).as("version 1 on the day it was created").contains(V1);
    assertThat(FeeSchedule.inForceOn(versions, LocalDate.parse("2026-01-01"))).as("before any: the earliest").contains(V1);
    assertThat(FeeSchedule.inForceOn(List.of(), LocalDate.parse("2026-01-01"))).isEmpty();
  }

  @Test
  void twoVersionsTakingEffectTheSameDayLeaveTheLaterVersionInForce() {
    FeeTerms sameDay = new FeeTerms("acme", 4, 900, 12, V3.getEffectiveFrom());
    assertThat(FeeSchedule.inForceOn(List.of(V1, sameDay, V3), LocalDate.parse("2026-12-10"))).contains(sameDay);
  }

  @Test
  void aVersionPublishedForTodayOverridesVersionOneCreatedEarlierToday() {
    FeeTerms createdAtNoon = new FeeTerms("acme", 1, 1000, 12, Instant.parse("2026-12-04T12:00:00Z"));
    FeeTerms fromToday = new FeeTerms("acme", 2, 1250, 12, Instant.parse("2026-12-04T00:00:00Z"));
    assertThat(FeeSchedule.inForceOn(List.of(createdAtNoon, fromToday), LocalDate.parse("2026-12-04"))).contains(fromToday);
  }

  @Test
  void aNewVersionIsCheckedWithMessagesThatSayWhatToFix() {
    LocalDate today = LocalDate.parse("2026-12-04");
    assertThat(FeeSchedule.check("1000", "12", "2026-12-04", today))
        .isEqualTo(new FeeSchedule.Verdict.Valid(1000, 12, today));
    assertThat(FeeSchedule.check("0", "60", "2027-01-01", today)).isInstanceOf(FeeSchedule.Verdict.Valid.class);
    assertThat(FeeSchedule.check("10000", "1", "2027-01-01", today)).isInstanceOf(FeeSchedule.Verdict.Valid.class);
    assertThat(message(FeeSchedule.check("10001", "12", "2027-01-01", today))).contains("0 to 10000");
    assertThat(message(FeeSchedule.check("-1", "12", "2027-01-01", today))).contains("0 to 10000");
    assertThat(message(FeeSchedule.check("10.5", "12", "2027-01-01", today))).contains("basis points");
    assertThat(message(FeeSchedule.check("1000", "0", "2027-01-01", today))).contains("from 1 to 60");
    assertThat(message(FeeSchedule.check("1000", "61", "2027-01-01", today))).contains("from 1 to 60");
    assertThat(message(FeeSchedule.check("1000", "12", "2026-12-03", today))).contains("in the past");
    assertThat(message(FeeSchedule.check("1000", "12", "next week", today))).contains("as a date");
  }

  private static String message(FeeSchedule.Verdict v) {
    assertThat(v).isInstanceOf(FeeSchedule.Verdict.Invalid.class);
    return ((FeeSchedule.Verdict.Invalid) v).message();
  }
}
