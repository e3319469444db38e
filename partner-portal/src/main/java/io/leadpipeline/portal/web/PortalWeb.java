package io.leadpipeline.portal.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.FeeTerms;
import io.leadpipeline.avro.Introduction;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.LeadOutcome;
import io.leadpipeline.avro.NoticeAcknowledgement;
import io.leadpipeline.avro.OutcomeStage;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.Weekday;
import io.leadpipeline.avro.RejectionReason;
import io.leadpipeline.avro.Requirements;
import io.leadpipeline.portal.Portal;
import io.leadpipeline.portal.Portal.PartnerSession;
import io.leadpipeline.portal.commission.Commission;
import io.leadpipeline.portal.commission.FeeSchedule;
import io.leadpipeline.portal.commission.LedgerRules;
import io.leadpipeline.portal.commission.PlacementAccount;
import io.leadpipeline.portal.commission.Statement;
import io.leadpipeline.portal.leads.OutcomeRules;
import io.leadpipeline.portal.leads.ResponseRules;
import io.leadpipeline.portal.leads.ResponseStatus;
import io.leadpipeline.portal.settings.PartnerSettings;
import io.leadpipeline.portal.signin.PartnerUsers;
import io.leadpipeline.portal.staff.Funnel;
import io.leadpipeline.portal.signin.SignedTokens;
import io.leadpipeline.portal.state.PortalLog;
import io.leadpipeline.portal.state.StoredLead;
import io.leadpipeline.suppression.access.RateLimiter;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partners' pages: server-rendered HTML from precompiled JTE templates, forms that post and
 * redirect, no script. Every form carries a CSRF token bound to a cookie; every page past sign-in
 * needs the session cookie and shows only the signed-in partner's data; a lead or notice of
 * another partner is answered exactly like one that does not exist (404).
 */
