package io.leadpipeline.suppression.dsar;

import io.leadpipeline.avro.CallConsent;
import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.CorrectionNotice;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.avro.PartnerDecision;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.PartnerStatus;
import io.leadpipeline.avro.RectificationRequest;
import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.avro.SuppressionFact;
import io.leadpipeline.suppression.Held;
import io.leadpipeline.suppression.Subject;
import io.leadpipeline.suppression.SuppressionView;
import io.leadpipeline.suppression.rectify.Corrections;
import io.leadpipeline.suppression.rectify.RectificationSource;
import io.leadpipeline.suppression.tps.RegisterEntry;
import io.leadpipeline.suppression.tps.RegisterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The access report (GDPR Art. 15): what suppression data we hold under the person's keys, every
 * routing decision about them, which partners received which fields, when and why, and the
 * notices those partners were sent about them. Built from the service's view, {@code
 * lead-decisions} and the partners' notice topics; it holds keys, never the raw identifiers, and
 * the caller already knows those.
 */
public final class AccessReports {
  private final SuppressionView view;
  private final DecisionSource decisions;
  private final NoticeSource notices;
  private final RectificationSource rectifications;
  private final RegisterStore registers;
  private final Clock clock;

  public AccessReports(
      SuppressionView view, DecisionSource decisions, NoticeSource notices, RectificationSource rectifications,
      RegisterStore registers, Clock clock) {
    this.view = view;
    this.decisions = decisions;
    this.notices = notices;
    this.rectifications = rectifications;
    this.registers = registers;
    this.clock = clock;
  }

  /** {@code phoneE164} is used only to look the number up on the registers; it is not reported. */
  public Map<String, Object> report(Subject subject, String phoneE164) {
    view.requireComplete(); // a view still loading would report choices as absent
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("generatedAt", clock.instant().toString());
    r.put("subjectKey", subject.subjectKey().orElse(null));
    r.put("phoneKey", subject.phoneKey().orElse(null));

    Map<String, Object> held = new LinkedHashMap<>();
    subject.subjectKey().ifPresent(k -> {
      held.put("preferencesByEmail", shown(view.preferences().state(k), AccessReports::preferences));
      held.put("doNotRepeat", shown(view.doNotRepeat().state(k), AccessReports::doNotRepeat));
    });
    subject.phoneKey().ifPresent(k -> {
      held.put("preferencesByPhone", shown(view.preferences().state(k), AccessReports::preferences));
      held.put("callConsent", shown(view.callConsents().state(k), AccessReports::consent));
      held.put("telephonePreferenceService", phoneE164 == null ? null : registrations(phoneE164));
    });
    r.put("held", held);

    List<Map<String, Object>> enquiries = new ArrayList<>();
    List<Map<String, Object>> recipients = new ArrayList<>();
    Map<String, PartnerKind> partners = new TreeMap<>();
    Set<String> leadIds = new HashSet<>();
    long unreadable = 0;
    if (subject.subjectKey().isPresent()) {
      DecisionSource.Decisions found = decisions.decisionsFor(subject.subjectKey().get());
      unreadable = found.unreadable();
      for (RoutingDecision d : found.decisions()) {
        enquiries.add(enquiry(d));
        for (PartnerDecision p : d.getPartners()) {
          if (p.getStatus() == PartnerStatus.CHOSEN) {
            partners.put(p.getPartnerId(), p.getPartnerKind());
            if (p.getLeadId() != null) {
              leadIds.add(p.getLeadId());
            }
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("partnerId", p.getPartnerId());
            rec.put("partnerKind", p.getPartnerKind().name());
            rec.put("enquiryId", d.getEnquiryId());
            rec.put("leadId", p.getLeadId());
            rec.put("sentAt", d.getDecidedAt().toString());
            rec.put("fields", SharedFields.of(d));
            rec.put("why", "your enquiry matched the premises this partner offers (" + p.getReason() + ")");
            rec.put("callPermitted", d.getCall().getPermitted());
            rec.put("callReason", d.getCall().getReason().name());
            rec.put("marketingPermitted", ShareEvidence.marketingPermitted(d, p));
            rec.put("marketingConsents", ShareEvidence.consents(p));
            rec.put("registersScreenedAgainst", ShareEvidence.registers(p));
            recipients.add(rec);
          }
        }
      }
    }
    r.put("recipients", recipients);
    NoticeSource.Notices told = notices.noticesNaming(partners, leadIds);
    r.put("notices", told.notices().stream().map(n -> notice(n, leadIds)).toList());
    // docs/SPECIFICATION.md §8.5: the corrections asked for, and the CORRECTION notices sent.
    RectificationSource.Found asked = rectifications.requestsOf(subject);
    RectificationSource.Found corrected = rectifications.correctionsNaming(partners.keySet(), leadIds);
    // A request delivered twice (a retry, the second key) is one request.
    Map<String, RectificationRequest> byId = new LinkedHashMap<>();
    asked.requests().forEach(q -> byId.putIfAbsent(q.getRequestId(), q));
    r.put("rectifications", byId.values().stream().map(AccessReports::rectification).toList());
    Map<String, CorrectionNotice> sent = new LinkedHashMap<>();
    corrected.notices().forEach(n -> sent.putIfAbsent(n.getNoticeId(), n));
    r.put("corrections", sent.values().stream().map(AccessReports::correction).toList());
    r.put("enquiries", enquiries);
    r.put("unreadableDecisions", unreadable);
    r.put("unreadableNotices", told.unreadable());
    r.put("unreadableRectifications", asked.unreadable() + corrected.unreadable());
    r.put(
        "note",
        "Raw contact details are held only in the enquiries topic and partners' lead topics, each"
            + " deleted after 30 days; the records above hold keyed hashes of your email and phone.");
    return r;
  }

