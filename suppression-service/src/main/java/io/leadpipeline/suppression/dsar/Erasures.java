package io.leadpipeline.suppression.dsar;

import io.leadpipeline.avro.CallConsent;
import io.leadpipeline.avro.ConsentStatus;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.avro.Erasure;
import io.leadpipeline.avro.ErasureRecipient;
import io.leadpipeline.avro.PartnerDecision;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.PartnerStatus;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.identity.NoticeIds;
import io.leadpipeline.suppression.Held;
import io.leadpipeline.suppression.Subject;
import io.leadpipeline.suppression.SuppressionLog;
import io.leadpipeline.suppression.Suppressions;
import io.leadpipeline.suppression.Written;
import io.leadpipeline.suppression.preferences.PreferenceRules;
import io.leadpipeline.topics.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Erasure (GDPR Art. 17) across the stores this project owns.
 *
 * <ul>
 *   <li>Suppression records that stop contact (opt-outs, do-not-call, do-not-repeat, a revoked
 *       call consent) are kept: they are the minimal marker needed to honour the person's
 *       objection (Art. 17(3), 21), hold only a keyed hash and timestamps, and erasing them would
 *       allow calls and marketing again.
 *   <li>Records that permit contact or hold nothing (a granted call consent, an empty preference
 *       record) are tombstoned; compaction removes them from the topic within a day.
 *   <li>One {@code Erasure} record (keys only) on {@code suppression.erasures} tells the router to
 *       delete the person from its own state (who they were introduced to, leads still waiting
 *       for a partner's delivery hours, what their partners were told) and names the partners and
 *       leads found in {@code lead-decisions}. The router, the single writer of
 *       {@code notices.*}, sends every partner that received the person one ERASURE
 *       {@code ContactNotice} naming each of its leads once: the ones found here and any decided
 *       after this look (docs/SPECIFICATION.md §13).
 *   <li>Append-only topics are reported, not rewritten: {@code enquiries} and {@code leads.*} hold
 *       the raw details and are deleted by retention (30 days); {@code lead-decisions} and
 *       {@code suppression.audit} hold keyed hashes only.
 * </ul>
 */
public final class Erasures {
  private final Suppressions suppressions;
  private final DecisionSource decisions;

  public Erasures(Suppressions suppressions, DecisionSource decisions) {
    this.suppressions = suppressions;
    this.decisions = decisions;
  }

  public Map<String, Object> erase(Subject subject, String actor) {
    // What is kept and what is erased is decided from the view: it must have caught up.
    suppressions.view().requireComplete();
    Instant at = suppressions.clock().instant();
    List<Written.Record> erased = new ArrayList<>();
    List<Map<String, Object>> kept = new ArrayList<>();

    // Each decision and its tombstone are one merge under the key's lock: an objection that
    // arrives meanwhile lands after the tombstone, never under it.
    for (String key : subject.keys()) {
      Suppressions.Merged<ContactPreferences> m =
          suppressions.merge(
              Topics.SUPPRESSION_PREFERENCES, key,
              held -> held instanceof Held.Present<ContactPreferences> p && !PreferenceRules.suppressesAnything(p.value())
                  ? new Suppressions.Change.Remove<>()
                  : new Suppressions.Change.Unchanged<>(),
              "erasure", actor, "ERASURE");
      record(m, Topics.SUPPRESSION_PREFERENCES.baseName(), key, "stops contact: kept so the objection is honoured", erased, kept);
    }
    subject.subjectKey().ifPresent(key -> {
      // Do-not-repeat lists only stop sharing: always kept. Read under the lock all the same.
      Suppressions.Merged<DoNotRepeat> m =
          suppressions.merge(
              Topics.SUPPRESSION_DO_NOT_REPEAT, key, held -> new Suppressions.Change.Unchanged<>(), "erasure", actor, "ERASURE");
      record(m, Topics.SUPPRESSION_DO_NOT_REPEAT.baseName(), key, "stops sharing: kept so the objection is honoured", erased, kept);
    });
    subject.phoneKey().ifPresent(key -> {
      Suppressions.Merged<CallConsent> m =
          suppressions.merge(
              Topics.SUPPRESSION_CALL_CONSENTS, key,
              held -> held instanceof Held.Present<CallConsent> p && p.value().getStatus() != ConsentStatus.REVOKED
                  ? new Suppressions.Change.Remove<>()
                  : new Suppressions.Change.Unchanged<>(),
              "erasure", actor, "ERASURE");
      record(m, Topics.SUPPRESSION_CALL_CONSENTS.baseName(), key, "revoked consent: kept so calls stay stopped", erased, kept);
    });

    String key = subject.keys().get(0);
    List<Map<String, Object>> notices = new ArrayList<>();
    List<ErasureRecipient> found = new ArrayList<>();
    long unreadable = 0;
    if (subject.subjectKey().isPresent()) {
      DecisionSource.Decisions decided = decisions.decisionsFor(subject.subjectKey().get());
      unreadable = decided.unreadable();
      Map<String, List<String>> leadsByPartner = new TreeMap<>();
      Map<String, PartnerKind> kinds = new LinkedHashMap<>();
      for (RoutingDecision d : decided.decisions()) {
        for (PartnerDecision p : d.getPartners()) {
          if (p.getStatus() == PartnerStatus.CHOSEN && p.getLeadId() != null) {
            leadsByPartner.computeIfAbsent(p.getPartnerId(), k -> new ArrayList<>()).add(p.getLeadId());
            kinds.put(p.getPartnerId(), p.getPartnerKind());
          }
        }
      }
      for (Map.Entry<String, List<String>> e : leadsByPartner.entrySet()) {
        PartnerKind kind = kinds.get(e.getKey());
        found.add(new ErasureRecipient(e.getKey(), kind, e.getValue()));
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("partnerId", e.getKey());
        n.put("topic", Topics.notices(kind, e.getKey()).baseName());
        n.put("leadIds", e.getValue());
        n.put("noticeId", NoticeIds.erasure(e.getKey(), key, at.toEpochMilli()));
        notices.add(n);
      }
    }
    Erasure erasure =
        Erasure.newBuilder()
            .setSubjectKey(subject.subjectKey().orElse(null))
            .setPhoneKey(subject.phoneKey().orElse(null))
            .setRequestedAt(at)
            // The router sends the notices: for these, and for leads decided after this look.
            .setFoundRecipients(found)
            .build();
    CompletableFuture<SuppressionLog.Ack> toRouter = suppressions.log().append(Topics.SUPPRESSION_ERASURES, key, erasure);
    CompletableFuture<SuppressionLog.Ack> audit = suppressions.audit(actor, "ERASURE", Topics.SUPPRESSION_ERASURES, key);
    SuppressionLog.Ack routerAck = Suppressions.await(toRouter);
    Suppressions.await(audit);

    Instant t = erased.stream().map(Written.Record::acknowledgedAt).max(Instant::compareTo).orElse(at);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("acknowledgedAt", t.toString());
    r.put(
        "erased",
        erased.stream().map(w -> Map.of("topic", w.topic(), "key", w.key(), "how", "tombstone; compacted away within a day")).toList());
    r.put("kept", kept);
    r.put("noticesToSend", notices);
    r.put("notices", "sent by the lead router on reading the request: one ERASURE notice per partner above,"
        + " with these ids, also naming any lead decided after this look");
    r.put("routerState", routerState(key, routerAck));
    r.put("unreadableDecisions", unreadable);
    r.put("appendOnly", appendOnly());
    return r;
  }

  /** Where the router was told, and what it deletes on reading it. */
  private static Map<String, Object> routerState(String key, SuppressionLog.Ack ack) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("topic", Topics.SUPPRESSION_ERASURES.baseName());
    m.put("key", key);
    m.put("acknowledgedAt", ack.timestamp().toString());
    m.put("erases", "introductions (dedupe and notice history) and leads waiting for delivery hours");
    m.put("keeps", "known restrictions: they only stop contact, and expire with the router's history retention");
    m.put("when", "as soon as the router reads the record, typically within seconds");
    return m;
  }

  /** Sorts one merge's outcome into erased or kept for the answer. */
  private static <V> void record(
      Suppressions.Merged<V> m, String topic, String key, String whyKept, List<Written.Record> erased, List<Map<String, Object>> kept) {
    if (m.written().isPresent()) {
      erased.add(m.written().get());
      return;
    }
    Map<String, Object> k =
        m.before().fold(
            () -> null,
            v -> kept(topic, key, whyKept),
            gap -> kept(topic, key, "unreadable (" + gap.where() + "): kept, as it may hold an objection"));
    if (k != null) {
      kept.add(k);
    }
  }

  private static Map<String, Object> kept(String topic, String key, String why) {
    return Map.of("topic", topic, "key", key, "why", why);
  }

  /** What happens in the topics that are not keyed by the person and cannot be rewritten. */
  static List<Map<String, Object>> appendOnly() {
    return List.of(
        Map.of("topic", "enquiries", "holds", "the enquiry with raw contact details", "erasedBy", "retention: deleted within 30 days of submission"),
        Map.of("topic", "leads.<kind>.<partnerId>", "holds", "the leads sent to partners", "erasedBy", "retention: deleted within 30 days; partners told by ERASURE notice to delete their copies"),
        Map.of("topic", "enquiries.dlq", "holds", "rejected enquiries as sent", "erasedBy", "retention: deleted within 30 days"),
        Map.of("topic", "requests.rectifications", "holds", "corrected contact details of rectification requests", "erasedBy", "retention: deleted within 7 days; the router passes nothing on after the erasure"),
        Map.of("topic", "lead-decisions", "holds", "keyed hashes, partner ids, reasons; no contact details", "erasedBy", "kept as the record of lawful processing (TPS proof, Art. 17(3)(b),(e))"),
        Map.of("topic", "suppression.audit", "holds", "API key ids and keyed hashes", "erasedBy", "retention: 365 days"));
  }
}
