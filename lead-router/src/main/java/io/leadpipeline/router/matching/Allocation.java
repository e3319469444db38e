package io.leadpipeline.router.matching;

import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.PartnerReason;
import io.leadpipeline.avro.PartnerStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * docs/SPECIFICATION.md §6 rules 4 and 5: which of the matching partners get the lead. Excluded partners
 * (do-not-repeat, duplicate, daily cap) are listed with their reason; the rest are ranked by
 * score, ties by the fair round-robin; at most {@code maxPartners} are chosen; an exclusive
 * partner is chosen only alone, as the first pick.
 */
public final class Allocation {
  private Allocation() {}

  public record Pick(
      String partnerId, PartnerKind kind, PartnerStatus status, PartnerReason reason, int score) {
    public boolean chosen() {
      return status != PartnerStatus.EXCLUDED;
    }
  }

  /** Decides, and charges the round-robin for every partner chosen. Order: as ranked. */
  public static List<Pick> allocate(List<Candidate> candidates, int maxPartners, FairRoundRobin rr) {
    List<Pick> picks = new ArrayList<>();
    List<Candidate> eligible = new ArrayList<>();
    for (Candidate c : candidates) {
      if (c.exclusion() != null) {
        picks.add(excluded(c, c.exclusion()));
      } else if (c.capReached()) {
        picks.add(excluded(c, PartnerReason.DAILY_CAP_REACHED));
      } else {
        eligible.add(c);
      }
    }
    Comparator<String> fairness = rr.order();
    eligible.sort(
        Comparator.comparingInt(Candidate::score).reversed()
            .thenComparing(Candidate::id, fairness));
    List<Pick> ranked = new ArrayList<>();
    int chosen = 0;
    boolean exclusiveChosen = false;
    for (Candidate c : eligible) {
      boolean exclusive = c.partner().getExclusive();
      if (exclusiveChosen) {
        ranked.add(excluded(c, PartnerReason.EXCLUSIVE_PARTNER_CHOSEN));
      } else if (chosen == 0 && exclusive) {
        ranked.add(choose(c));
        exclusiveChosen = true;
        chosen++;
      } else if (exclusive || chosen >= maxPartners) {
        ranked.add(excluded(c, PartnerReason.LOWER_SCORE));
      } else {
        ranked.add(choose(c));
        chosen++;
      }
    }
    for (int i = 0; i < ranked.size(); i++) {
      if (ranked.get(i).chosen()) {
        rr.charge(ranked.get(i).partnerId(), eligible.get(i).partner().getWeight());
      }
    }
    ranked.addAll(picks);
    return ranked;
  }

  private static Pick choose(Candidate c) {
    return c.outsideHours()
        ? new Pick(c.id(), c.partner().getKind(), PartnerStatus.DEFERRED,
            PartnerReason.OUTSIDE_DELIVERY_HOURS, c.score())
        : new Pick(c.id(), c.partner().getKind(), PartnerStatus.CHOSEN, PartnerReason.SELECTED,
            c.score());
  }

  private static Pick excluded(Candidate c, PartnerReason reason) {
    return new Pick(c.id(), c.partner().getKind(), PartnerStatus.EXCLUDED, reason, c.score());
  }
}
