package io.leadpipeline.suppression.access;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-key token buckets: each key may burst up to its per-minute allowance, refilled evenly over
 * the minute. A refused call learns how long until the next token.
 */
public final class RateLimiter {
  private final long capacity;
  private final double tokensPerNano;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** The outcome of one request: allowed, or refused with the wait until a token is free. */
  public record Decision(boolean allowed, Duration retryAfter) {}

  public RateLimiter(int perMinute, LongSupplier nanoClock) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("api.rate-limit.per-minute must be at least 1");
    }
    this.capacity = perMinute;
    this.tokensPerNano = perMinute / (double) Duration.ofMinutes(1).toNanos();
    this.nanoClock = nanoClock;
  }

  public Decision acquire(String keyId) {
    Bucket bucket = buckets.computeIfAbsent(keyId, k -> new Bucket(capacity, nanoClock.getAsLong()));
    synchronized (bucket) {
      long now = nanoClock.getAsLong();
      bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.lastRefill) * tokensPerNano);
      bucket.lastRefill = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return new Decision(true, Duration.ZERO);
      }
      long waitNanos = (long) Math.ceil((1 - bucket.tokens) / tokensPerNano);
      return new Decision(false, Duration.ofNanos(waitNanos));
    }
  }

  private static final class Bucket {
    double tokens;
    long lastRefill;

    Bucket(double tokens, long lastRefill) {
      this.tokens = tokens;
      this.lastRefill = lastRefill;
    }
  }
}