  private Map<String, Object> registrations(String e164) {
    long number = Long.parseLong(e164.substring(1));
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      for (Register reg : Register.values()) {
        long e = registers.index(reg).find(number);
        out.put(reg.name(), e == -1 ? null : RegisterEntry.registeredOn(e).toString());
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out;
  }


  /** A notice the router sent a partner about the person: only the person's own leads are listed. */
  private static Map<String, Object> notice(ContactNotice n, Set<String> leadIds) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("partnerId", n.getPartnerId());
    m.put("kind", n.getKind().name());
    m.put("noticeId", n.getNoticeId());
    m.put("leadIds", n.getLeadIds().stream().filter(leadIds::contains).toList());
    m.put("effectiveAt", n.getEffectiveAt().toString());
    m.put("issuedAt", n.getIssuedAt().toString());
    return m;
  }

  /** A correction the person asked for: when, and which fields (the values are theirs and known to them). */
  private static Map<String, Object> rectification(RectificationRequest q) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requestId", q.getRequestId());
    m.put("requestedAt", q.getRequestedAt().toString());
    m.put("corrected", Corrections.names(q.getFullName(), q.getCompany(), q.getEmail(), q.getPhone()));
    return m;
  }

  /** A CORRECTION notice the router sent a partner: which lead, which request, which fields. */
  private static Map<String, Object> correction(CorrectionNotice n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("partnerId", n.getPartnerId());
    m.put("kind", "CORRECTION");
    m.put("noticeId", n.getNoticeId());
    m.put("leadId", n.getLeadId());
    m.put("requestId", n.getRequestId());
    m.put("fields", Corrections.names(n.getFullName(), n.getCompany(), n.getEmail(), n.getPhone()));
    m.put("effectiveAt", n.getEffectiveAt().toString());
    m.put("issuedAt", n.getIssuedAt().toString());
    return m;
  }

  private static Map<String, Object> enquiry(RoutingDecision d) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("enquiryId", d.getEnquiryId());
    e.put("eventTime", d.getEventTime().toString());
    e.put("decidedAt", d.getDecidedAt().toString());
    e.put("outcome", d.getOutcome().name());
    e.put("call", Map.of("permitted", d.getCall().getPermitted(), "reason", d.getCall().getReason().name()));
    e.put("marketing", Map.of("permitted", d.getMarketing().getPermitted(), "reason", d.getMarketing().getReason().name()));
    List<Map<String, Object>> partners = new ArrayList<>();
    for (PartnerDecision p : d.getPartners()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("partnerId", p.getPartnerId());
      m.put("status", p.getStatus().name());
      m.put("reason", p.getReason().name());
      m.put("leadId", p.getLeadId());
      partners.add(m);
    }
    e.put("partners", partners);
    List<Map<String, Object>> facts = new ArrayList<>();
    for (SuppressionFact f : d.getSuppressionFacts()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", f.getKind().name());
      m.put("effectiveAt", f.getEffectiveAt().toString());
      m.put("source", f.getSource());
      facts.add(m);
    }
    e.put("suppressionFactsUsed", facts);
    return e;
  }

  /** A held record as reported; an unreadable one says so and how it is treated, never a guess. */
  private static <V> Map<String, Object> shown(Held<V> held, Function<V, Map<String, Object>> render) {
    return held.fold(
        () -> null,
        render,
        gap -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("unreadable", gap.where());
          m.put("kind", gap.kind().label());
          m.put("treatedAs", "the most restrictive choice until a readable record replaces it: no contact, no sharing");
          return m;
        });
  }

  static Map<String, Object> preferences(ContactPreferences p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("emailMarketingOptOutAt", str(p.getEmailMarketingOptOutAt()));
    m.put("phoneMarketingOptOutAt", str(p.getPhoneMarketingOptOutAt()));
    m.put("smsOptOutAt", str(p.getSmsOptOutAt()));
    m.put("doNotCallAt", str(p.getDoNotCallAt()));
    m.put("updatedAt", str(p.getUpdatedAt()));
    m.put("source", p.getSource());
    return m;
  }

  static Map<String, Object> doNotRepeat(DoNotRepeat d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("allPartners", d.getAllPartners());
    m.put("partnerIds", d.getPartnerIds());
    m.put("updatedAt", str(d.getUpdatedAt()));
    return m;
  }

  static Map<String, Object> consent(CallConsent c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", c.getStatus().name());
    m.put("at", str(c.getAt()));
    m.put("expiresAt", str(c.getExpiresAt()));
    m.put("source", c.getSource());
    return m;
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
