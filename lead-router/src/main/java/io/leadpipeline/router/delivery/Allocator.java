package io.leadpipeline.router.delivery;

import io.leadpipeline.avro.CallDecision;
import io.leadpipeline.avro.CallReason;
import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.DecisionOutcome;
import io.leadpipeline.avro.MarketingDecision;
import io.leadpipeline.avro.MarketingReason;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.PartnerDecision;
import io.leadpipeline.avro.PartnerReason;
import io.leadpipeline.avro.PartnerStatus;
import io.leadpipeline.avro.Reoffer;
import io.leadpipeline.avro.ReofferStop;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.avro.ScreenedOffset;
import io.leadpipeline.avro.SuppressionFact;
import io.leadpipeline.router.delivery.AllocatorState.DeferredLead;
import io.leadpipeline.router.delivery.AllocatorState.Fairness;
import io.leadpipeline.router.delivery.AllocatorState.KnownRestrictions;
import io.leadpipeline.router.matching.Allocation;
import io.leadpipeline.router.matching.Allocation.Pick;
import io.leadpipeline.router.matching.Candidate;
import io.leadpipeline.router.matching.Coverage;
import io.leadpipeline.router.matching.FairRoundRobin;
import io.leadpipeline.router.notices.Introductions;
import io.leadpipeline.router.notices.NoticeLedger;
import io.leadpipeline.router.notices.NoticePlanner;
import io.leadpipeline.router.notices.PlannedNotice;
import io.leadpipeline.router.ops.RouterMetrics;
import io.leadpipeline.router.reoffer.OfferedEnquiry;
import io.leadpipeline.router.reoffer.OfferedLead;
import io.leadpipeline.router.reoffer.Reoffers;
import io.leadpipeline.router.suppression.CallPermission;
import io.leadpipeline.router.suppression.ConsentNaming;
import io.leadpipeline.router.suppression.DoNotRepeatEntry;
import io.leadpipeline.router.suppression.FactsUsed;
import io.leadpipeline.router.suppression.MarketingPermission;
import io.leadpipeline.router.suppression.PreferenceEntry;
import io.leadpipeline.router.suppression.ShareEvidence;
import io.leadpipeline.router.suppression.SuppressionView;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import io.leadpipeline.router.wire.AllocationInput;
import io.leadpipeline.router.wire.LeadAnswer;
import io.leadpipeline.router.wire.Screening;
import io.leadpipeline.router.wire.SubjectErasure;
import io.leadpipeline.router.wire.SuppressionChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The allocation step: match, dedupe, cap, choose, fan out, decide, and tell partners about later
 * changes of mind. It runs as the only task of a single-partition repartition topic: caps and the
 * round-robin are global per partner, so their counters need one writer, and under exactly-once
 * the counter updates commit in the same transaction as the leads they count — a cap is never
 * exceeded, even across a crash. The price is that allocation does not scale out beyond one
 * thread; at a few milliseconds per enquiry that is hundreds of enquiries a second, far beyond a
 * broker's traffic. The suppression stages before it still run in parallel.
 */
public final class Allocator implements Processor<String, AllocationInput, String, Outbound> {
  private static final Logger LOG = LoggerFactory.getLogger(Allocator.class);
  private static final String FAIRNESS_KEY = "fairness";
  private static final Duration HOUSEKEEPING = Duration.ofHours(1);
  private static final Duration PARTNERS_REREAD = Duration.ofSeconds(1);
  /** The {@code enquiries_suppressed_total} reason of a waiting lead withdrawn by an erasure. */
  private static final String ERASED = "ERASED";

  /** The names of the stores this step uses. */
  public record Stores(
      String partners,
      String introductions,
      String caps,
      String fairness,
      String deferred,
      String restrictions,
      String decided,
      String erased,
      String offeredLeads,
      String offeredEnquiries) {}

