package io.leadpipeline.router.allocation;

import io.leadpipeline.avro.CallReason;
import io.leadpipeline.avro.DecisionOutcome;
import io.leadpipeline.avro.MarketingReason;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.PartnerDecision;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.PartnerReason;
import io.leadpipeline.avro.PartnerStatus;
import io.leadpipeline.avro.Reoffer;
import io.leadpipeline.avro.ReofferStop;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.router.delivery.AllocatorState.Fairness;
import io.leadpipeline.router.delivery.AllocatorState.KnownRestrictions;
import io.leadpipeline.router.delivery.DeliveryWindow;
import io.leadpipeline.router.delivery.LeadDraft;
import io.leadpipeline.router.matching.Allocation.Pick;
import io.leadpipeline.router.matching.Allocation;
import io.leadpipeline.router.matching.Candidate;
import io.leadpipeline.router.matching.Coverage;
import io.leadpipeline.router.matching.FairRoundRobin;
import io.leadpipeline.router.notices.Introductions;
import io.leadpipeline.router.reoffer.OfferedEnquiry;
import io.leadpipeline.router.reoffer.OfferedLead;
import io.leadpipeline.router.reoffer.Reoffers;
import io.leadpipeline.router.suppression.CallPermission;
import io.leadpipeline.router.suppression.ConsentNaming;
import io.leadpipeline.router.suppression.FactsUsed;
import io.leadpipeline.router.suppression.MarketingPermission;
import io.leadpipeline.router.suppression.Screening;
import io.leadpipeline.router.suppression.ShareEvidence;
import io.leadpipeline.router.suppression.SuppressionView;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Allocation as a plain function (docs/SPECIFICATION.md §6 rules 4 to 6, §6.8): a snapshot of the
 * allocation step's state and a screened enquiry in, a {@link Plan} out — the leads to send or
 * defer, the cap charges, the round-robin after, the introductions, what to keep for re-offers and
 * the decision. It reads no store and writes none; {@link AllocationStage} reads the snapshot,
 * applies the plan and forwards, so the rules can be tested without Kafka.
 */
public final class AllocationPlanner {
  private final int maxPartners;
  private final long dedupeMs;

  public AllocationPlanner(int maxPartners, Duration dedupeWindow) {
    this.maxPartners = maxPartners;
    this.dedupeMs = dedupeWindow.toMillis();
  }

  /** How many leads were counted against a cap key (partner and local day) so far. */
  @FunctionalInterface
  public interface CapCounts {
    long count(String capKey);
  }

  /**
   * What the planner may know of the step's state for one enquiry.
   *
   * @param activePartners active partners, sorted by id
   * @param byPhone null when the enquiry has no phone
   * @param subjectRestrictions the newest restrictions seen for the subject key, or null
   * @param phoneRestrictions the same for the phone key, or null
   * @param senderErased the sender asked to be erased at or after the enquiry's event time
   */
  public record Snapshot(
      List<Partner> activePartners,
      CapCounts caps,
      Fairness fairness,
      Introductions bySubject,
      Introductions byPhone,
      KnownRestrictions subjectRestrictions,
      KnownRestrictions phoneRestrictions,
      boolean senderErased) {}

  /** A lead chosen by the plan; a deferred one waits for its partner's hours until {@code deliverAt}. */
  public record PlannedLead(LeadDraft draft, long deliverAt, boolean deferred) {}

