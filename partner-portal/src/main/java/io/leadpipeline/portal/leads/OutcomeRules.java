package io.leadpipeline.portal.leads;

import io.leadpipeline.avro.Licence;
import io.leadpipeline.avro.OutcomeStage;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What an outcome must say (docs/partner-portal.md §4): a signed licence its desks, term, monthly
 * fee in pence and start date; a lost introduction its reason; and only an introduction that
 * stands (accepted, or the window closed) has outcomes.
 */
public final class OutcomeRules {
  public static final int MAX_REASON_LENGTH = 200;
  public static final long MAX_MONTHLY_FEE_PENCE = 100_000_000_00L; // £100m a month

  private OutcomeRules() {}

  /** What the partner reported. */
  public record Report(
      OutcomeStage stage,
      Optional<Integer> desks,
      Optional<Integer> termMonths,
      Optional<Long> monthlyFeePence,
      Optional<LocalDate> startDate,
      Optional<String> lostReason) {}

  public sealed interface Verdict {
    record Allowed(OutcomeStage stage, Licence licence, String lostReason) implements Verdict {}

    record Invalid(String message) implements Verdict {}

    record NotOpen(String message) implements Verdict {}
  }

  public static Verdict check(ResponseStatus status, Report report) {
    if (!status.stands()) {
      return new Verdict.NotOpen("outcomes are recorded for accepted introductions only: " + status.label());
    }
    if (report.stage() == null) {
      return new Verdict.Invalid("choose what happened");
    }
    return switch (report.stage()) {
      case LICENCE_SIGNED -> licence(report);
      case LOST -> {
        String reason = report.lostReason().map(String::strip).orElse("");
        if (reason.isEmpty() || reason.length() > MAX_REASON_LENGTH
            || reason.codePoints().anyMatch(Character::isISOControl)) {
          yield new Verdict.Invalid("lost: give a reason (1 to " + MAX_REASON_LENGTH + " characters)");
        }
        yield new Verdict.Allowed(OutcomeStage.LOST, null, reason);
      }
      case CONTACTED, VIEWING_BOOKED, VIEWED, PROPOSAL -> new Verdict.Allowed(report.stage(), null, null);
    };
  }

  private static Verdict licence(Report r) {
    if (r.desks().filter(d -> d > 0 && d <= 10_000).isEmpty()) {
      return new Verdict.Invalid("licence signed: desks must be between 1 and 10000");
    }
    if (r.termMonths().filter(t -> t > 0 && t <= 240).isEmpty()) {
      return new Verdict.Invalid("licence signed: term must be between 1 and 240 months");
    }
    if (r.monthlyFeePence().filter(f -> f > 0 && f <= MAX_MONTHLY_FEE_PENCE).isEmpty()) {
      return new Verdict.Invalid("licence signed: give the monthly fee in pounds and pence, more than £0");
    }
    if (r.startDate().isEmpty()) {
      return new Verdict.Invalid("licence signed: give the start date");
    }
    return new Verdict.Allowed(
        OutcomeStage.LICENCE_SIGNED,
        new Licence(r.desks().get(), r.termMonths().get(), r.monthlyFeePence().get(), r.startDate().get()),
        null);
  }
}
