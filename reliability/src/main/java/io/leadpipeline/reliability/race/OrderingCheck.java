package io.leadpipeline.reliability.race;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * docs/SPECIFICATION.md §7's ordering guarantee, checked pair by pair: a suppression change acknowledged at T
 * (the time in the service's 2xx) applies to every enquiry of that person whose event time t is
 * after T. A pair with t > T whose decision did not apply it is a violation. Applying it to an
 * enquiry from before T is not promised either way; it is counted so a reader sees it.
 */
public final class OrderingCheck {

  private OrderingCheck() {}

  /**
   * One enquiry against one acknowledged change of the same person. {@code applied} is empty when
   * the enquiry has no decision (which is itself a failure).
   */
  public record Pair(String enquiryId, Instant acknowledgedAt, Instant eventTime, Optional<Boolean> applied) {
    Duration afterAck() {
      return Duration.between(acknowledgedAt, eventTime);
    }

    boolean after() {
      return eventTime.isAfter(acknowledgedAt);
    }
  }

  /** The result: counts, the worst violation, and how close to T the guarantee was seen to hold. */
  public record Report(
      int pairs,
      int after,
      int before,
      int undecided,
      int appliedEarly,
      List<Pair> violations,
      Optional<Pair> worst,
      Optional<Pair> tightestHonoured,
      int honouredWithin10ms) {

    public boolean passed() {
      return violations.isEmpty() && undecided == 0;
    }

    public String line() {
      StringBuilder b = new StringBuilder("RACE ").append(passed() ? "PASS" : "FAIL").append(": ")
          .append(pairs).append(" pairs (").append(after).append(" with t after T, ").append(before)
          .append(" at or before T); violations: ").append(violations.size());
      worst.ifPresent(w -> b.append(" (worst: enquiry ").append(w.enquiryId()).append(" at T+")
          .append(w.afterAck().toMillis()).append(" ms not suppressed)"));
      if (undecided > 0) {
        b.append("; ").append(undecided).append(" enquiries without a decision");
      }
      tightestHonoured.ifPresent(t -> b.append("; closest honoured: T+").append(t.afterAck().toMillis())
          .append(" ms; ").append(honouredWithin10ms).append(" honoured within 10 ms after T"));
      b.append("; applied to earlier enquiries: ").append(appliedEarly);
      return b.toString();
    }
  }

  public static Report check(List<Pair> pairs) {
    int after = 0;
    int before = 0;
    int undecided = 0;
    int early = 0;
    int within10 = 0;
    List<Pair> violations = new ArrayList<>();
    Pair tightest = null;
    for (Pair p : pairs) {
      if (p.applied().isEmpty()) {
        undecided++;
        continue;
      }
      boolean applied = p.applied().get();
      if (p.after()) {
        after++;
        if (!applied) {
          violations.add(p);
        } else {
          if (tightest == null || p.afterAck().compareTo(tightest.afterAck()) < 0) {
            tightest = p;
          }
          if (p.afterAck().toMillis() <= 10) {
            within10++;
          }
        }
      } else {
        before++;
        if (applied) {
          early++;
        }
      }
    }
    Optional<Pair> worst = violations.stream().max(Comparator.comparing(Pair::afterAck));
    return new Report(pairs.size(), after, before, undecided, early, List.copyOf(violations), worst,
        Optional.ofNullable(tightest), within10);
  }
}