  /**
   * What one allocation decided, for the processor to apply. Null parts are left as they are.
   *
   * @param capCharges cap keys to count one more lead against, one per lead
   * @param fairness the round-robin after this allocation, or null when it did not run
   * @param bySubject the subject's introductions after, or null when unchanged
   * @param byPhone the phone's introductions after, or null when unchanged
   * @param offeredEnquiry the enquiry as kept for re-offers, or null when unchanged
   * @param offeredLeads the leads to keep for their response windows, by lead id
   * @param suppressed {@code enquiries_suppressed_total} reasons to count
   * @param capExhausted partner kinds to count in {@code partner_cap_exhausted_total}
   */
  public record Plan(
      List<PlannedLead> leads,
      List<String> capCharges,
      Fairness fairness,
      Introductions bySubject,
      Introductions byPhone,
      OfferedEnquiry offeredEnquiry,
      Map<String, OfferedLead> offeredLeads,
      List<String> suppressed,
      List<PartnerKind> capExhausted,
      RoutingDecision decision) {

    static Plan decisionOnly(RoutingDecision decision, List<String> suppressed) {
      return new Plan(List.of(), List.of(), null, null, null, null, Map.of(), suppressed, List.of(), decision);
    }
  }

  /** The key a partner's daily cap is counted under: its id and the local day of delivery. */
  public static String capKey(String partnerId, DeliveryWindow window, Instant at) {
    return partnerId + "|" + window.localDay(at);
  }

  /** A new enquiry: routed to at most the partner limit, or decided ERASED when its sender asked. */
  public Plan enquiry(Screening s, Snapshot snap, long now) {
    NormalisedEnquiry e = s.enquiry();
    SuppressionView view = YoungerRestrictions.narrow(s.view(), snap.subjectRestrictions(), snap.phoneRestrictions());
    CallPermission.Verdict call = CallPermission.decide(e, view);
    MarketingPermission.Verdict marketing = MarketingPermission.decide(e, view);
    if (snap.senderErased()) {
      // Sent before the person asked to be erased, still in flight when the erasure arrived.
      return Plan.decisionOnly(
          Decisions.of(e, view, call, marketing, List.of(), DecisionOutcome.ERASED, s.screenedAgainst(), null, now),
          List.of());
    }
    List<String> suppressed = new ArrayList<>();
    if (!call.permitted() && call.reason() != CallReason.NO_PHONE) {
      suppressed.add(call.reason().name());
    }
    if (marketing.reason() == MarketingReason.OPTED_OUT) {
      suppressed.add(MarketingReason.OPTED_OUT.name());
    }
    Allotment a = allot(e, view, call, marketing, maxPartners, Set.of(), true, snap, now, suppressed);
    OfferedEnquiry offered = null;
    Map<String, OfferedLead> offeredLeads = new LinkedHashMap<>();
    if (a.outcome() == DecisionOutcome.ROUTED) {
      // Kept for the response window, so a rejected lead can be offered again.
      List<OfferedEnquiry.Offer> offers = new ArrayList<>();
      for (PlannedLead l : a.leads()) {
        offers.add(new OfferedEnquiry.Offer(l.draft().leadId(), l.draft().partnerId(), l.draft().partnerKind(), false, false));
        offeredLeads.put(l.draft().leadId(), offeredLead(e, l, now));
      }
      offered = new OfferedEnquiry(e, call.permitted(), marketing.permitted(), now, maxPartners, offers, e.eventTime());
    }
    RoutingDecision decision =
        Decisions.of(e, view, call, marketing, a.decisions(), a.outcome(), s.screenedAgainst(), null, now);
    return a.plan(offered, offeredLeads, suppressed, decision);
  }

