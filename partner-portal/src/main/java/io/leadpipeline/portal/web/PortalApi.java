package io.leadpipeline.portal.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.OutcomeStage;
import io.leadpipeline.avro.RejectionReason;
import io.leadpipeline.portal.Portal;
import io.leadpipeline.portal.commission.LedgerRules;
import io.leadpipeline.portal.commission.Statement;
import io.leadpipeline.portal.leads.OutcomeRules;
import io.leadpipeline.portal.leads.ResponseRules;
import io.leadpipeline.portal.leads.ResponseStatus;
import io.leadpipeline.portal.settings.PartnerSettings;
import io.leadpipeline.portal.signin.PartnerApiKeys;
import io.leadpipeline.portal.state.PortalLog;
import io.leadpipeline.portal.state.StoredLead;
import io.leadpipeline.suppression.access.RateLimiter;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON API for partners' integrations, mirroring the pages under {@code /api/v1}. A partner
 * API key sees only its partner's leads and notices; another partner's id answers 404 like an
 * unknown one. Keys, not cookies, so no CSRF token is needed.
 */
public final class PortalApi {
  private final Portal portal;
  private final PartnerApiKeys keys;
  private final RateLimiter limiter;

  public PortalApi(Portal portal, PartnerApiKeys keys) {
    this.portal = portal;
    this.keys = keys;
    this.limiter = new RateLimiter(portal.config().apiPerMinute(), System::nanoTime);
  }