  private final Stores names;
  private final int maxPartners;
  private final long dedupeMs;
  private final long retentionMs;
  private final long restrictionsMs;
  private final Duration deferredCheck;
  private final RouterMetrics metrics;
  private ProcessorContext<String, Outbound> context;
  private KeyValueStore<String, ValueAndTimestamp<Partner>> partners;
  private KeyValueStore<String, Introductions> introductions;
  private KeyValueStore<String, Long> caps;
  private KeyValueStore<String, Fairness> fairness;
  private KeyValueStore<String, DeferredLead> deferred;
  private KeyValueStore<String, KnownRestrictions> restrictions;
  private KeyValueStore<String, Long> decided;
  /** Subject and phone keys of people who asked to be erased → when (broker time). */
  private KeyValueStore<String, Long> erased;
  private NoticeLedger noticed;
  /** Leads shared, by lead id, for their response window: ids, keys and times (docs/SPECIFICATION.md §6.8). */
  private KeyValueStore<String, OfferedLead> offeredLeads;
  /** Shared enquiries, by enquiry id, for their leads' response windows: personal data, erased with the person. */
  private KeyValueStore<String, OfferedEnquiry> offeredEnquiries;
  private AtomicLong deferredCount;
  private List<Partner> active;
  private long activeReadAt;