  /**
   * A rejected lead's enquiry, screened again as of the rejection: offered to one more partner by
   * the same rules, never to one it already went to, while its partner limit has room; stopped by
   * an erasure ({@code offered} is null: the stored enquiry was erased) or a restriction since it
   * was first shared. Exactly one decision says which.
   */
  public Plan reoffer(Screening s, OfferedEnquiry offered, Snapshot snap, long now) {
    NormalisedEnquiry keys = s.enquiry();
    Screening.ReofferRequest request = s.reoffer();
    if (offered == null) {
      SuppressionView view = YoungerRestrictions.narrow(s.view(), snap.subjectRestrictions(), snap.phoneRestrictions());
      return Plan.decisionOnly(
          Decisions.of(keys, view, CallPermission.decide(keys, view), MarketingPermission.decide(keys, view), List.of(),
              DecisionOutcome.ERASED, s.screenedAgainst(), reofferOf(request, ReofferStop.ERASED), now),
          List.of());
    }
    NormalisedEnquiry e = Reoffers.at(offered.enquiry(), keys.eventTime());
    SuppressionView view = YoungerRestrictions.narrow(s.view(), snap.subjectRestrictions(), snap.phoneRestrictions());
    CallPermission.Verdict call = CallPermission.decide(e, view);
    MarketingPermission.Verdict marketing = MarketingPermission.decide(e, view);
    ReofferStop stop = Reoffers.stoppedBy(offered.firstSharedAt(), offered.callPermitted(), offered.marketingPermitted(),
        FactsUsed.of(view, e.subjectKey(), e.phoneKey()), call, marketing);
    if (stop == null && !offered.hasRoom()) {
      stop = ReofferStop.PARTNER_LIMIT_REACHED;
    }
    if (stop != null) {
      return Plan.decisionOnly(
          Decisions.of(e, view, call, marketing, List.of(), DecisionOutcome.ALL_EXCLUDED, s.screenedAgainst(),
              reofferOf(request, stop), now),
          List.of());
    }
    List<String> suppressed = new ArrayList<>();
    Allotment a = allot(e, view, call, marketing, 1, offered.recipients(), !offered.heldByOthers(), snap, now, suppressed);
    Map<String, OfferedLead> offeredLeads = new LinkedHashMap<>();
    for (PlannedLead l : a.leads()) {
      offered = offered.withReplacement(l.draft().leadId(), l.draft().partnerId(), l.draft().partnerKind());
      offeredLeads.put(l.draft().leadId(), offeredLead(e, l, now));
    }
    RoutingDecision decision = Decisions.of(
        e, view, call, marketing, a.decisions(), a.outcome(), s.screenedAgainst(), reofferOf(request, null), now);
    return a.plan(offered, offeredLeads, suppressed, decision);
  }

  private static Reoffer reofferOf(Screening.ReofferRequest request, ReofferStop stop) {
    return new Reoffer(request.rejectedLeadId(), request.rejectedBy(), stop);
  }

  private static OfferedLead offeredLead(NormalisedEnquiry e, PlannedLead l, long now) {
    return new OfferedLead(e.enquiryId(), e.subjectKey(), e.phoneKey(), l.draft().partnerId(), now,
        l.deferred() ? null : now, false);
  }

  /** The matching, dedupe, caps and choice of one allocation, before what is kept for re-offers. */
  private record Allotment(
      List<PartnerDecision> decisions,
      List<PlannedLead> leads,
      List<String> capCharges,
      Fairness fairness,
      Introductions bySubject,
      Introductions byPhone,
      List<PartnerKind> capExhausted,
      DecisionOutcome outcome) {

    Plan plan(OfferedEnquiry offered, Map<String, OfferedLead> offeredLeads, List<String> suppressed, RoutingDecision decision) {
      return new Plan(leads, capCharges, fairness, bySubject, byPhone, offered, offeredLeads, suppressed, capExhausted,
          decision);
    }
  }

