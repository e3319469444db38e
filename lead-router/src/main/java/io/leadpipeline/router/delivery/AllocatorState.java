package io.leadpipeline.router.delivery;

import io.leadpipeline.router.suppression.DoNotRepeatEntry;
import io.leadpipeline.router.suppression.PreferenceEntry;
import java.util.Map;

/** The allocation step's stored state, in the JSON form of its stores. */
public final class AllocatorState {
  private AllocatorState() {}

  /** The round-robin's passes. */
  public record Fairness(Map<String, Long> passes, long virtualTime) {}

  /** A lead waiting for its partner's delivery hours. */
  public record DeferredLead(LeadDraft draft, long deliverAt) {}

  /**
   * The newest preferences and do-not-repeat seen for a key: the "before" of the next change, and
   * a restriction younger than an enquiry still applies to its leads if it arrived before they left.
   */
  public record KnownRestrictions(PreferenceEntry preferences, DoNotRepeatEntry doNotRepeat, long seenAt) {}
}
