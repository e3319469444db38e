package io.leadpipeline.router.ordering;

/**
 * The skew rule (docs/ordering.md): restrictive facts are read as of t + ε, which covers a
 * suppression stamped by a broker whose clock runs up to ε ahead of the enquiry's broker. That holds
 * while every broker is within ε/2 of the router's clock; beyond, releases wait. A sample whose round
 * trip is longer than ε cannot place the broker's clock within ε/2 and is not used.
 */
public final class ClockSkew {
  private ClockSkew() {}

  /** One probe: sent and acknowledged on the router's clock, stamped by the broker (LogAppendTime). */
  public record Sample(long sentAt, long brokerTime, long ackedAt) {
    /** The broker's clock minus the router's, assuming the stamp fell at the round trip's midpoint. */
    public long offsetMs() {
      return brokerTime - (sentAt + ackedAt) / 2;
    }

    public long roundTripMs() {
      return ackedAt - sentAt;
    }
  }

  /** Whether a sample is precise enough to judge skew against {@code epsilonMs}. */
  public static boolean usable(Sample s, long epsilonMs) {
    return s.roundTripMs() >= 0 && s.roundTripMs() <= epsilonMs;
  }

  /** Releases may go ahead: the broker's clock is known and within ε/2 of the router's. */
  public static boolean withinBound(long offsetMs, long epsilonMs) {
    return Math.abs(offsetMs) * 2 <= epsilonMs;
  }
}