  /**
   * Matches, dedupes, caps and chooses at most {@code max} partners. Partners in {@code
   * alreadyReceived} are excluded as duplicates; exclusive partners only when {@code
   * exclusiveAllowed}.
   */
  private Allotment allot(
      NormalisedEnquiry e,
      SuppressionView view,
      CallPermission.Verdict call,
      MarketingPermission.Verdict marketing,
      int max,
      Set<String> alreadyReceived,
      boolean exclusiveAllowed,
      Snapshot snap,
      long now,
      List<String> suppressed) {
    Introductions seen = snap.bySubject();
    Introductions bySubject = seen;
    Introductions byPhone = e.hasPhone() ? snap.byPhone() : null;
    Map<String, Partner> byId = new HashMap<>();
    Map<String, Instant> deliverAt = new HashMap<>();
    List<Candidate> candidates = new ArrayList<>();
    for (Partner p : snap.activePartners()) {
      if (!Coverage.covers(p, e)) {
        continue;
      }
      String id = p.getPartnerId();
      DeliveryWindow window = DeliveryWindow.of(p);
      Instant at = window.nextDelivery(Instant.ofEpochMilli(now));
      PartnerReason exclusion = null;
      if (alreadyReceived.contains(id)) {
        exclusion = PartnerReason.DUPLICATE;
      } else if (view.doNotRepeat() != null && view.doNotRepeat().names(id)) {
        exclusion = PartnerReason.DO_NOT_REPEAT;
      } else if (seen.receivedWithin(id, now, dedupeMs)) {
        exclusion = PartnerReason.DUPLICATE;
      } else if (!exclusiveAllowed && p.getExclusive()) {
        exclusion = PartnerReason.LOWER_SCORE; // as for an exclusive partner that is not the first pick
      }
      Integer cap = p.getDailyCap();
      boolean capReached = cap != null && snap.caps().count(capKey(id, window, at)) >= cap;
      byId.put(id, p);
      deliverAt.put(id, at);
      candidates.add(new Candidate(p, Coverage.score(p, e), exclusion, capReached, at.toEpochMilli() > now));
    }

    Fairness f = snap.fairness();
    FairRoundRobin rr = f == null ? FairRoundRobin.empty() : new FairRoundRobin(f.passes(), f.virtualTime());
    List<Pick> picks = Allocation.allocate(candidates, max, rr);

    List<PartnerDecision> decisions = new ArrayList<>();
    List<PlannedLead> leads = new ArrayList<>();
    List<String> capCharges = new ArrayList<>();
    List<PartnerKind> capExhausted = new ArrayList<>();
    for (Pick pick : picks) {
      String leadId = null;
      List<ConsentNaming.Applied> consents = List.of();
      if (pick.chosen()) {
        Partner p = byId.get(pick.partnerId());
        consents = ConsentNaming.applied(marketing, e, pick.partnerId(), pick.kind());
        LeadDraft draft = LeadDraft.of(e, pick.partnerId(), pick.kind(), call.permitted(), !consents.isEmpty());
        leadId = draft.leadId();
        Instant at = deliverAt.get(pick.partnerId());
        if (p.getDailyCap() != null) {
          capCharges.add(capKey(p.getPartnerId(), DeliveryWindow.of(p), at)); // the day it goes out
        }
        bySubject = bySubject.record(draft.partnerId(), draft.partnerKind(), draft.leadId(), draft.carried(), now);
        if (byPhone != null) {
          byPhone = byPhone.record(draft.partnerId(), draft.partnerKind(), draft.leadId(), draft.carried(), now);
        }
        leads.add(new PlannedLead(draft, at.toEpochMilli(), pick.status() == PartnerStatus.DEFERRED));
      } else if (pick.reason() == PartnerReason.DO_NOT_REPEAT || pick.reason() == PartnerReason.DUPLICATE) {
        suppressed.add(pick.reason().name());
      } else if (pick.reason() == PartnerReason.DAILY_CAP_REACHED) {
        capExhausted.add(pick.kind());
      }
      decisions.add(
          PartnerDecision.newBuilder()
              .setPartnerId(pick.partnerId())
              .setPartnerKind(pick.kind())
              .setStatus(pick.status())
              .setReason(pick.reason())
              .setScore(pick.score())
              .setLeadId(leadId)
              .setConsents(ShareEvidence.consents(consents))
              .setRegisterLoads(leadId == null ? List.of() : ShareEvidence.registerLoads(view))
              .build());
    }
    DecisionOutcome outcome =
        picks.isEmpty()
            ? DecisionOutcome.NO_MATCH
            : !leads.isEmpty() ? DecisionOutcome.ROUTED : DecisionOutcome.ALL_EXCLUDED;
    boolean introduced = !leads.isEmpty();
    return new Allotment(decisions, leads, capCharges, new Fairness(rr.passes(), rr.virtualTime()),
        introduced ? bySubject : null, introduced ? byPhone : null, capExhausted, outcome);
  }
}