  public void routes(Javalin app) {
    app.get("/api/v1/leads", ctx -> caller(ctx).ifPresent(c -> ctx.json(Map.of(
        "leads", portal.state().leads(c.partnerId()).stream().map(this::summary).toList()))));
    app.get("/api/v1/leads/{leadId}", ctx -> caller(ctx).ifPresent(c -> {
      StoredLead l = portal.state().lead(c.partnerId(), ctx.pathParam("leadId")).orElseThrow(Portal.NotFound::new);
      portal.audit(c.partnerId(), "api:" + c.keyId(), "LEAD_VIEWED", l.lead().getLeadId());
      ctx.json(detail(l));
    }));
    app.post("/api/v1/leads/{leadId}/response", this::respond);
    app.post("/api/v1/leads/{leadId}/outcomes", this::outcome);
    app.post("/api/v1/leads/{leadId}/dispute", this::dispute);
    app.get("/api/v1/notices", ctx -> caller(ctx).ifPresent(c -> ctx.json(Map.of(
        "notices", portal.state().notices(c.partnerId()).stream().map(n -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("noticeId", n.getNoticeId());
          m.put("kind", n.getKind().name());
          m.put("leadIds", List.copyOf(n.getLeadIds()));
          m.put("issuedAt", n.getIssuedAt().toString());
          m.put("acknowledgedAt", portal.state().acknowledgement(n.getNoticeId()).map(a -> a.getAcknowledgedAt().toString()).orElse(null));
          return m;
        }).toList()))));
    app.post("/api/v1/notices/{noticeId}/acknowledge", ctx -> caller(ctx).ifPresent(c -> {
      var ack = portal.acknowledge(c.partnerId(), "api:" + c.keyId(), ctx.pathParam("noticeId"));
      ctx.json(Map.of("noticeId", ack.getNoticeId(), "acknowledgedAt", ack.getAcknowledgedAt().toString()));
    }));
    app.get("/api/v1/statement", ctx -> caller(ctx).ifPresent(c -> month(ctx).ifPresent(m -> {
      Statement st = portal.statement(c.partnerId(), m);
      ctx.json(Map.of(
          "partnerId", st.partnerId(), "month", st.month().toString(),
          "introduced", st.introduced(), "accepted", st.accepted(), "rejected", st.rejected(),
          "placements", st.placements().stream().map(l -> {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("leadId", l.leadId());
            pm.put("placedOn", l.placedOn().toString());
            pm.put("desks", l.desks());
            pm.put("termMonths", l.termMonths());
            pm.put("monthlyFeePence", l.monthlyFeePence());
            pm.put("startDate", l.startDate().toString());
            pm.put("feeTermsVersion", l.feeTermsVersion());
            pm.put("feePence", l.feePence());
            pm.put("dispute", l.dispute());
            pm.put("invoiceNumber", l.invoiceNumber().isEmpty() ? null : l.invoiceNumber());
            pm.put("invoicedPence", l.invoicedPence());
            pm.put("paidPence", l.paidPence());
            pm.put("outstandingPence", l.outstandingPence());
            return pm;
          }).toList(),
          "totalFeePence", st.totalFeePence(),
          "totalInvoicedPence", st.totalInvoicedPence(),
          "totalPaidPence", st.totalPaidPence(),
          "totalOutstandingPence", st.totalOutstandingPence()));
    })));
    app.post("/api/v1/settings", ctx -> caller(ctx).ifPresent(c -> {
      Map<String, Object> body = body(ctx);
      if (body == null) {
        return;
      }
      Object days = body.get("days");
      PartnerSettings.Change change = new PartnerSettings.Change(
          Boolean.TRUE.equals(body.get("paused")),
          text(body, "dailyCap"),
          body.get("deliveryHours") == null,
          days instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(),
          text(body, "opensAt"),
          text(body, "closesAt"),
          body.get("cities") instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : null,
          body.get("postcodeDistricts") instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : "");
      PartnerSettings.Verdict v = portal.changeSettings(c.partnerId(), "api:" + c.keyId(), change);
      if (v instanceof PartnerSettings.Verdict.Invalid i) {
        error(ctx, 400, i.message());
      } else {
        var p = ((PartnerSettings.Verdict.Changed) v).next();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("partnerId", p.getPartnerId());
        m.put("paused", !p.getActive());
        m.put("dailyCap", p.getDailyCap());
        m.put("cities", List.copyOf(p.getCities()));
        m.put("postcodeDistricts", List.copyOf(p.getPostcodeDistricts()));
        m.put("updatedAt", p.getUpdatedAt().toString());
        ctx.json(m);
      }
    }));
    app.get("/api/v1/statement.csv", ctx -> caller(ctx).ifPresent(c -> month(ctx).ifPresent(m ->
        ctx.contentType("text/csv; charset=utf-8").result(portal.statement(c.partnerId(), m).csv()))));
  }

  /** Exceptions of API routes answer JSON; the pages' handlers answer HTML. */
  public static boolean isApi(Context ctx) {
    return ctx.path().startsWith("/api/");
  }

  public static void notFound(Context ctx) {
    error(ctx, 404, "no such lead or notice");
  }

  public static void writeFailed(Context ctx, PortalLog.WriteFailedException e) {
    ctx.header("Retry-After", "5");
    error(ctx, 503, "not saved: Kafka did not acknowledge the write; retry");
  }

  private void respond(Context ctx) {
    Optional<PartnerApiKeys.Caller> c = caller(ctx);
    if (c.isEmpty()) {
      return;
    }
    Map<String, Object> body = body(ctx);
    if (body == null) {
      return;
    }
    String decision = text(body, "decision");
    ResponseRules.Request request;
    if ("ACCEPTED".equals(decision)) {
      request = new ResponseRules.Request.Accept();
    } else if ("REJECTED".equals(decision)) {
      request = new ResponseRules.Request.Reject(
          PortalWeb.enumOrNull(RejectionReason.class, text(body, "reason")),
          PortalWeb.date(text(body, "knownSince")),
          Optional.ofNullable(text(body, "knownSource")).filter(t -> !t.isBlank()));
    } else {
      error(ctx, 400, "decision must be ACCEPTED or REJECTED");
      return;
    }
    ResponseRules.Verdict v = portal.respond(c.get().partnerId(), "api:" + c.get().keyId(), ctx.pathParam("leadId"), request);
    if (v instanceof ResponseRules.Verdict.Invalid i) {
      error(ctx, 400, i.message());
    } else if (v instanceof ResponseRules.Verdict.TooLate t) {
      error(ctx, 409, t.message());
    } else {
      StoredLead l = portal.state().lead(c.get().partnerId(), ctx.pathParam("leadId")).orElseThrow();
      ctx.status(201).json(detail(l));
    }
  }

  private void outcome(Context ctx) {
    Optional<PartnerApiKeys.Caller> c = caller(ctx);
    if (c.isEmpty()) {
      return;
    }
    Map<String, Object> body = body(ctx);
    if (body == null) {
      return;
    }
    OutcomeRules.Report report;
    try {
      report = new OutcomeRules.Report(
          PortalWeb.enumOrNull(OutcomeStage.class, text(body, "stage")),
          Optional.ofNullable(text(body, "desks")).map(Integer::parseInt),
          Optional.ofNullable(text(body, "termMonths")).map(Integer::parseInt),
          Optional.ofNullable(text(body, "monthlyFeePence")).map(Long::parseLong),
          PortalWeb.date(text(body, "startDate")),
          Optional.ofNullable(text(body, "lostReason")));
    } catch (NumberFormatException e) {
      error(ctx, 400, "desks, termMonths and monthlyFeePence are whole numbers");
      return;
    }
    OutcomeRules.Verdict v = portal.recordOutcome(c.get().partnerId(), "api:" + c.get().keyId(), ctx.pathParam("leadId"), report);
    if (v instanceof OutcomeRules.Verdict.Invalid i) {
      error(ctx, 400, i.message());
    } else if (v instanceof OutcomeRules.Verdict.NotOpen n) {
      error(ctx, 409, n.message());
    } else {
      StoredLead l = portal.state().lead(c.get().partnerId(), ctx.pathParam("leadId")).orElseThrow();
      ctx.status(201).json(detail(l));
    }
  }

  /** Mirrors the lead page's dispute form: {@code {"reason": "..."}}. */
  private void dispute(Context ctx) {
    Optional<PartnerApiKeys.Caller> c = caller(ctx);
    if (c.isEmpty()) {
      return;
    }
    Map<String, Object> body = body(ctx);
    if (body == null) {
      return;
    }
    String leadId = ctx.pathParam("leadId");
    LedgerRules.Verdict<String> v = portal.dispute(c.get().partnerId(), "api:" + c.get().keyId(), leadId, text(body, "reason"));
    Optional<PortalWeb.Problem> problem = PortalWeb.problem(v);
    if (problem.isPresent()) {
      error(ctx, problem.get().status(), problem.get().message());
    } else {
      StoredLead l = portal.state().lead(c.get().partnerId(), leadId).orElseThrow();
      ctx.status(201).json(detail(l));
    }
  }

  private Optional<PartnerApiKeys.Caller> caller(Context ctx) {
    Optional<PartnerApiKeys.Caller> c = keys.authenticate(ctx.header("Authorization"));
    if (c.isEmpty()) {
      ctx.header("WWW-Authenticate", "Bearer");
      error(ctx, 401, "send Authorization: Bearer <key id>.<secret>");
      return Optional.empty();
    }
    RateLimiter.Decision d = limiter.acquire(c.get().keyId());
    if (!d.allowed()) {
      ctx.header("Retry-After", Long.toString(Math.max(1, d.retryAfter().toSeconds())));
      error(ctx, 429, "rate limit exceeded");
      return Optional.empty();
    }
    return c;
  }

  private Map<String, Object> summary(StoredLead l) {
    Lead lead = l.lead();
    ResponseStatus st = portal.status(l);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("leadId", lead.getLeadId());
    m.put("routedAt", lead.getRoutedAt().toString());
    m.put("city", lead.getRequirements().getCity());
    m.put("desks", lead.getRequirements().getDesks());
    m.put("callPermitted", lead.getCallPermitted());
    m.put("marketingPermitted", lead.getMarketingPermitted());
    m.put("status", statusName(st));
    m.put("respondBy", st instanceof ResponseStatus.Pending p ? p.respondBy().toString() : null);
    return m;
  }

  private Map<String, Object> detail(StoredLead l) {
    Lead lead = l.lead();
    Map<String, Object> m = summary(l);
    Map<String, Object> contact = new LinkedHashMap<>();
    contact.put("fullName", lead.getContact().getFullName());
    contact.put("company", lead.getContact().getCompany());
    contact.put("email", lead.getContact().getEmail());
    contact.put("phone", lead.getContact().getPhone());
    m.put("contact", contact);
    m.put("site", lead.getSite());
    m.put("outcomes", portal.state().outcomes(lead.getLeadId()).stream().map(o -> {
      Map<String, Object> om = new LinkedHashMap<>();
      om.put("stage", o.getStage().name());
      om.put("recordedAt", o.getRecordedAt().toString());
      if (o.getLicence() != null) {
        om.put("desks", o.getLicence().getDesks());
        om.put("termMonths", o.getLicence().getTermMonths());
        om.put("monthlyFeePence", o.getLicence().getMonthlyFeePence());
        om.put("startDate", o.getLicence().getStartDate().toString());
      }
      om.put("lostReason", o.getLostReason());
      return om;
    }).toList());
    m.put("ledger", portal.state().ledger(lead.getLeadId()).stream().map(e -> {
      Map<String, Object> em = new LinkedHashMap<>();
      em.put("event", e.getEvent().name());
      em.put("at", e.getAt().toString());
      em.put("contentSha256", e.getContentSha256());
      em.put("response", e.getResponse());
      em.put("feePence", e.getFeePence());
      em.put("invoiceNumber", e.getInvoiceNumber());
      em.put("invoiceDate", e.getInvoiceDate() == null ? null : e.getInvoiceDate().toString());
      em.put("paidOn", e.getPaidOn() == null ? null : e.getPaidOn().toString());
      em.put("amountPence", e.getAmountPence());
      em.put("dispute", e.getDispute());
      em.put("disputeReason", e.getDisputeReason());
      return em;
    }).toList());
    return m;
  }

  private static String statusName(ResponseStatus st) {
    if (st instanceof ResponseStatus.Pending) {
      return "PENDING";
    } else if (st instanceof ResponseStatus.Accepted) {
      return "ACCEPTED";
    } else if (st instanceof ResponseStatus.DeemedAccepted) {
      return "DEEMED_ACCEPTED";
    }
    return "REJECTED:" + ((ResponseStatus.Rejected) st).reason().name();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(Context ctx) {
    try {
      Object parsed = ctx.bodyAsClass(Map.class);
      if (parsed instanceof Map<?, ?> m) {
        return (Map<String, Object>) m;
      }
    } catch (RuntimeException e) {
      // answered below
    }
    error(ctx, 400, "the body must be a JSON object");
    return null;
  }

  private static String text(Map<String, Object> body, String key) {
    Object v = body.get(key);
    return v == null ? null : v.toString();
  }

  private Optional<YearMonth> month(Context ctx) {
    String m = ctx.queryParam("month");
    if (m == null || m.isBlank()) {
      return Optional.of(YearMonth.from(portal.now().atZone(ZoneOffset.UTC)));
    }
    try {
      return Optional.of(YearMonth.parse(m.strip()));
    } catch (DateTimeParseException e) {
      error(ctx, 400, "month is YYYY-MM");
      return Optional.empty();
    }
  }

  static void error(Context ctx, int status, String message) {
    ctx.status(status).json(Map.of("error", message));
  }
}
