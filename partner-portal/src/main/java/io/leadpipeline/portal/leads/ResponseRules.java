package io.leadpipeline.portal.leads;

import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.LeadResponse;
import io.leadpipeline.avro.RejectionReason;
import io.leadpipeline.avro.ResponseDecision;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Whether a partner may answer an introduction, and with what (docs/partner-portal.md §3): once,
 * within the window after the lead was routed; a rejection names a reason, and ALREADY_KNOWN
 * names the date and source of the earlier contact, which must be before the introduction.
 */
public final class ResponseRules {
  public static final int MAX_SOURCE_LENGTH = 200;

  private ResponseRules() {}

  /** What the partner asked for. */
  public sealed interface Request {
    record Accept() implements Request {}

    record Reject(RejectionReason reason, Optional<LocalDate> knownSince, Optional<String> knownSource)
        implements Request {}
  }

  /** The verdict on a request. */
  public sealed interface Verdict {
    record Allowed(ResponseDecision decision, RejectionReason reason, LocalDate knownSince, String knownSource)
        implements Verdict {}

    /** Refused because of the input: the partner can fix it (400). */
    record Invalid(String message) implements Verdict {}

    /** Refused because of the lead's state: answered already, or the window closed (409). */
    record TooLate(String message) implements Verdict {}
  }

  public static Verdict check(
      Lead lead, Optional<LeadResponse> existing, Duration window, Instant now, Request request) {
    if (existing.isPresent()) {
      return new Verdict.TooLate("this introduction has already been answered");
    }
    Instant closes = lead.getRoutedAt().plus(window);
    if (!now.isBefore(closes)) {
      return new Verdict.TooLate("the response window closed at " + closes + ": the introduction counts as accepted");
    }
    if (request instanceof Request.Reject r) {
      return reject(lead, r);
    }
    return new Verdict.Allowed(ResponseDecision.ACCEPTED, null, null, null);
  }

  private static Verdict reject(Lead lead, Request.Reject r) {
    if (r.reason() == null) {
      return new Verdict.Invalid("choose a reason for rejecting the introduction");
    }
    if (r.reason() != RejectionReason.ALREADY_KNOWN) {
      return new Verdict.Allowed(ResponseDecision.REJECTED, r.reason(), null, null);
    }
    LocalDate introduced = LocalDate.ofInstant(lead.getRoutedAt(), ZoneOffset.UTC);
    if (r.knownSince().isEmpty()) {
      return new Verdict.Invalid("already known: give the date of your earlier contact with them");
    }
    if (r.knownSince().get().isAfter(introduced)) {
      return new Verdict.Invalid("already known: the earlier contact must be on or before " + introduced);
    }
    String source = r.knownSource().map(String::strip).orElse("");
    if (source.isEmpty() || source.length() > MAX_SOURCE_LENGTH) {
      return new Verdict.Invalid(
          "already known: say where the earlier contact came from (1 to " + MAX_SOURCE_LENGTH + " characters)");
    }
    if (source.codePoints().anyMatch(Character::isISOControl)) {
      return new Verdict.Invalid("already known: the source may not contain control characters");
    }
    return new Verdict.Allowed(ResponseDecision.REJECTED, r.reason(), r.knownSince().get(), source);
  }

  public static String describe(RejectionReason reason) {
    return switch (reason) {
      case ALREADY_KNOWN -> "already known to us";
      case INVALID_CONTACT -> "contact details invalid";
      case OUT_OF_CRITERIA -> "outside our criteria";
      case DID_NOT_REQUEST -> "the person did not make this request";
    };
  }
}