public final class PortalWeb {
  private static final Logger log = LoggerFactory.getLogger(PortalWeb.class);
  static final String SESSION_COOKIE = "portal_session";
  static final String CSRF_COOKIE = "portal_csrf";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ZoneId UK = ZoneId.of("Europe/London");
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.UK);

  private final Portal portal;
  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
  private final RateLimiter signInLimiter;
  private final String baseUrl;

  public PortalWeb(Portal portal, String baseUrl) {
    this.portal = portal;
    this.baseUrl = baseUrl;
    this.signInLimiter = new RateLimiter(portal.config().signInPerMinute(), System::nanoTime);
  }

  public void routes(Javalin app) {
    app.before(this::securityHeaders);
    app.before(this::requireCsrfOnPosts);
    app.get("/portal.css", ctx -> ctx.contentType("text/css; charset=utf-8").result(Css.TEXT));
    app.get("/", ctx -> ctx.redirect(
        session(ctx).map(s -> isStaff(s) ? "/staff" : "/leads").orElse("/sign-in"), HttpStatus.SEE_OTHER));
    app.get("/sign-in", ctx -> render(ctx, "sign-in.jte", new Views.SignIn(layout(ctx, "Sign in", null), false)));
    app.post("/sign-in", this::requestLink);
    app.get("/sign-in/link", this::confirmLink);
    app.post("/sign-in/link", this::useLink);
    app.post("/sign-out", this::signOut);
    app.get("/leads", this::inbox);
    app.get("/leads/{leadId}", this::lead);
    app.post("/leads/{leadId}/response", this::respond);
    app.post("/leads/{leadId}/outcomes", this::recordOutcome);
    app.get("/notices", this::notices);
    app.post("/notices/{noticeId}/acknowledge", this::acknowledge);
    app.get("/staff", this::staff);
    app.get("/staff/fee-terms", this::feeTerms);
    app.post("/staff/fee-terms", this::publishFeeTerms);
    app.get("/staff/partners/{partnerId}/statement", this::staffStatement);
    app.post("/staff/partners/{partnerId}/invoices", this::invoice);
    app.post("/staff/partners/{partnerId}/payments", this::pay);
    app.post("/staff/partners/{partnerId}/leads/{leadId}/dispute", this::resolveDispute);
    app.post("/leads/{leadId}/dispute", this::dispute);
    app.get("/settings", this::settings);
    app.post("/settings", this::changeSettings);
    app.get("/statement", this::statement);
    app.get("/statement.csv", this::statementCsv);
    app.exception(
        Portal.NotFound.class,
        (e, ctx) -> {
          if (PortalApi.isApi(ctx)) {
            PortalApi.notFound(ctx);
          } else {
            message(ctx, 404, "Not found", "There is no such lead or notice in your account.", "/leads", "Back to your leads");
          }
        });
    app.exception(
        PortalLog.WriteFailedException.class,
        (e, ctx) -> {
          log.warn("write failed on {}: {}", ctx.matchedPath(), e.getMessage());
          if (PortalApi.isApi(ctx)) {
            PortalApi.writeFailed(ctx, e);
          } else {
            ctx.header("Retry-After", "5");
            message(ctx, 503, "Not saved", "We could not save that just now. Please try again.", null, null);
          }
        });
    app.exception(
        Exception.class,
        (e, ctx) -> {
          // The class only: a message may quote the input.
          log.error("unexpected {} on {}", e.getClass().getName(), ctx.matchedPath());
          if (PortalApi.isApi(ctx)) {
            PortalApi.error(ctx, 500, "internal error");
          } else {
            message(ctx, 500, "Something went wrong", "Nothing was changed. Please try again.", "/", "Start again");
          }
        });
  }

  // ---- sign-in -------------------------------------------------------------------------------

  private void requestLink(Context ctx) {
    String email = Optional.ofNullable(ctx.formParam("email")).orElse("").strip();
    if (!limit(ctx, "ip:" + ctx.ip()) || !limit(ctx, "email:" + email.toLowerCase(Locale.ROOT))) {
      return;
    }
    if (email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+")) {
      message(ctx, 400, "Check the address", "That does not look like an email address.", "/sign-in", "Try again");
      return;
    }
    portal.requestSignIn(email, baseUrl);
    render(ctx, "sign-in.jte", new Views.SignIn(layout(ctx, "Check your email", null), true));
  }

  private void confirmLink(Context ctx) {
    String token = ctx.queryParam("token");
    SignedTokens.Verification v = portal.checkLink(token);
    if (v instanceof SignedTokens.Verification.Valid) {
      render(ctx, "link-confirm.jte", new Views.LinkConfirm(layout(ctx, "Sign in", null), token));
    } else {
      badLink(ctx, v instanceof SignedTokens.Verification.Expired ? new Portal.LinkUse.Expired()
          : portal.linkUsed(token) ? new Portal.LinkUse.AlreadyUsed() : new Portal.LinkUse.Invalid());
    }
  }

  private void useLink(Context ctx) {
    if (!limit(ctx, "ip:" + ctx.ip())) {
      return;
    }
    Portal.LinkUse use = portal.useLink(ctx.formParam("token"));
    if (use instanceof Portal.LinkUse.SignedIn in) {
      cookie(ctx, SESSION_COOKIE, in.cookie(), portal.config().sessionTtl().toSeconds(), "Lax");
      ctx.redirect(isStaff(in.session()) ? "/staff" : "/leads", HttpStatus.SEE_OTHER);
    } else {
      badLink(ctx, use);
    }
  }

  private void badLink(Context ctx, Portal.LinkUse use) {
    if (use instanceof Portal.LinkUse.Expired) {
      message(ctx, 410, "This link has expired",
          "Sign-in links work for " + portal.config().linkTtl().toMinutes() + " minutes. Ask for a new one.",
          "/sign-in", "Send me a new link");
    } else if (use instanceof Portal.LinkUse.AlreadyUsed) {
      message(ctx, 410, "This link has already been used",
          "Each sign-in link works once. If that was not you, tell the broker. Ask for a new link to sign in.",
          "/sign-in", "Send me a new link");
    } else {
      message(ctx, 400, "This link does not work",
          "The link is incomplete or was changed. Copy the whole link from the email, or ask for a new one.",
          "/sign-in", "Send me a new link");
    }
  }

  private void signOut(Context ctx) {
    session(ctx).ifPresent(s -> portal.audit(s.partnerId(), s.actorKey(), "SIGNED_OUT", null));
    cookie(ctx, SESSION_COOKIE, "", 0, "Lax");
    ctx.redirect("/sign-in", HttpStatus.SEE_OTHER);
  }

  // ---- leads ---------------------------------------------------------------------------------

  private void inbox(Context ctx) {
    Optional<PartnerSession> s = signedIn(ctx);
    if (s.isEmpty()) {
      return;
    }
    String partnerId = s.get().partnerId();
    List<Views.InboxRow> rows =
        portal.state().leads(partnerId).stream()
            .map(l -> {
              Lead lead = l.lead();
              ResponseStatus status = portal.status(l);
              return new Views.InboxRow(
                  lead.getLeadId(),
                  when(lead.getRoutedAt()),
                  where(lead.getRequirements()),
                  lead.getRequirements().getDesks(),
                  lead.getCallPermitted() ? "May call" : "Do not call",
                  lead.getMarketingPermitted() ? "May market" : "No marketing",
                  status.label(),
                  status instanceof ResponseStatus.Pending);
            })
            .toList();
    int open = (int) portal.state().notices(partnerId).stream()
        .filter(n -> portal.state().acknowledgement(n.getNoticeId()).isEmpty()).count();
    render(ctx, "inbox.jte", new Views.Inbox(layout(ctx, "Leads", s.get()), rows, open));
  }

  private void lead(Context ctx) {
    Optional<PartnerSession> s = signedIn(ctx);
    if (s.isEmpty()) {
      return;
    }
    String leadId = ctx.pathParam("leadId");
    StoredLead lead = portal.state().lead(s.get().partnerId(), leadId).orElseThrow(Portal.NotFound::new);
    portal.audit(s.get().partnerId(), s.get().actorKey(), "LEAD_VIEWED", leadId);
    renderLead(ctx, s.get(), lead, 200, null, ctx.queryParam("saved"));
  }

  private void renderLead(Context ctx, PartnerSession s, StoredLead stored, int status, String error, String saved) {
    Lead lead = stored.lead();
    ResponseStatus st = portal.status(stored);
    List<Views.OutcomeRow> outcomes = portal.state().outcomes(lead.getLeadId()).stream().map(PortalWeb::outcomeRow).toList();
    List<Views.LedgerRow> ledger = portal.state().ledger(lead.getLeadId()).stream().map(PortalWeb::ledgerRow).toList();
    List<PlacementAccount> placements = portal.accounts(s.partnerId()).stream()
        .filter(a -> a.leadId().equals(lead.getLeadId())).toList();
    Optional<PlacementAccount> latest = placements.isEmpty() ? Optional.empty() : Optional.of(placements.get(placements.size() - 1));
    Requirements r = lead.getRequirements();
    List<String> requirements = new java.util.ArrayList<>();
    requirements.add("Where: " + where(r));
    requirements.add("Desks: " + r.getDesks());
    requirements.add("Office types: " + r.getOfficeTypes().stream().map(t -> t.name().toLowerCase(Locale.ROOT).replace('_', ' ')).collect(Collectors.joining(", ")));
    if (r.getMaxBudgetPerDeskGbp() != null) {
      requirements.add("Budget: up to £" + r.getMaxBudgetPerDeskGbp() + " per desk a month");
    }
    if (r.getMoveInDate() != null) {
      requirements.add("Move in: " + r.getMoveInDate());
    }
    if (r.getTermMonths() != null) {
      requirements.add("Term: " + r.getTermMonths() + " months");
    }
    ctx.status(status);
    render(
        ctx,
        "lead.jte",
        new Views.LeadDetail(
            layout(ctx, "Lead " + lead.getLeadId(), s),
            lead.getLeadId(),
            when(lead.getRoutedAt()),
            lead.getSite(),
            lead.getContact().getFullName(),
            lead.getContact().getCompany(),
            lead.getContact().getEmail(),
            lead.getContact().getPhone(),
            lead.getCallPermitted(),
            lead.getMarketingPermitted(),
            requirements,
            st.label(),
            st instanceof ResponseStatus.Pending,
            st instanceof ResponseStatus.Pending p ? when(p.respondBy()) : null,
            st.stands(),
            Arrays.stream(RejectionReason.values()).map(v -> new Views.Choice(v.name(), capital(ResponseRules.describe(v)))).toList(),
            Arrays.stream(OutcomeStage.values()).map(v -> new Views.Choice(v.name(), stageLabel(v))).toList(),
            outcomes,
            ledger,
            latest.map(PortalWeb::feeLine).orElse(null),
            latest.map(a -> LedgerRules.whyNotDispute(a).isEmpty()).orElse(false),
            error,
            saved == null ? null : switch (saved) {
              case "response" -> "Your response is saved.";
              case "outcome" -> "The outcome is saved.";
              case "dispute" -> "Your dispute is sent to the broker.";
              default -> null;
            }));
  }

  private void respond(Context ctx) {
    Optional<PartnerSession> s = signedIn(ctx);
    if (s.isEmpty()) {
      return;
    }
    String leadId = ctx.pathParam("leadId");
    StoredLead lead = portal.state().lead(s.get().partnerId(), leadId).orElseThrow(Portal.NotFound::new);
    ResponseRules.Request request;
    if ("ACCEPTED".equals(ctx.formParam("decision"))) {
      request = new ResponseRules.Request.Accept();
    } else {
      request = new ResponseRules.Request.Reject(
          enumOrNull(RejectionReason.class, ctx.formParam("reason")),
          date(ctx.formParam("knownSince")),
          Optional.ofNullable(ctx.formParam("knownSource")).filter(t -> !t.isBlank()));
    }
    ResponseRules.Verdict v = portal.respond(s.get().partnerId(), s.get().actorKey(), leadId, request);
    if (v instanceof ResponseRules.Verdict.Allowed) {
      ctx.redirect("/leads/" + leadId + "?saved=response", HttpStatus.SEE_OTHER);
    } else if (v instanceof ResponseRules.Verdict.Invalid i) {
      renderLead(ctx, s.get(), lead, 400, i.message(), null);
    } else if (v instanceof ResponseRules.Verdict.TooLate t) {
      renderLead(ctx, s.get(), lead, 409, t.message(), null);
    }
  }

  private void recordOutcome(Context ctx) {
    Optional<PartnerSession> s = signedIn(ctx);
    if (s.isEmpty()) {
      return;
    }
    String leadId = ctx.pathParam("leadId");
    StoredLead lead = portal.state().lead(s.get().partnerId(), leadId).orElseThrow(Portal.NotFound::new);
    OutcomeRules.Report report;
    try {
      report = new OutcomeRules.Report(
          enumOrNull(OutcomeStage.class, ctx.formParam("stage")),
          integer(ctx.formParam("desks")),
          integer(ctx.formParam("termMonths")),
          Optional.ofNullable(ctx.formParam("monthlyFee")).filter(t -> !t.isBlank()).map(Commission::parsePence),
          date(ctx.formParam("startDate")),
          Optional.ofNullable(ctx.formParam("lostReason")).filter(t -> !t.isBlank()));
    } catch (NumberFormatException | ArithmeticException e) {
      renderLead(ctx, s.get(), lead, 400, "Give numbers as digits, and the fee in pounds and pence (for example 4500.00).", null);
      return;
    }
    OutcomeRules.Verdict v = portal.recordOutcome(s.get().partnerId(), s.get().actorKey(), leadId, report);
    if (v instanceof OutcomeRules.Verdict.Allowed) {
      ctx.redirect("/leads/" + leadId + "?saved=outcome", HttpStatus.SEE_OTHER);
    } else if (v instanceof OutcomeRules.Verdict.Invalid i) {
      renderLead(ctx, s.get(), lead, 400, i.message(), null);
    } else if (v instanceof OutcomeRules.Verdict.NotOpen n) {
      renderLead(ctx, s.get(), lead, 409, n.message(), null);
    }
  }

  private static String feeLine(PlacementAccount a) {
    String fee = "Commission " + Commission.pounds(a.feePence()) + " (terms version " + a.feeTermsVersion() + ")";
    String invoice = a.invoice().map(i -> "; invoiced on " + i.number() + " dated " + i.date()).orElse("; not invoiced yet");
    String paid = a.payment().map(p -> "; paid " + p.paidOn()).orElse("");
    String dispute = switch (a.disputeLabel()) {
      case "open" -> "; you disputed it, the broker will answer";
      case "upheld" -> "; your dispute was upheld: the fee is credited";
      case "rejected" -> "; your dispute was not upheld: the fee stands";
      default -> "";
    };
    return fee + invoice + paid + dispute + ".";
  }

  private void dispute(Context ctx) {
    Optional<PartnerSession> s = signedIn(ctx);
    if (s.isEmpty()) {
      return;
    }
    String leadId = ctx.pathParam("leadId");
    StoredLead lead = portal.state().lead(s.get().partnerId(), leadId).orElseThrow(Portal.NotFound::new);
    LedgerRules.Verdict<String> v = portal.dispute(s.get().partnerId(), s.get().actorKey(), leadId, ctx.formParam("reason"));
    if (problem(v).isPresent()) {
      renderLead(ctx, s.get(), lead, problem(v).get().status(), problem(v).get().message(), null);
    } else {
      ctx.redirect("/leads/" + leadId + "?saved=dispute", HttpStatus.SEE_OTHER);
    }
  }

  // ---- notices -------------------------------------------------------------------------------

  private void notices(Context ctx) {
    Optional<PartnerSession> s = signedIn(ctx);
    if (s.isEmpty()) {
      return;
    }
    List<Views.NoticeRow> rows = portal.state().notices(s.get().partnerId()).stream()
        .map(n -> new Views.NoticeRow(
            n.getNoticeId(),
            n.getKind().name().replace('_', ' '),
            meaning(n),
            List.copyOf(n.getLeadIds()),
            when(n.getIssuedAt()),
            portal.state().acknowledgement(n.getNoticeId()).map(NoticeAcknowledgement::getAcknowledgedAt).map(PortalWeb::when).orElse(null)))
        .toList();
    render(ctx, "notices.jte", new Views.Notices(layout(ctx, "Notices", s.get()), rows));
  }

  private void acknowledge(Context ctx) {
    Optional<PartnerSession> s = signedIn(ctx);
    if (s.isEmpty()) {
      return;
    }
    portal.acknowledge(s.get().partnerId(), s.get().actorKey(), ctx.pathParam("noticeId"));
    ctx.redirect("/notices", HttpStatus.SEE_OTHER);
  }

  // ---- the broker's staff ----------------------------------------------------------------------

  private static boolean isStaff(PartnerSession s) {
    return PartnerUsers.STAFF.equals(s.partnerId());
  }

  private void staff(Context ctx) {
    Optional<PartnerSession> s = signedIn(ctx);
    if (s.isEmpty()) {
      return;
    }
    if (!isStaff(s.get())) {
      throw new Portal.NotFound(); // partners do not learn the page exists
    }
    List<Funnel> funnels = portal.funnels();
    List<Views.FunnelRow> rows = funnels.stream().map(f -> new Views.FunnelRow(
        f.partnerId(), f.introduced(), f.accepted(), f.rejected(), f.pending(), f.viewing(), f.signed(),
        Commission.pounds(f.feePence()), f.acceptanceRate(), f.placementRate())).toList();
    List<Views.MoneyRow> money = portal.receivables().stream().map(r -> new Views.MoneyRow(
        r.partnerId(), Commission.pounds(r.feePence()), Commission.pounds(r.toInvoicePence()), Commission.pounds(r.invoicedPence()),
        Commission.pounds(r.paidPence()), Commission.pounds(r.outstandingPence()), r.openDisputes())).toList();
    portal.audit(PartnerUsers.STAFF, s.get().actorKey(), "STAFF_VIEWED", null);
    render(ctx, "staff.jte", new Views.StaffPage(
        layout(ctx, "All partners", s.get()), rows, Funnel.bars(funnels),
        funnels.stream().map(Funnel::partnerId).toList(), Funnel.WIDTH, Funnel.height(funnels), Funnel.ROW_HEIGHT,
        money, YearMonth.from(portal.now().atZone(java.time.ZoneOffset.UTC)).toString()));
  }

  /** The staff session, or a sign-in redirect (empty); a partner's session gets 404. */
  private Optional<PartnerSession> staffOnly(Context ctx) {
    Optional<PartnerSession> s = signedIn(ctx);
    if (s.isPresent() && !isStaff(s.get())) {
      throw new Portal.NotFound(); // partners do not learn the pages exist
    }
    return s;
  }

  private LocalDate today() {
    return LocalDate.ofInstant(portal.now(), java.time.ZoneOffset.UTC);
  }

  private void feeTerms(Context ctx) {
    Optional<PartnerSession> s = staffOnly(ctx);
    if (s.isEmpty()) {
      return;
    }
    renderFeeTerms(ctx, s.get(), 200, null, "saved".equals(ctx.queryParam("saved")) ? "The new terms are published." : null,
        Optional.ofNullable(ctx.queryParam("partner")).orElse(""), "1000", "12", today().toString());
  }

  private void renderFeeTerms(
      Context ctx, PartnerSession s, int status, String error, String saved, String partnerId, String rate, String months, String from) {
    List<Views.FeeTermsRow> versions = new java.util.ArrayList<>();
    for (String p : portal.partnerIds()) {
      List<FeeTerms> all = portal.state().feeTermsVersions(p);
      Optional<FeeTerms> inForce = FeeSchedule.inForceOn(all, today());
      for (FeeTerms t : all) {
        versions.add(new Views.FeeTermsRow(p, t.getVersion(), Commission.percent(t.getRateBasisPoints()) + " (" + t.getRateBasisPoints() + " bp)",
            t.getFeeMonths(), LocalDate.ofInstant(t.getEffectiveFrom(), java.time.ZoneOffset.UTC).toString(),
            inForce.map(f -> f.getVersion() == t.getVersion()).orElse(false)));
      }
    }
    ctx.status(status);
    render(ctx, "fee-terms.jte", new Views.FeeTermsPage(
        layout(ctx, "Fee terms", s),
        portal.partnerIds().stream().map(p -> new Views.Choice(p, p)).toList(),
        versions, partnerId, rate, months, from, error, saved));
  }

  private void publishFeeTerms(Context ctx) {
    Optional<PartnerSession> s = staffOnly(ctx);
    if (s.isEmpty()) {
      return;
    }
    String partnerId = Optional.ofNullable(ctx.formParam("partnerId")).orElse("").strip();
    String rate = ctx.formParam("rateBasisPoints");
    String months = ctx.formParam("feeMonths");
    String from = ctx.formParam("effectiveFrom");
    if (!portal.partnerIds().contains(partnerId)) {
      renderFeeTerms(ctx, s.get(), 400, "Choose a partner. Nothing was published.", null, partnerId, rate, months, from);
      return;
    }
    FeeSchedule.Verdict v = portal.publishFeeTerms(s.get().actorKey(), partnerId, rate, months, from);
    if (v instanceof FeeSchedule.Verdict.Invalid i) {
      renderFeeTerms(ctx, s.get(), 400, i.message() + " Nothing was published.", null, partnerId, rate, months, from);
    } else {
      ctx.redirect("/staff/fee-terms?saved=saved&partner=" + java.net.URLEncoder.encode(partnerId, java.nio.charset.StandardCharsets.UTF_8),
          HttpStatus.SEE_OTHER);
    }
  }

  private void staffStatement(Context ctx) {
    Optional<PartnerSession> s = staffOnly(ctx);
    if (s.isEmpty()) {
      return;
    }
    Optional<YearMonth> month = month(ctx);
    if (month.isEmpty()) {
      message(ctx, 400, "No such month", "Give the month as YYYY-MM.", "/staff", "All partners");
      return;
    }
    String saved = ctx.queryParam("saved");
    renderStaffStatement(ctx, s.get(), ctx.pathParam("partnerId"), month.get(), 200, null, saved == null ? null : switch (saved) {
      case "invoice" -> "The invoice is recorded.";
      case "payment" -> "The payment is recorded.";
      case "dispute" -> "The dispute is resolved.";
      default -> null;
    });
  }

  private void renderStaffStatement(Context ctx, PartnerSession s, String partnerId, YearMonth month, int status, String error, String saved) {
    if (!portal.partnerIds().contains(partnerId)) {
      throw new Portal.NotFound();
    }
    List<PlacementAccount> all = portal.accounts(partnerId);
    List<PlacementAccount> ofMonth = all.stream()
        .filter(a -> YearMonth.from(a.placedAt().atZone(java.time.ZoneOffset.UTC)).equals(month)).toList();
    List<Views.StaffLine> lines = ofMonth.stream().map(a -> new Views.StaffLine(
        a.leadId(), LocalDate.ofInstant(a.placedAt(), java.time.ZoneOffset.UTC).toString(), Commission.pounds(a.netFeePence()),
        a.disputeLabel(), disputeText(a.dispute()), a.invoice().map(PlacementAccount.Invoice::number).orElse(""),
        Commission.pounds(a.invoicedPence()), Commission.pounds(a.paidPence()), Commission.pounds(a.outstandingPence()),
        a.dispute() instanceof PlacementAccount.Dispute.Open)).toList();
    java.util.Map<String, List<PlacementAccount>> byInvoice = new java.util.LinkedHashMap<>();
    ofMonth.forEach(a -> a.invoice().ifPresent(i -> byInvoice.computeIfAbsent(i.number(), n -> new java.util.ArrayList<>())));
    all.forEach(a -> a.invoice().filter(i -> byInvoice.containsKey(i.number())).ifPresent(i -> byInvoice.get(i.number()).add(a)));
    List<Views.InvoiceRow> invoices = byInvoice.entrySet().stream().map(e -> {
      List<PlacementAccount> inv = e.getValue();
      long amount = inv.stream().mapToLong(PlacementAccount::invoicedPence).sum();
      long outstanding = inv.stream().mapToLong(PlacementAccount::outstandingPence).sum();
      String paidOn = inv.stream().flatMap(a -> a.payment().stream()).map(p -> p.paidOn().toString()).findFirst().orElse("");
      boolean canPay = outstanding > 0 && inv.stream().noneMatch(a -> a.dispute() instanceof PlacementAccount.Dispute.Open);
      return new Views.InvoiceRow(e.getKey(), inv.get(0).invoice().get().date().toString(), Commission.pounds(amount), paidOn,
          Commission.pounds(outstanding), amountText(outstanding), canPay);
    }).toList();
    long toInvoice = ofMonth.stream().filter(a -> LedgerRules.whyNotInvoice(a).isEmpty())
        .mapToLong(PlacementAccount::netFeePence).sum();
    ctx.status(status);
    render(ctx, "staff-statement.jte", new Views.StaffStatementPage(
        layout(ctx, "Invoicing " + partnerId + " " + month, s), partnerId, month.toString(), month.minusMonths(1).toString(),
        month.plusMonths(1).toString(), lines, invoices,
        ofMonth.stream().anyMatch(a -> LedgerRules.whyNotInvoice(a).isEmpty()) ? Commission.pounds(toInvoice) : null,
        today().toString(), error, saved));
  }

  private static String disputeText(PlacementAccount.Dispute d) {
    if (d instanceof PlacementAccount.Dispute.Open o) {
      return o.reason();
    } else if (d instanceof PlacementAccount.Dispute.Upheld u) {
      return u.reason() + (u.note() == null ? "" : " — " + u.note());
    } else if (d instanceof PlacementAccount.Dispute.Rejected r) {
      return r.reason() + (r.note() == null ? "" : " — " + r.note());
    }
    return "";
  }

  /** Pence as the amount a form expects, {@code 648000} → {@code 6480.00}. */
  private static String amountText(long pence) {
    return pence / 100 + "." + String.format("%02d", pence % 100);
  }

  private void invoice(Context ctx) {
    Optional<PartnerSession> s = staffOnly(ctx);
    if (s.isEmpty()) {
      return;
    }
    String partnerId = ctx.pathParam("partnerId");
    Optional<YearMonth> month = Optional.ofNullable(ctx.formParam("month")).flatMap(PortalWeb::yearMonth);
    if (month.isEmpty()) {
      message(ctx, 400, "No such month", "Give the month as YYYY-MM.", "/staff", "All partners");
      return;
    }
    LedgerRules.Verdict<LedgerRules.InvoicePlan> v =
        portal.invoice(s.get().actorKey(), partnerId, month.get(), ctx.formParam("invoiceNumber"), ctx.formParam("invoiceDate"));
    if (problem(v).isPresent()) {
      renderStaffStatement(ctx, s.get(), partnerId, month.get(), problem(v).get().status(), problem(v).get().message(), null);
    } else {
      ctx.redirect(staffStatementPath(partnerId, month.get()) + "&saved=invoice", HttpStatus.SEE_OTHER);
    }
  }

  private void pay(Context ctx) {
    Optional<PartnerSession> s = staffOnly(ctx);
    if (s.isEmpty()) {
      return;
    }
    String partnerId = ctx.pathParam("partnerId");
    YearMonth month = Optional.ofNullable(ctx.formParam("month")).flatMap(PortalWeb::yearMonth)
        .orElse(YearMonth.from(portal.now().atZone(java.time.ZoneOffset.UTC)));
    long amount;
    try {
      amount = Commission.parsePence(ctx.formParam("amount"));
    } catch (NumberFormatException | ArithmeticException e) {
      renderStaffStatement(ctx, s.get(), partnerId, month, 400,
          "Give the amount received in pounds and pence (for example 6480.00). Nothing was written.", null);
      return;
    }
    String number = Optional.ofNullable(ctx.formParam("invoiceNumber")).orElse("").strip();
    LedgerRules.Verdict<LedgerRules.PaymentPlan> v = portal.pay(s.get().actorKey(), partnerId, number, ctx.formParam("paidOn"), amount);
    if (problem(v).isPresent()) {
      renderStaffStatement(ctx, s.get(), partnerId, month, problem(v).get().status(), problem(v).get().message(), null);
    } else {
      ctx.redirect(staffStatementPath(partnerId, month) + "&saved=payment", HttpStatus.SEE_OTHER);
    }
  }

  private void resolveDispute(Context ctx) {
    Optional<PartnerSession> s = staffOnly(ctx);
    if (s.isEmpty()) {
      return;
    }
    String partnerId = ctx.pathParam("partnerId");
    YearMonth month = Optional.ofNullable(ctx.formParam("month")).flatMap(PortalWeb::yearMonth)
        .orElse(YearMonth.from(portal.now().atZone(java.time.ZoneOffset.UTC)));
    String resolution = ctx.formParam("resolution");
    if (!"UPHELD".equals(resolution) && !"REJECTED".equals(resolution)) {
      renderStaffStatement(ctx, s.get(), partnerId, month, 400, "Choose to uphold or reject the dispute. Nothing was written.", null);
      return;
    }
    LedgerRules.Verdict<String> v = portal.resolveDispute(
        s.get().actorKey(), partnerId, ctx.pathParam("leadId"), "UPHELD".equals(resolution), ctx.formParam("note"));
    if (problem(v).isPresent()) {
      renderStaffStatement(ctx, s.get(), partnerId, month, problem(v).get().status(), problem(v).get().message(), null);
    } else {
      ctx.redirect(staffStatementPath(partnerId, month) + "&saved=dispute", HttpStatus.SEE_OTHER);
    }
  }

  /** What to tell the user when a ledger write is not allowed: 400 to correct the input, 409 when it cannot be done now. */
  record Problem(int status, String message) {}

  static Optional<Problem> problem(LedgerRules.Verdict<?> v) {
    if (v instanceof LedgerRules.Verdict.Invalid<?> i) {
      return Optional.of(new Problem(400, i.message()));
    } else if (v instanceof LedgerRules.Verdict.Refused<?> r) {
      return Optional.of(new Problem(409, r.message()));
    }
    return Optional.empty();
  }

  private static String staffStatementPath(String partnerId, YearMonth month) {
    return "/staff/partners/" + java.net.URLEncoder.encode(partnerId, java.nio.charset.StandardCharsets.UTF_8) + "/statement?month=" + month;
  }

  private static Optional<YearMonth> yearMonth(String text) {
    try {
      return Optional.of(YearMonth.parse(text.strip()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  // ---- settings ------------------------------------------------------------------------------

  private void settings(Context ctx) {
    Optional<PartnerSession> s = signedIn(ctx);
    if (s.isEmpty()) {
      return;
    }
    Partner p = portal.state().partner(s.get().partnerId()).orElseThrow(Portal.NotFound::new);
    renderSettings(ctx, s.get(), p, 200, null, "saved".equals(ctx.queryParam("saved")) ? "Your settings are saved." : null);
  }

  private void renderSettings(Context ctx, PartnerSession s, Partner p, int status, String error, String saved) {
    var hours = p.getDeliveryHours();
    List<Views.DayChoice> days = Arrays.stream(Weekday.values())
        .map(d -> new Views.DayChoice(d.name(), capital(d.name().toLowerCase(Locale.ROOT)),
            hours != null && hours.getDays().contains(d)))
        .toList();
    ctx.status(status);
    render(ctx, "settings.jte", new Views.SettingsPage(
        layout(ctx, "Settings", s),
        !p.getActive(),
        p.getDailyCap() == null ? "" : p.getDailyCap().toString(),
        hours == null,
        days,
        hours == null ? "09:00" : hours.getOpensAt(),
        hours == null ? "17:30" : hours.getClosesAt(),
        String.join(", ", p.getCities()),
        String.join(", ", p.getPostcodeDistricts()),
        error,
        saved));
  }

  private void changeSettings(Context ctx) {
    Optional<PartnerSession> s = signedIn(ctx);
    if (s.isEmpty()) {
      return;
    }
    PartnerSettings.Change change = new PartnerSettings.Change(
        ctx.formParam("paused") != null,
        ctx.formParam("dailyCap"),
        "any".equals(ctx.formParam("hours")),
        ctx.formParams("days"),
        ctx.formParam("opensAt"),
        ctx.formParam("closesAt"),
        ctx.formParam("cities"),
        ctx.formParam("postcodeDistricts"));
    PartnerSettings.Verdict v = portal.changeSettings(s.get().partnerId(), s.get().actorKey(), change);
    if (v instanceof PartnerSettings.Verdict.Invalid i) {
      Partner p = portal.state().partner(s.get().partnerId()).orElseThrow(Portal.NotFound::new);
      renderSettings(ctx, s.get(), p, 400, capital(i.message()) + ". Nothing was changed.", null);
    } else {
      ctx.redirect("/settings?saved=saved", HttpStatus.SEE_OTHER);
    }
  }

  // ---- statement -----------------------------------------------------------------------------

  private void statement(Context ctx) {
    Optional<PartnerSession> s = signedIn(ctx);
    if (s.isEmpty()) {
      return;
    }
    Optional<YearMonth> month = month(ctx);
    if (month.isEmpty()) {
      message(ctx, 400, "No such month", "Give the month as YYYY-MM.", "/statement", "This month's statement");
      return;
    }
    Statement st = portal.statement(s.get().partnerId(), month.get());
    FeeTerms terms = portal.feeTerms(s.get().partnerId());
    portal.audit(s.get().partnerId(), s.get().actorKey(), "STATEMENT_VIEWED", month.get().toString());
    render(ctx, "statement.jte", new Views.StatementPage(
        layout(ctx, "Statement " + month.get(), s.get()),
        month.get().toString(),
        month.get().minusMonths(1).toString(),
        month.get().plusMonths(1).toString(),
        st.introduced(),
        st.accepted(),
        st.rejected(),
        Commission.percent(terms.getRateBasisPoints()) + " of the first " + terms.getFeeMonths()
            + " months' licence fee (terms version " + terms.getVersion() + ")",
        st.placements().stream().map(l -> new Views.StatementRow(
            l.leadId(), l.placedOn().toString(), l.desks(), l.termMonths(),
            Commission.pounds(l.monthlyFeePence()), l.startDate().toString(), Commission.pounds(l.feePence()),
            l.dispute(), l.invoiceNumber(), Commission.pounds(l.invoicedPence()), Commission.pounds(l.paidPence()),
            Commission.pounds(l.outstandingPence()), "none".equals(l.dispute()) && l.paidPence() == 0)).toList(),
        Commission.pounds(st.totalFeePence()),
        Commission.pounds(st.totalInvoicedPence()),
        Commission.pounds(st.totalPaidPence()),
        Commission.pounds(st.totalOutstandingPence())));
  }

  private void statementCsv(Context ctx) {
    Optional<PartnerSession> s = signedIn(ctx);
    if (s.isEmpty()) {
      return;
    }
    Optional<YearMonth> month = month(ctx);
    if (month.isEmpty()) {
      ctx.status(400).result("give the month as YYYY-MM");
      return;
    }
    Statement st = portal.statement(s.get().partnerId(), month.get());
    ctx.header("Content-Disposition", "attachment; filename=\"statement-" + s.get().partnerId() + "-" + month.get() + ".csv\"");
    ctx.contentType("text/csv; charset=utf-8").result(st.csv());
  }

  // ---- plumbing ------------------------------------------------------------------------------

  private void securityHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer"); // sign-in links carry a token
    ctx.header("Cache-Control", "no-store");
  }

  /** Every form post must carry the token bound to this browser's CSRF cookie (the API uses keys). */
  private void requireCsrfOnPosts(Context ctx) {
    if (!"POST".equals(ctx.method().name()) || ctx.path().startsWith("/api/")) {
      return;
    }
    if (!portal.csrfValid(ctx.cookie(CSRF_COOKIE), ctx.formParam("_csrf"))) {
      portal.meters().counter("portal.csrf.refusals").increment();
      message(ctx, 403, "This form has expired",
          "For your security the form could not be sent. Go back, reload the page and try again.", "/", "Start again");
      ctx.skipRemainingHandlers();
    }
  }

  private Views.Layout layout(Context ctx, String title, PartnerSession s) {
    String csrfCookie = ctx.cookie(CSRF_COOKIE);
    if (csrfCookie == null || csrfCookie.length() != 22) {
      byte[] b = new byte[16];
      RANDOM.nextBytes(b);
      csrfCookie = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
      cookie(ctx, CSRF_COOKIE, csrfCookie, -1, "Strict");
    }
    String partnerName = s == null ? null
        : isStaff(s) ? "the broker"
        : portal.state().partner(s.partnerId()).map(p -> p.getName()).orElse(s.partnerId());
    return new Views.Layout(title, partnerName, portal.csrfToken(csrfCookie), s != null && isStaff(s));
  }

  private Optional<PartnerSession> session(Context ctx) {
    String c = ctx.cookie(SESSION_COOKIE);
    return c == null || c.isEmpty() ? Optional.empty() : portal.session(c);
  }

  /** The session, or a redirect to sign in (pages) and empty. */
  private Optional<PartnerSession> signedIn(Context ctx) {
    Optional<PartnerSession> s = session(ctx);
    if (s.isEmpty()) {
      if ("GET".equals(ctx.method().name())) {
        ctx.redirect("/sign-in", HttpStatus.SEE_OTHER);
      } else {
        message(ctx, 401, "Please sign in", "Your session has ended. Sign in again to continue.", "/sign-in", "Sign in");
      }
    }
    return s;
  }

  private boolean limit(Context ctx, String key) {
    RateLimiter.Decision d = signInLimiter.acquire(key);
    if (!d.allowed()) {
      portal.meters().counter("portal.rate.limited").increment();
      ctx.header("Retry-After", Long.toString(Math.max(1, d.retryAfter().toSeconds())));
      message(ctx, 429, "Too many attempts", "Please wait a minute before trying again.", null, null);
      return false;
    }
    return true;
  }

  private void cookie(Context ctx, String name, String value, long maxAgeSeconds, String sameSite) {
    StringBuilder c = new StringBuilder(name).append('=').append(value).append("; Path=/; HttpOnly; SameSite=").append(sameSite);
    if (maxAgeSeconds >= 0) {
      c.append("; Max-Age=").append(maxAgeSeconds);
    }
    if (portal.config().secureCookies()) {
      c.append("; Secure");
    }
    ctx.res().addHeader("Set-Cookie", c.toString());
  }

  private void message(Context ctx, int status, String heading, String text, String href, String linkText) {
    ctx.status(status);
    render(ctx, "message.jte", new Views.Message(layout(ctx, heading, session(ctx).orElse(null)), heading, text, href, linkText));
  }

  private void render(Context ctx, String template, Object view) {
    StringOutput out = new StringOutput();
    templates.render(template, view, out);
    ctx.html(out.toString());
  }

  static String when(Instant at) {
    return at == null ? null : WHEN.format(at.atZone(UK));
  }

  private static String where(Requirements r) {
    return r.getPostcodeDistrict() == null ? r.getCity() : r.getCity() + " " + r.getPostcodeDistrict();
  }

  private static Views.OutcomeRow outcomeRow(LeadOutcome o) {
    String detail = null;
    if (o.getLicence() != null) {
      var l = o.getLicence();
      detail = l.getDesks() + " desks, " + l.getTermMonths() + " months at " + Commission.pounds(l.getMonthlyFeePence())
          + " a month from " + l.getStartDate();
    } else if (o.getLostReason() != null) {
      detail = o.getLostReason();
    }
    return new Views.OutcomeRow(stageLabel(o.getStage()), when(o.getRecordedAt()), detail);
  }

  private static Views.LedgerRow ledgerRow(Introduction e) {
    String detail = switch (e.getEvent()) {
      case INTRODUCED -> "sent " + when(e.getSentAt()) + ", SHA-256 " + e.getContentSha256()
          + (e.getDeliveryReceipt() == null ? "" : ", receipt " + e.getDeliveryReceipt());
      case RESPONDED -> e.getResponse();
      case PLACED -> "fee " + Commission.pounds(e.getFeePence()) + " under terms v" + e.getFeeTermsVersion();
      case INVOICED -> "invoice " + e.getInvoiceNumber() + " dated " + e.getInvoiceDate() + ", " + Commission.pounds(e.getAmountPence());
      case PAID -> "invoice " + e.getInvoiceNumber() + " paid " + e.getPaidOn() + ", " + Commission.pounds(e.getAmountPence());
      case DISPUTED -> e.getDispute().toLowerCase(Locale.ROOT)
          + (e.getDisputeReason() == null ? "" : ": " + e.getDisputeReason())
          + (e.getAmountPence() == null ? "" : ", " + Commission.pounds(e.getAmountPence()) + " credited");
      default -> "";
    };
    return new Views.LedgerRow(e.getEvent().name(), when(e.getAt()), detail);
  }

  static String stageLabel(OutcomeStage s) {
    return switch (s) {
      case CONTACTED -> "Contacted";
      case VIEWING_BOOKED -> "Viewing booked";
      case VIEWED -> "Viewed";
      case PROPOSAL -> "Proposal sent";
      case LICENCE_SIGNED -> "Licence signed";
      case LOST -> "Lost";
    };
  }

  private static String meaning(ContactNotice n) {
    return switch (n.getKind()) {
      case DO_NOT_CALL -> "Stop calling this person.";
      case MARKETING_OPT_OUT -> "Stop sending this person marketing.";
      case DO_NOT_REPEAT -> "Stop contacting this person about this enquiry.";
      case ERASURE -> "Delete this person's details from your systems.";
    };
  }

  private static String capital(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static <E extends Enum<E>> E enumOrNull(Class<E> type, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static Optional<LocalDate> date(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(value.strip()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static Optional<Integer> integer(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(Integer.parseInt(value.strip()));
  }

  private Optional<YearMonth> month(Context ctx) {
    String m = ctx.queryParam("month");
    if (m == null || m.isBlank()) {
      return Optional.of(YearMonth.from(portal.now().atZone(java.time.ZoneOffset.UTC)));
    }
    try {
      return Optional.of(YearMonth.parse(m.strip()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
