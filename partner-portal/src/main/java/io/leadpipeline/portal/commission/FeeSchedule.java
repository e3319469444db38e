package io.leadpipeline.portal.commission;

import io.leadpipeline.avro.FeeTerms;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A partner's fee terms over time (docs/partner-portal.md §5). A placement is priced under the
 * version in force on the day it is recorded: the one taking effect last on or before that day
 * (the higher version when two take effect the same day, UTC). Before any version took effect, the
 * earliest is in force.
 */
public final class FeeSchedule {
  public static final int MAX_MONTHS = 60;

  private FeeSchedule() {}

  public static Optional<FeeTerms> inForceOn(List<FeeTerms> versions, LocalDate day) {
    // By day, not instant: staff choose days, and version 1 is dated the moment it was created.
    Comparator<FeeTerms> byTakingEffect =
        Comparator.comparing(FeeSchedule::effectiveDay).thenComparingInt(FeeTerms::getVersion);
    return versions.stream()
        .filter(t -> !effectiveDay(t).isAfter(day))
        .max(byTakingEffect)
        .or(() -> versions.stream().min(byTakingEffect));
  }

  public static LocalDate effectiveDay(FeeTerms terms) {
    return LocalDate.ofInstant(terms.getEffectiveFrom(), ZoneOffset.UTC);
  }

  /** A new version as typed by the broker's staff, checked; or why not. */
  public sealed interface Verdict {
    record Valid(int rateBasisPoints, int feeMonths, LocalDate effectiveFrom) implements Verdict {}

    record Invalid(String message) implements Verdict {}
  }

  public static Verdict check(String rateBasisPoints, String feeMonths, String effectiveFrom, LocalDate today) {
    Optional<Integer> rate = whole(rateBasisPoints);
    if (rate.isEmpty() || rate.get() < 0 || rate.get() > Commission.BASIS_POINTS) {
      return new Verdict.Invalid("Give the rate in basis points, a whole number from 0 to 10000 (1000 is 10%).");
    }
    Optional<Integer> months = whole(feeMonths);
    if (months.isEmpty() || months.get() < 1 || months.get() > MAX_MONTHS) {
      return new Verdict.Invalid("Give the months of licence fee the rate applies to, from 1 to " + MAX_MONTHS + ".");
    }
    Optional<LocalDate> from = LedgerRules.day(effectiveFrom);
    if (from.isEmpty()) {
      return new Verdict.Invalid("Give the day the terms take effect as a date (YYYY-MM-DD).");
    }
    if (from.get().isBefore(today)) {
      return new Verdict.Invalid("New terms cannot take effect in the past: give today (" + today + ") or later.");
    }
    return new Verdict.Valid(rate.get(), months.get(), from.get());
  }

  private static Optional<Integer> whole(String text) {
    String t = text == null ? "" : text.strip();
    return t.matches("\\d{1,6}") ? Optional.of(Integer.parseInt(t)) : Optional.empty();
  }
}
