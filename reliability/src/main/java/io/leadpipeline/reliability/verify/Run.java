package io.leadpipeline.reliability.verify;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a run sent and what the pipeline committed, as plain values: the verifier's whole input.
 * The harness fills the first half while it produces; {@code PipelineReader} reads the second half
 * back from the topics (read_committed).
 */
public record Run(
    List<Sent> sent,
    Map<String, Cap> caps,
    Set<String> forbiddenPhones,
    Set<Delivery> forbiddenDeliveries,
    Set<String> marketingForbidden,
    List<Decision> decisions,
    List<Lead> leads,
    List<DeadLetter> deadLetters) {

  public Run {
    sent = List.copyOf(sent);
    caps = Map.copyOf(caps);
    forbiddenPhones = Set.copyOf(forbiddenPhones);
    forbiddenDeliveries = Set.copyOf(forbiddenDeliveries);
    marketingForbidden = Set.copyOf(marketingForbidden);
    decisions = List.copyOf(decisions);
    leads = List.copyOf(leads);
    deadLetters = List.copyOf(deadLetters);
  }

  /**
   * One record the harness produced to {@code enquiries}. {@code key} is the record key, by which
   * an invalid record is found in the dead-letter topic; a valid one's key is its enquiryId.
   */
  public record Sent(String key, String enquiryId, boolean valid) {
    public Sent {
      Objects.requireNonNull(key, "key");
      if (valid) {
        Objects.requireNonNull(enquiryId, "a valid enquiry has an id");
      }
    }

    public static Sent valid(String enquiryId) {
      return new Sent(enquiryId, enquiryId, true);
    }

    public static Sent invalid(String key) {
      return new Sent(key, null, false);
    }
  }

  /** A partner's daily cap, counted by the calendar day in the partner's time zone; null = none. */
  public record Cap(Integer perDay, ZoneId zone) {}

  /** An (enquiry, partner) pair. */
  public record Delivery(String enquiryId, String partnerId) {}

  /** A committed RoutingDecision: the partners it chose and those it deferred to their hours. */
  public record Decision(String enquiryId, String outcome, Set<String> chosen, Set<String> deferred) {}

  /** A committed lead on a partner's topic. {@code phone} is what the partner received, or null. */
  public record Lead(
      String leadId, String enquiryId, String partnerId, String phone, boolean marketingPermitted, Instant routedAt) {}

  /** A record on the dead-letter topic: its key as text, and the reason header. */
  public record DeadLetter(String key, String reason) {}
}
