package io.leadpipeline.gateway.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** docs/partner-delivery.md §5: the retry schedule. */
class RetryPolicyTest {
  private static final Instant T0 = Instant.parse("2026-12-04T09:00:00Z");
  private final RetryPolicy policy = RetryPolicy.DEFAULT;

  @Test
  void backoffDoublesFromTheBaseUpToTheCap() {
    assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(policy.backoff(5)).isEqualTo(Duration.ofSeconds(480));
    assertThat(policy.backoff(30)).isEqualTo(Duration.ofHours(8));
    assertThat(policy.backoff(1000)).isEqualTo(Duration.ofHours(8));
  }

  @Test
  void jitterStaysBetweenHalfAndAllOfTheBackoff() {
    for (double r : new double[] {0.0, 0.25, 0.5, 0.999999}) {
      RetryPolicy.Next next = policy.afterFailure(3, T0, T0, Optional.empty(), r);
      Instant at = ((RetryPolicy.Next.RetryAt) next).at();
      assertThat(Duration.between(T0, at)).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(120));
    }
    Instant low = ((RetryPolicy.Next.RetryAt) policy.afterFailure(3, T0, T0, Optional.empty(), 0.0)).at();
    Instant high = ((RetryPolicy.Next.RetryAt) policy.afterFailure(3, T0, T0, Optional.empty(), 0.99)).at();
    assertThat(low).isBefore(high);
  }

  @Test
  void retryAfterIsAFloorButCapped() {
    Instant at = ((RetryPolicy.Next.RetryAt) policy.afterFailure(1, T0, T0, Optional.of(Duration.ofMinutes(10)), 0.5)).at();
    assertThat(at).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    Instant shortAsk = ((RetryPolicy.Next.RetryAt) policy.afterFailure(4, T0, T0, Optional.of(Duration.ofSeconds(1)), 0.0)).at();
    assertThat(shortAsk).isEqualTo(T0.plus(Duration.ofSeconds(120)));
    RetryPolicy.Next huge = policy.afterFailure(1, T0, T0, Optional.of(Duration.ofDays(30)), 0.0);
    assertThat(((RetryPolicy.Next.RetryAt) huge).at()).isEqualTo(T0.plus(Duration.ofHours(24)));
  }

  @Test
  void givesUpAfterAboutThreeDaysFromTheFirstAttempt() {
    Instant now = T0;
    int attempts = 0;
    RetryPolicy.Next next;
    do {
      attempts++;
      next = policy.afterFailure(attempts, T0, now, Optional.empty(), 0.5);
      if (next instanceof RetryPolicy.Next.RetryAt at) {
        now = at.at();
      }
    } while (next instanceof RetryPolicy.Next.RetryAt);
    assertThat(Duration.between(T0, now)).isBetween(Duration.ofHours(60), Duration.ofHours(72));
    assertThat(attempts).isBetween(15, 25);
    assertThat(((RetryPolicy.Next.GiveUp) next).reason()).contains("72h");
  }

  @Test
  void retryAfterHeaderReadsSecondsAndDates() {
    assertThat(RetryAfter.parse("120", T0)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse("Fri, 04 Dec 2026 09:05:00 GMT", T0)).contains(Duration.ofMinutes(5));
    assertThat(RetryAfter.parse("Fri, 04 Dec 2026 08:00:00 GMT", T0)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("soon", T0)).isEmpty();
    assertThat(RetryAfter.parse(null, T0)).isEmpty();
  }

  @Test
  void httpStatusesAreClassified() {
    assertThat(AttemptResult.ofHttp(204, Optional.empty(), Duration.ZERO)).isInstanceOf(AttemptResult.Acknowledged.class);
    assertThat(AttemptResult.ofHttp(410, Optional.empty(), Duration.ZERO)).isInstanceOf(AttemptResult.Gone.class);
    assertThat(AttemptResult.ofHttp(429, Optional.empty(), Duration.ZERO)).isInstanceOf(AttemptResult.Failed.class);
    assertThat(AttemptResult.ofHttp(503, Optional.empty(), Duration.ZERO)).isInstanceOf(AttemptResult.Failed.class);
    assertThat(AttemptResult.ofHttp(301, Optional.empty(), Duration.ZERO)).isInstanceOf(AttemptResult.Failed.class);
  }
}
