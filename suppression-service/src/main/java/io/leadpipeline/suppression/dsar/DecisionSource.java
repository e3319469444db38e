package io.leadpipeline.suppression.dsar;

import io.leadpipeline.avro.RoutingDecision;
import java.util.List;

/** The routing decisions recorded about one subject, from {@code lead-decisions}. */
public interface DecisionSource {
  /** Every decision keyed by {@code subjectKey}, oldest first, and how many records could not be read. */
  Decisions decisionsFor(String subjectKey);

  /** The decisions found; {@code unreadable} counts records under the key that failed to decode. */
  record Decisions(List<RoutingDecision> decisions, long unreadable) {}
}
