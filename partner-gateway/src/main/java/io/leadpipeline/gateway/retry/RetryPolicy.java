package io.leadpipeline.gateway.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When to try a failed delivery again (docs/partner-delivery.md §5): exponential backoff from
 * {@code base}, doubled per attempt up to {@code maxDelay}, with jitter so partners that failed
 * together do not all come back in the same second; a {@code Retry-After} the partner sent is a
 * floor (up to {@code maxRetryAfter}); past {@code giveUpAfter} from the first attempt (about three
 * days) the delivery is dead-lettered. A pure function: the caller passes the clock and the dice.
 */
public record RetryPolicy(Duration base, Duration maxDelay, Duration giveUpAfter, Duration maxRetryAfter) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(Duration.ofSeconds(30), Duration.ofHours(8), Duration.ofHours(72), Duration.ofHours(24));

  public RetryPolicy {
    if (base.isNegative() || base.isZero() || maxDelay.compareTo(base) < 0 || giveUpAfter.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= maxDelay and base <= giveUpAfter");
    }
  }

  /** What follows a failed attempt. */
  public sealed interface Next {
    record RetryAt(Instant at) implements Next {}

    record GiveUp(String reason) implements Next {}
  }

  /**
   * @param attemptsMade attempts so far, the failed one included (1 after the first failure)
   * @param firstAttemptAt when the first attempt was made
   * @param retryAfter the partner's {@code Retry-After}, if it sent one
   * @param random uniform in [0, 1): the jitter
   */
  public Next afterFailure(
      int attemptsMade, Instant firstAttemptAt, Instant now, Optional<Duration> retryAfter, double random) {
    Duration delay = jittered(backoff(attemptsMade), random);
    if (retryAfter.isPresent()) {
      Duration asked = retryAfter.get().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter.get();
      if (asked.compareTo(delay) > 0) {
        delay = asked;
      }
    }
    Instant at = now.plus(delay);
    if (Duration.between(firstAttemptAt, at).compareTo(giveUpAfter) > 0) {
      return new Next.GiveUp("no success in " + giveUpAfter.toHours() + "h over " + attemptsMade + " attempts");
    }
    return new Next.RetryAt(at);
  }

  /** The un-jittered delay after {@code attemptsMade} failures: base, 2 base, 4 base, … maxDelay. */
  public Duration backoff(int attemptsMade) {
    int doublings = Math.max(0, Math.min(attemptsMade - 1, 40));
    Duration d = base;
    for (int i = 0; i < doublings && d.compareTo(maxDelay) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxDelay) > 0 ? maxDelay : d;
  }

  /** Between half and all of {@code delay} ("equal jitter"): never sooner than half the backoff. */
  static Duration jittered(Duration delay, double random) {
    if (random < 0 || random >= 1) {
      throw new IllegalArgumentException("random must be in [0, 1): " + random);
    }
    long millis = delay.toMillis();
    return Duration.ofMillis(millis / 2 + (long) (random * (millis - millis / 2)));
  }
}
