package io.leadpipeline.router.matching;

import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import java.util.Locale;

/**
 * docs/SPECIFICATION.md §6 rule 5, first half: does an active partner's offer cover the enquiry (city and
 * district, desk range, office type, budget), and how well? Scores are coarse on purpose: equal
 * scores are common, so the fair round-robin, not noise, decides most ties.
 */
public final class Coverage {
  private Coverage() {}

  public static boolean covers(Partner p, NormalisedEnquiry e) {
    if (!p.getActive()) {
      return false;
    }
    if (p.getCities().stream().noneMatch(c -> c.equalsIgnoreCase(e.city()))) {
      return false;
    }
    if (!p.getPostcodeDistricts().isEmpty()
        && (e.postcodeDistrict() == null || !namesDistrict(p, e.postcodeDistrict()))) {
      return false;
    }
    if (e.desks() < p.getMinDesks() || e.desks() > p.getMaxDesks()) {
      return false;
    }
    if (!e.officeTypes().isEmpty()
        && e.officeTypes().stream().noneMatch(t -> p.getOfficeTypes().contains(t))) {
      return false;
    }
    Integer minPrice = p.getMinPricePerDeskGbp();
    return minPrice == null
        || e.maxBudgetPerDeskGbp() == null
        || e.maxBudgetPerDeskGbp() >= minPrice;
  }

  /**
   * 1 for a match, +2 when the partner names the enquiry's district (a local specialist), +1 when
   * it offers every office type asked for.
   */
  public static int score(Partner p, NormalisedEnquiry e) {
    int score = 1;
    if (e.postcodeDistrict() != null && namesDistrict(p, e.postcodeDistrict())) {
      score += 2;
    }
    boolean allTypes = true;
    for (OfficeType t : e.officeTypes()) {
      allTypes &= p.getOfficeTypes().contains(t);
    }
    if (allTypes) {
      score += 1;
    }
    return score;
  }

  private static boolean namesDistrict(Partner p, String district) {
    String d = district.strip().toUpperCase(Locale.ROOT);
    return p.getPostcodeDistricts().stream().anyMatch(x -> x.strip().toUpperCase(Locale.ROOT).equals(d));
  }
}
