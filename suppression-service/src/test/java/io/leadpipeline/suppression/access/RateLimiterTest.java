package io.leadpipeline.suppression.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final AtomicLong now = new AtomicLong();
  private final RateLimiter limiter = new RateLimiter(60, now::get);

  @Test
  void aKeyMayBurstItsPerMinuteAllowanceThenWaitsForTheNextToken() {
    for (int i = 0; i < 60; i++) {
      assertThat(limiter.acquire("crm").allowed()).isTrue();
    }
    RateLimiter.Decision refused = limiter.acquire("crm");
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(1));
  }

  @Test
  void tokensRefillEvenlyOverTheMinute() {
    for (int i = 0; i < 60; i++) {
      limiter.acquire("crm");
    }
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(limiter.acquire("crm").allowed()).isTrue();
    assertThat(limiter.acquire("crm").allowed()).isFalse();
  }

  @Test
  void eachKeyHasItsOwnBucket() {
    for (int i = 0; i < 60; i++) {
      limiter.acquire("crm");
    }
    assertThat(limiter.acquire("crm").allowed()).isFalse();
    assertThat(limiter.acquire("tps-loader").allowed()).isTrue();
  }
}