  public Allocator(
      Stores names,
      int maxPartners,
      Duration dedupeWindow,
      Duration introductionRetention,
      Duration restrictionsRetention,
      Duration deferredCheck,
      RouterMetrics metrics) {
    this.names = names;
    this.maxPartners = maxPartners;
    this.dedupeMs = dedupeWindow.toMillis();
    this.retentionMs = Math.max(introductionRetention.toMillis(), dedupeMs);
    this.restrictionsMs = restrictionsRetention.toMillis();
    this.deferredCheck = deferredCheck;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Outbound> context) {
    this.context = context;
    partners = context.getStateStore(names.partners());
    introductions = context.getStateStore(names.introductions());
    caps = context.getStateStore(names.caps());
    fairness = context.getStateStore(names.fairness());
    deferred = context.getStateStore(names.deferred());
    restrictions = context.getStateStore(names.restrictions());
    decided = context.getStateStore(names.decided());
    erased = context.getStateStore(names.erased());
    noticed = new NoticeLedger(context.getStateStore(NoticeLedger.STORE));
    offeredLeads = context.getStateStore(names.offeredLeads());
    offeredEnquiries = context.getStateStore(names.offeredEnquiries());
    deferredCount = metrics.deferred(context.taskId().toString());
    long n = 0;
    try (KeyValueIterator<String, DeferredLead> it = deferred.all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    deferredCount.set(n);
    context.schedule(deferredCheck, PunctuationType.WALL_CLOCK_TIME, this::releaseDeferred);
    context.schedule(HOUSEKEEPING, PunctuationType.WALL_CLOCK_TIME, this::forgetOldEntries);
  }

  @Override
  public void process(Record<String, AllocationInput> record) {
    AllocationInput in = record.value();
    long now = context.currentSystemTimeMs();
    if (in.change() != null) {
      onChange(in.change(), now);
    } else if (in.erasure() != null) {
      onErasure(in.erasure(), record.timestamp(), now);
    } else if (in.answer() != null) {
      onAnswer(in.answer(), now);
    } else if (in.screening() != null && in.screening().reoffer() != null) {
      reoffer(in.screening(), now);
    } else if (in.screening() != null) {
      allocate(in.screening(), now);
    }
  }

  private void allocate(Screening s, long now) {
    NormalisedEnquiry e = s.enquiry();
    // enquiryId is the producer's idempotency key: a re-sent enquiry gets no second decision.
    if (decided.get(e.enquiryId()) != null) {
      LOG.info("enquiry {} was already decided; ignoring the repeat", e.enquiryId());
      return;
    }
    decided.put(e.enquiryId(), now);
    SuppressionView view = withYoungerRestrictions(s.view(), e);
    CallPermission.Verdict call = CallPermission.decide(e, view);
    MarketingPermission.Verdict marketing = MarketingPermission.decide(e, view);
    if (erasedAfter(e)) {
      // Sent before the person asked to be erased, still in flight when the erasure arrived.
      LOG.info("enquiry {} not routed: its sender asked to be erased after sending it", e.enquiryId());
      decide(e, view, call, marketing, List.of(), DecisionOutcome.ERASED, s.screenedAgainst(), null, now);
      return;
    }
    if (!call.permitted() && call.reason() != CallReason.NO_PHONE) {
      metrics.suppressed(call.reason().name());
    }
    if (marketing.reason() == MarketingReason.OPTED_OUT) {
      metrics.suppressed(MarketingReason.OPTED_OUT.name());
    }

    Allotment a = allot(e, view, call, marketing, maxPartners, Set.of(), true, now);
    if (a.outcome() == DecisionOutcome.ROUTED) {
      remember(e, call, marketing, a, now);
    }
    decide(e, view, call, marketing, a.decisions(), a.outcome(), s.screenedAgainst(), null, now);
  }

  /** A lead chosen by an allocation; deferred ones wait for their partner's delivery hours. */
  private record Chosen(LeadDraft draft, boolean deferred) {}

  /** What one allocation decided. */
  private record Allotment(List<PartnerDecision> decisions, List<Chosen> chosen, DecisionOutcome outcome) {}

  /**
   * Matches, dedupes, caps and chooses at most {@code max} partners, sends or defers their leads
   * and records the introductions. Partners in {@code alreadyReceived} are excluded as duplicates;
   * exclusive partners only when {@code exclusiveAllowed}.
   */
  private Allotment allot(
      NormalisedEnquiry e,
      SuppressionView view,
      CallPermission.Verdict call,
      MarketingPermission.Verdict marketing,
      int max,
      Set<String> alreadyReceived,
      boolean exclusiveAllowed,
      long now) {
    Introductions seen = introductionsOf(e.subjectKey());
    Introductions byPhone = e.hasPhone() ? introductionsOf(e.phoneKey()) : null;
    Introductions bySubject = seen;
    Map<String, Partner> byId = new LinkedHashMap<>();
    Map<String, Instant> deliverAt = new HashMap<>();
    List<Candidate> candidates = new ArrayList<>();
    for (Partner p : activePartners(now)) {
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
      boolean capReached = cap != null && capCount(id, window, at) >= cap;
      byId.put(id, p);
      deliverAt.put(id, at);
      candidates.add(
          new Candidate(p, Coverage.score(p, e), exclusion, capReached, at.toEpochMilli() > now));
    }

    FairRoundRobin rr = loadFairness();
    List<Pick> picks = Allocation.allocate(candidates, max, rr);
    fairness.put(FAIRNESS_KEY, new Fairness(rr.passes(), rr.virtualTime()));

    List<PartnerDecision> decisions = new ArrayList<>();
    List<Chosen> chosen = new ArrayList<>();
    for (Pick pick : picks) {
      String leadId = null;
      List<ConsentNaming.Applied> consents = List.of();
      if (pick.chosen()) {
        Partner p = byId.get(pick.partnerId());
        consents = ConsentNaming.applied(marketing, e, pick.partnerId(), pick.kind());
        LeadDraft draft =
            LeadDraft.of(e, pick.partnerId(), pick.kind(), call.permitted(), !consents.isEmpty());
        leadId = draft.leadId();
        Instant at = deliverAt.get(pick.partnerId());
        countAgainstCap(p, at);
        bySubject = bySubject.record(draft.partnerId(), draft.partnerKind(), draft.leadId(), now);
        if (byPhone != null) {
          byPhone = byPhone.record(draft.partnerId(), draft.partnerKind(), draft.leadId(), now);
        }
        boolean deferredLead = pick.status() == PartnerStatus.DEFERRED;
        if (deferredLead) {
          deferred.put(deferredKey(at.toEpochMilli(), draft), new DeferredLead(draft, at.toEpochMilli()));
          deferredCount.incrementAndGet();
        } else {
          send(draft, now);
        }
        chosen.add(new Chosen(draft, deferredLead));
      } else if (pick.reason() == PartnerReason.DO_NOT_REPEAT || pick.reason() == PartnerReason.DUPLICATE) {
        metrics.suppressed(pick.reason().name());
      } else if (pick.reason() == PartnerReason.DAILY_CAP_REACHED) {
        metrics.capExhausted(pick.kind());
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
    if (!chosen.isEmpty()) {
      // Read once and written once per enquiry, whatever the number of partners chosen.
      introductions.put(e.subjectKey(), bySubject);
      if (byPhone != null) {
        introductions.put(e.phoneKey(), byPhone);
      }
    }
    DecisionOutcome outcome =
        picks.isEmpty()
            ? DecisionOutcome.NO_MATCH
            : !chosen.isEmpty() ? DecisionOutcome.ROUTED : DecisionOutcome.ALL_EXCLUDED;
    return new Allotment(decisions, chosen, outcome);
  }

  /** Keeps a routed enquiry for its response window, so a rejected lead can be offered again. */
  private void remember(
      NormalisedEnquiry e, CallPermission.Verdict call, MarketingPermission.Verdict marketing, Allotment a, long now) {
    List<OfferedEnquiry.Offer> offers = new ArrayList<>();
    for (Chosen c : a.chosen()) {
      offers.add(new OfferedEnquiry.Offer(c.draft().leadId(), c.draft().partnerId(), c.draft().partnerKind(), false, false));
      offeredLeads.put(c.draft().leadId(), offeredLead(e, c, now));
    }
    offeredEnquiries.put(e.enquiryId(),
        new OfferedEnquiry(e, call.permitted(), marketing.permitted(), now, maxPartners, offers, e.eventTime()));
  }

  private static OfferedLead offeredLead(NormalisedEnquiry e, Chosen c, long now) {
    return new OfferedLead(e.enquiryId(), e.subjectKey(), e.phoneKey(), c.draft().partnerId(), now,
        c.deferred() ? null : now, false);
  }

  /**
   * A partner's answer (docs/SPECIFICATION.md §6.8). The first answer to a lead by its recipient
   * counts; a rejection within the response window sends the enquiry back through the suppression
   * stages, as of the rejection's time, to be offered to one more partner. Anything else (an
   * acceptance, a repeat, a late answer, an unknown lead, another partner's answer) ends here.
   */
  private void onAnswer(LeadAnswer a, long now) {
    OfferedLead lead = offeredLeads.get(a.leadId());
    if (lead == null) {
      LOG.debug("answer to lead {}, which is not one the router shared within its window; ignored", a.leadId());
      return;
    }
    if (!lead.partnerId().equals(a.partnerId())) {
      LOG.warn("answer to lead {} by partner {}, which is not its recipient; ignored", a.leadId(), a.partnerId());
      return;
    }
    if (lead.answered()) {
      return; // the first answer counts
    }
    offeredLeads.put(a.leadId(), lead.answer());
    if (!a.rejected()) {
      return;
    }
    if (!lead.withinWindow(a.at())) {
      LOG.info("lead {} rejected outside its response window; not re-offered", a.leadId());
      return;
    }
    long t = a.at();
    OfferedEnquiry offered = offeredEnquiries.get(lead.enquiryId());
    if (offered != null) {
      // Two re-offers of one enquiry never share a screening time (the stages hold them by it).
      t = offered.nextScreeningTime(a.at());
      offeredEnquiries.put(lead.enquiryId(), offered.rejected(a.leadId()).screenedAt(t));
    }
    // Without a stored enquiry (the person was erased) it still goes, keys only, to be decided ERASED.
    Screening back = new Screening(
        Reoffers.keysOnly(lead.enquiryId(), lead.subjectKey(), lead.phoneKey(), t), SuppressionView.NOTHING,
        List.of(), new Screening.ReofferRequest(a.leadId(), a.partnerId()));
    context.forward(new Record<>(lead.enquiryId(), Outbound.of(back), now));
  }

  /**
   * A rejected lead's enquiry, screened again as of the rejection: offered to one more partner,
   * by the same matching, caps and fairness as a new enquiry, never to one it already went to,
   * while its partner limit has room; stopped by an erasure or a restriction since it was first
   * shared. Exactly one decision says which.
   */
  private void reoffer(Screening s, long now) {
    NormalisedEnquiry keys = s.enquiry();
    OfferedEnquiry offered = offeredEnquiries.get(keys.enquiryId());
    Screening.ReofferRequest request = s.reoffer();
    if (offered == null) {
      SuppressionView view = withYoungerRestrictions(s.view(), keys);
      LOG.info("enquiry {} not re-offered: its sender asked to be erased", keys.enquiryId());
      decide(keys, view, CallPermission.decide(keys, view), MarketingPermission.decide(keys, view), List.of(),
          DecisionOutcome.ERASED, s.screenedAgainst(), reofferOf(request, ReofferStop.ERASED), now);
      return;
    }
    NormalisedEnquiry e = Reoffers.at(offered.enquiry(), keys.eventTime());
    SuppressionView view = withYoungerRestrictions(s.view(), e);
    CallPermission.Verdict call = CallPermission.decide(e, view);
    MarketingPermission.Verdict marketing = MarketingPermission.decide(e, view);
    ReofferStop stop = Reoffers.stoppedBy(offered.firstSharedAt(), offered.callPermitted(), offered.marketingPermitted(),
        FactsUsed.of(view, e.subjectKey(), e.phoneKey()), call, marketing);
    if (stop == null && !offered.hasRoom()) {
      stop = ReofferStop.PARTNER_LIMIT_REACHED;
    }
    if (stop != null) {
      LOG.info("enquiry {} not re-offered after lead {} was rejected: {}", e.enquiryId(), request.rejectedLeadId(), stop);
      decide(e, view, call, marketing, List.of(), DecisionOutcome.ALL_EXCLUDED, s.screenedAgainst(),
          reofferOf(request, stop), now);
      return;
    }
    Allotment a = allot(e, view, call, marketing, 1, offered.recipients(), !offered.heldByOthers(), now);
    for (Chosen c : a.chosen()) {
      offered = offered.withReplacement(c.draft().leadId(), c.draft().partnerId(), c.draft().partnerKind());
      offeredLeads.put(c.draft().leadId(), offeredLead(e, c, now));
    }
    offeredEnquiries.put(e.enquiryId(), offered);
    decide(e, view, call, marketing, a.decisions(), a.outcome(), s.screenedAgainst(), reofferOf(request, null), now);
  }

  private static Reoffer reofferOf(Screening.ReofferRequest request, ReofferStop stop) {
    return new Reoffer(request.rejectedLeadId(), request.rejectedBy(), stop);
  }

  private void decide(
      NormalisedEnquiry e,
      SuppressionView view,
      CallPermission.Verdict call,
      MarketingPermission.Verdict marketing,
      List<PartnerDecision> decisions,
      DecisionOutcome outcome,
      List<Screening.OffsetMark> screenedAgainst,
      Reoffer reoffer,
      long now) {
    long latency = now - e.eventTime();
    RoutingDecision decision =
        RoutingDecision.newBuilder()
            .setEnquiryId(e.enquiryId())
            .setSubjectKey(e.subjectKey())
            .setPhoneKey(e.phoneKey())
            .setEventTime(Instant.ofEpochMilli(e.eventTime()))
            .setDecidedAt(Instant.ofEpochMilli(now))
            .setOutcome(outcome)
            .setCall(new CallDecision(call.permitted(), call.reason()))
            .setMarketing(new MarketingDecision(marketing.permitted(), marketing.reason()))
            .setPartners(decisions)
            .setSuppressionFacts(
                FactsUsed.of(view, e.subjectKey(), e.phoneKey()).stream()
                    .map(f -> new SuppressionFact(f.kind(), f.key(), Instant.ofEpochMilli(f.effectiveAt()), f.source()))
                    .toList())
            .setLatencyMs(latency)
            .setScreenedAgainst(screenedAgainst.stream()
                .map(m -> new ScreenedOffset(m.topic(), m.partition(), m.endOffset()))
                .toList())
            .setReoffer(reoffer)
            .setConsentEvidence(true)
            .build();
    context.forward(new Record<>(e.subjectKey(), Outbound.of(decision), now));
    metrics.decided(outcome, latency);
  }

  /**
   * A restriction younger than the enquiry that reached the router before its leads leave still
   * applies: permissions only narrow, and the person's newest wish wins.
   */
  private SuppressionView withYoungerRestrictions(SuppressionView view, NormalisedEnquiry e) {
    KnownRestrictions bySubject = restrictions.get(e.subjectKey());
    KnownRestrictions byPhone = e.hasPhone() ? restrictions.get(e.phoneKey()) : null;
    if (bySubject == null && byPhone == null) {
      return view;
    }
    PreferenceEntry subjectPrefs =
        PreferenceEntry.union(view.subjectPreferences(), bySubject == null ? null : bySubject.preferences());
    PreferenceEntry phonePrefs =
        PreferenceEntry.union(view.phonePreferences(), byPhone == null ? null : byPhone.preferences());
    DoNotRepeatEntry dnr = view.doNotRepeat();
    DoNotRepeatEntry younger = bySubject == null ? null : bySubject.doNotRepeat();
    if (younger != null) {
      dnr = dnr == null ? younger : unionDoNotRepeat(dnr, younger);
    }
    return new SuppressionView(view.tps(), view.consent(), phonePrefs, subjectPrefs, dnr, view.registers());
  }

  private static DoNotRepeatEntry unionDoNotRepeat(DoNotRepeatEntry a, DoNotRepeatEntry b) {
    List<String> ids = new ArrayList<>(a.partnerIds());
    b.partnerIds().stream().filter(id -> !ids.contains(id)).forEach(ids::add);
    boolean newerB = b.updatedAt() >= a.updatedAt();
    return new DoNotRepeatEntry(
        a.allPartners() || b.allPartners(), ids, Math.max(a.updatedAt(), b.updatedAt()),
        newerB ? b.source() : a.source());
  }

  private void onChange(SuppressionChange change, long now) {
    KnownRestrictions before = restrictions.get(change.key());
    PreferenceEntry prefsBefore = before == null ? null : before.preferences();
    DoNotRepeatEntry dnrBefore = before == null ? null : before.doNotRepeat();
    PreferenceEntry prefsAfter = change.preferences() != null ? change.preferences() : prefsBefore;
    DoNotRepeatEntry dnrAfter = change.doNotRepeat() != null ? change.doNotRepeat() : dnrBefore;
    restrictions.put(change.key(), new KnownRestrictions(prefsAfter, dnrAfter, now));

    Introductions seen = introductionsOf(change.key());
    if (seen.isEmpty()) {
      return;
    }
    NoticePlanner.Plan plan = NoticePlanner.forChange(
        seen, prefsBefore, change.preferences(), dnrBefore, change.doNotRepeat(), noticed.of(seen.leadIds()), now);
    notify(plan, now);
  }

  /** Sends the plan's notices and records them, in the same transaction. */
  private void notify(NoticePlanner.Plan plan, long now) {
    for (PlannedNotice n : plan.notices()) {
      ContactNotice notice =
          ContactNotice.newBuilder()
              .setNoticeId(n.noticeId())
              .setPartnerId(n.partnerId())
              .setKind(n.kind())
              .setLeadIds(n.leadIds())
              .setEffectiveAt(Instant.ofEpochMilli(n.effectiveAt()))
              .setIssuedAt(Instant.ofEpochMilli(now))
              .build();
      context.forward(new Record<>(notice.getNoticeId(), Outbound.of(notice, n.partnerKind()), now));
    }
    noticed.apply(plan);
  }

  /**
   * Erasure: forget whom the person was introduced to and withdraw their leads still waiting for
   * delivery hours. Every partner of the leads the suppression-service found in
   * {@code lead-decisions}, and of any lead decided after it looked, gets one ERASURE notice from
   * here, naming each lead once (docs/SPECIFICATION.md §13). A new enquiry from the person may go
   * to the same partners again; the record of the first introduction lives on in
   * {@code lead-decisions} (keyed hashes only). An enquiry they sent before the request and still
   * in flight is decided ERASED, not routed: the keys and the time are kept for that
   * ({@code erased-people}, as long as the dedupe window). Known restrictions stay: like the
   * service's markers they only stop contact, hold keys and times, and expire with the history
   * retention.
   */
  private void onErasure(SubjectErasure request, long at, long now) {
    ErasedPerson person = ErasedPerson.of(request);
    if (person.keys().isEmpty()) {
      return;
    }
    Set<String> withdrawnLeads = new HashSet<>();
    List<String> withdrawn = new ArrayList<>();
    try (KeyValueIterator<String, DeferredLead> it = deferred.all()) {
      while (it.hasNext()) {
        KeyValue<String, DeferredLead> kv = it.next();
        if (person.madeEnquiry(kv.value.draft().enquiry())) {
          withdrawn.add(kv.key);
          withdrawnLeads.add(kv.value.draft().leadId());
          LOG.info("deferred lead {} withdrawn: the person asked to be erased", kv.value.draft().leadId());
        }
      }
    }
    for (String key : withdrawn) {
      deferred.delete(key);
      deferredCount.decrementAndGet();
      metrics.suppressed(ERASED);
    }
    Set<String> told = new HashSet<>(request.notifiedLeadIds());
    told.addAll(withdrawnLeads); // never sent: nothing to tell
    List<Introductions> held = person.keys().stream().map(this::introductionsOf).toList();
    Set<String> leads = new HashSet<>();
    request.found().forEach(r -> leads.addAll(r.leadIds()));
    held.forEach(i -> leads.addAll(i.leadIds()));
    notify(NoticePlanner.forErasure(
        request.found(), held, told, request.requestKey(), request.requestedAt(), noticed.of(leads)), now);
    for (String key : person.keys()) {
      introductions.delete(key);
      erased.put(key, at);
    }
    List<String> offeredByThem = new ArrayList<>();
    try (KeyValueIterator<String, OfferedEnquiry> it = offeredEnquiries.all()) {
      while (it.hasNext()) {
        KeyValue<String, OfferedEnquiry> kv = it.next();
        if (person.madeEnquiry(kv.value.enquiry())) {
          offeredByThem.add(kv.key);
        }
      }
    }
    offeredByThem.forEach(offeredEnquiries::delete); // nothing of theirs is offered again
    metrics.erasureApplied();
  }

  /** True when the sender asked to be erased at or after the enquiry's event time. */
  private boolean erasedAfter(NormalisedEnquiry e) {
    for (String key : e.hasPhone() ? List.of(e.subjectKey(), e.phoneKey()) : List.of(e.subjectKey())) {
      Long at = erased.get(key);
      if (at != null && at >= e.eventTime()) {
        return true;
      }
    }
    return false;
  }

  /** Wall-clock: leads whose partner's hours have opened go out, narrowed by younger restrictions. */
  private void releaseDeferred(long now) {
    List<KeyValue<String, DeferredLead>> due = new ArrayList<>();
    try (KeyValueIterator<String, DeferredLead> it = deferred.all()) {
      while (it.hasNext()) {
        KeyValue<String, DeferredLead> kv = it.next();
        if (kv.value.deliverAt() > now) {
          break; // keys sort by delivery time
        }
        due.add(kv);
      }
    }
    for (KeyValue<String, DeferredLead> kv : due) {
      LeadDraft draft = kv.value.draft();
      NormalisedEnquiry e = draft.enquiry();
      SuppressionView younger = withYoungerRestrictions(SuppressionView.NOTHING, e);
      deferred.delete(kv.key);
      deferredCount.decrementAndGet();
      if (younger.doNotRepeat() != null && younger.doNotRepeat().names(draft.partnerId())) {
        LOG.info("deferred lead {} withdrawn: do-not-repeat arrived while it waited", draft.leadId());
        metrics.suppressed(PartnerReason.DO_NOT_REPEAT.name());
        continue;
      }
      send(draft.restrict(younger.doNotCallAt() == null, younger.marketingOptOutAt() == null), now);
      OfferedLead lead = offeredLeads.get(draft.leadId());
      if (lead != null) {
        offeredLeads.put(draft.leadId(), lead.sent(now)); // its response window starts now
      }
    }
  }

  private void send(LeadDraft draft, long now) {
    context.forward(new Record<>(draft.leadId(), Outbound.of(draft.toLead(now)), now));
    metrics.routed(draft.partnerKind());
  }

  private Introductions introductionsOf(String key) {
    Introductions i = introductions.get(key);
    return i == null ? Introductions.NONE : i;
  }

  private long capCount(String partnerId, DeliveryWindow window, Instant at) {
    Long n = caps.get(capKey(partnerId, window, at));
    return n == null ? 0 : n;
  }

  private void countAgainstCap(Partner p, Instant at) {
    if (p.getDailyCap() == null) {
      return;
    }
    String key = capKey(p.getPartnerId(), DeliveryWindow.of(p), at);
    Long n = caps.get(key);
    caps.put(key, n == null ? 1 : n + 1);
  }

  private static String capKey(String partnerId, DeliveryWindow window, Instant at) {
    return partnerId + "|" + window.localDay(at);
  }

  /**
   * The active partners, sorted, re-read from the global store at most once a second: partner
   * changes come through a global table and are not ordered against enquiries anyway, and
   * decoding every partner for every enquiry showed in the router's profile.
   */
  private List<Partner> activePartners(long now) {
    if (active == null || now - activeReadAt >= PARTNERS_REREAD.toMillis() || now < activeReadAt) {
      active = readActivePartners();
      activeReadAt = now;
    }
    return active;
  }

  private List<Partner> readActivePartners() {
    List<Partner> list = new ArrayList<>();
    try (KeyValueIterator<String, ValueAndTimestamp<Partner>> it = partners.all()) {
      while (it.hasNext()) {
        ValueAndTimestamp<Partner> v = it.next().value;
        if (v != null && v.value() != null && v.value().getActive()) {
          list.add(v.value());
        }
      }
    }
    list.sort(Comparator.comparing(Partner::getPartnerId));
    return List.copyOf(list);
  }

  private FairRoundRobin loadFairness() {
    Fairness f = fairness.get(FAIRNESS_KEY);
    return f == null ? FairRoundRobin.empty() : new FairRoundRobin(f.passes(), f.virtualTime());
  }

  /** Hourly: drop introductions past retention, old restrictions and spent cap counters. */
  private void forgetOldEntries(long now) {
    List<String> drop = new ArrayList<>();
    List<KeyValue<String, Introductions>> keep = new ArrayList<>();
    try (KeyValueIterator<String, Introductions> it = introductions.all()) {
      while (it.hasNext()) {
        KeyValue<String, Introductions> kv = it.next();
        Introductions pruned = kv.value.prune(now, retentionMs);
        if (pruned.isEmpty()) {
          drop.add(kv.key);
        } else if (pruned.items().size() != kv.value.items().size()) {
          keep.add(KeyValue.pair(kv.key, pruned));
        }
      }
    }
    drop.forEach(introductions::delete);
    keep.forEach(kv -> introductions.put(kv.key, kv.value));
    drop.clear();
    try (KeyValueIterator<String, KnownRestrictions> it = restrictions.all()) {
      while (it.hasNext()) {
        KeyValue<String, KnownRestrictions> kv = it.next();
        if (now - kv.value.seenAt() > restrictionsMs) {
          drop.add(kv.key);
        }
      }
    }
    drop.forEach(restrictions::delete);
    drop.clear();
    try (KeyValueIterator<String, Long> it = decided.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> kv = it.next();
        if (now - kv.value > dedupeMs) {
          drop.add(kv.key);
        }
      }
    }
    drop.forEach(decided::delete);
    drop.clear();
    try (KeyValueIterator<String, Long> it = erased.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> kv = it.next();
        if (now - kv.value > dedupeMs) {
          drop.add(kv.key);
        }
      }
    }
    drop.forEach(erased::delete);
    drop.clear();
    forgetClosedOffers(now);
    String twoDaysAgo = java.time.LocalDate.ofInstant(Instant.ofEpochMilli(now), java.time.ZoneOffset.UTC).minusDays(2).toString();
    try (KeyValueIterator<String, Long> it = caps.all()) {
      while (it.hasNext()) {
        String key = it.next().key;
        if (key.substring(key.lastIndexOf('|') + 1).compareTo(twoDaysAgo) < 0) {
          drop.add(key);
        }
      }
    }
    drop.forEach(caps::delete);
    noticed.forgetOlderThan(now, retentionMs);
  }

  /** Offered enquiries and leads whose response windows all closed (plus the margin) are deleted. */
  private void forgetClosedOffers(long now) {
    List<String> drop = new ArrayList<>();
    try (KeyValueIterator<String, OfferedEnquiry> it = offeredEnquiries.all()) {
      while (it.hasNext()) {
        KeyValue<String, OfferedEnquiry> kv = it.next();
        boolean open = kv.value.offers().stream().anyMatch(o -> {
          OfferedLead lead = offeredLeads.get(o.leadId());
          return lead != null && !lead.expired(now);
        });
        if (!open) {
          drop.add(kv.key);
        }
      }
    }
    drop.forEach(offeredEnquiries::delete);
    drop.clear();
    try (KeyValueIterator<String, OfferedLead> it = offeredLeads.all()) {
      while (it.hasNext()) {
        KeyValue<String, OfferedLead> kv = it.next();
        if (kv.value.expired(now)) {
          drop.add(kv.key);
        }
      }
    }
    drop.forEach(offeredLeads::delete);
  }

  @Override
  public void close() {
    deferredCount.set(0); // the task may move to another instance, which counts its own
  }

  static String deferredKey(long deliverAt, LeadDraft draft) {
    return String.format("%013d|%s", deliverAt, draft.leadId());
  }
}
