package io.leadpipeline.portal.leads;

import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.LeadResponse;
import io.leadpipeline.avro.RejectionReason;
import io.leadpipeline.avro.ResponseDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where an introduction stands (docs/partner-portal.md §3): waiting for an answer until the window
 * closes, accepted, counted as accepted because the window closed unanswered, or rejected.
 */
public sealed interface ResponseStatus {
  record Pending(Instant respondBy) implements ResponseStatus {}

  record Accepted(Instant at) implements ResponseStatus {}

  /** Nobody answered within the window: the introduction counts as accepted from its close. */
  record DeemedAccepted(Instant windowClosedAt) implements ResponseStatus {}

  record Rejected(RejectionReason reason, Instant at) implements ResponseStatus {}

  static ResponseStatus of(Lead lead, Optional<LeadResponse> response, Duration window, Instant now) {
    Instant closes = lead.getRoutedAt().plus(window);
    if (response.isPresent()) {
      LeadResponse r = response.get();
      return r.getDecision() == ResponseDecision.ACCEPTED
          ? new Accepted(r.getRespondedAt())
          : new Rejected(r.getReason(), r.getRespondedAt());
    }
    return now.isBefore(closes) ? new Pending(closes) : new DeemedAccepted(closes);
  }

  /** Accepted outright or by the window closing: the introduction stands and may earn a fee. */
  default boolean stands() {
    return this instanceof Accepted || this instanceof DeemedAccepted;
  }

  default String label() {
    if (this instanceof Pending) {
      return "Awaiting your response";
    } else if (this instanceof Accepted) {
      return "Accepted";
    } else if (this instanceof DeemedAccepted) {
      return "Accepted (response window closed)";
    } else if (this instanceof Rejected r) {
      return "Rejected: " + ResponseRules.describe(r.reason());
    }
    throw new AssertionError(this);
  }
}
