package io.leadpipeline.portal;

import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.FeeTerms;
import io.leadpipeline.avro.Introduction;
import io.leadpipeline.avro.IntroductionEvent;
import io.leadpipeline.avro.LeadOutcome;
import io.leadpipeline.avro.LeadResponse;
import io.leadpipeline.avro.NoticeAcknowledgement;
import io.leadpipeline.avro.OutcomeStage;
import io.leadpipeline.avro.PortalAuditEvent;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.PortalLinkClaim;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.portal.commission.Commission;
import io.leadpipeline.portal.commission.FeeSchedule;
import io.leadpipeline.portal.commission.LedgerRules;
import io.leadpipeline.portal.commission.PlacementAccount;
import io.leadpipeline.portal.commission.Receivable;
import io.leadpipeline.portal.commission.Statement;
import io.leadpipeline.portal.leads.OutcomeRules;
import io.leadpipeline.portal.leads.ResponseRules;
import io.leadpipeline.portal.leads.ResponseStatus;
import io.leadpipeline.portal.settings.PartnerSettings;
import io.leadpipeline.portal.staff.Funnel;
import io.leadpipeline.portal.signin.Mailer;
import io.leadpipeline.portal.signin.SignedTokens;
import io.leadpipeline.portal.state.PortalLog;
import io.leadpipeline.portal.state.PortalState;
import io.leadpipeline.portal.state.StoredLead;
import io.leadpipeline.portal.state.TopicTail;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.mail.MessagingException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.YearMonth;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal's behaviour, apart from HTTP: sign-in by link, the partner's view of its leads and
 * notices, responses, outcomes, the ledger and statements. Every write goes to a topic and is read
 * back before the call returns (docs/partner-portal.md §2).
 */
public final class Portal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Portal.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration WINDOW_SWEEP = Duration.ofSeconds(5);
  /** Longer than a write may take (PortalLog's timeout), so an answer in time is always seen. */
  private static final Duration SWEEP_GRACE = Duration.ofSeconds(30);
  /** The ledger's response for an introduction nobody answered within the window. */
  public static final String DEEMED_ACCEPTED = "DEEMED_ACCEPTED";

  private final PortalConfig config;
  private final Clock clock;
  private final PortalState state = new PortalState();
  private final TopicTail tail;
  private final PortalLog portalLog;
  private final SignedTokens links;
  private final SignedTokens sessions;
  private final SignedTokens csrf;
  private final SubjectKeys actorKeys;
  private final Mailer mailer;
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  // Ledger entries for new leads are written off the reading thread, which must not wait on itself.
  private final ExecutorService ledgerWriter =
      Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "portal-ledger-writer");
        t.setDaemon(true);
        return t;
      });

  private final java.util.concurrent.ScheduledExecutorService windowSweeper =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "portal-window-sweeper");
        t.setDaemon(true);
        return t;
      });

  /** A signed-in partner user: the session cookie's content. */
  public record PartnerSession(String sessionId, String partnerId, String actorKey) {}

  /** What became of a sign-in link. */
  public sealed interface LinkUse {
    record SignedIn(PartnerSession session, String cookie) implements LinkUse {}

    record Expired() implements LinkUse {}

    /** Someone (perhaps another instance, perhaps before a restart) used it first. */
    record AlreadyUsed() implements LinkUse {}

    record Invalid() implements LinkUse {}
  }

  public Portal(PortalConfig config, Mailer mailer, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.mailer = mailer;
    TopicSerdes serdes = TopicSerdes.forRegistry(config.schemaRegistryUrl());
    this.tail = new TopicTail(config.kafka(), serdes, config.topicPrefix(), state, this::recordIntroductionLater);
    this.portalLog = new PortalLog(config.kafka(), serdes, config.topicPrefix(), tail);
    this.links = new SignedTokens("portal-link", 3, config.linkSecret(), clock);
    this.sessions = new SignedTokens("portal-session", 3, config.linkSecret(), clock);
    this.csrf = new SignedTokens("portal-csrf", 1, config.linkSecret(), clock);
    this.actorKeys = new SubjectKeys(config.subjectKeySecret());
  }

  /** Starts reading the topics and waits until everything written before the start is read. */
  public Portal start(Duration timeout) throws TimeoutException, InterruptedException {
    createTopics();
    tail.start();
    tail.awaitReady(timeout);
    // Leads that arrived while no portal ran get their INTRODUCED entry now.
    for (StoredLead lead : state.unrecordedIntroductions()) {
      recordIntroduction(lead);
    }
    windowSweeper.scheduleWithFixedDelay(this::sweepClosedWindows, 0, WINDOW_SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * Records in the ledger, as {@code RESPONDED DEEMED_ACCEPTED}, every introduction whose window
   * closed unanswered. An answer allowed just before the close is in {@code portal.responses}
   * within the write timeout, and the sweep waits longer than that past the close, so it never
   * overtakes an answer; both would write the same entry id, counted once.
   */
  void sweepClosedWindows() {
    try {
      Instant now = clock.instant();
      for (String partnerId : state.partnerIdsWithLeads()) {
        for (StoredLead lead : state.leads(partnerId)) {
          String leadId = lead.lead().getLeadId();
          if (status(lead) instanceof ResponseStatus.DeemedAccepted d
              && d.windowClosedAt().plus(SWEEP_GRACE).isBefore(now)
              && !state.hasLedgerEntry(PortalState.entryId(leadId, IntroductionEvent.RESPONDED))) {
            ledger(ledgerEntry(leadId, partnerId, IntroductionEvent.RESPONDED, d.windowClosedAt())
                .setResponse(DEEMED_ACCEPTED)
                .build());
          }
        }
      }
    } catch (RuntimeException e) {
      // The next sweep tries again.
      log.warn("closed response windows not recorded yet: {}", e.getClass().getName());
    }
  }

  /** The portal's own topics, with the broker's default replication; existing ones are left alone. */
  private void createTopics() throws InterruptedException {
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(config.kafka())) {
      for (var spec : Topics.portal()) {
        org.apache.kafka.clients.admin.NewTopic topic = new org.apache.kafka.clients.admin.NewTopic(
                spec.name(config.topicPrefix()), Optional.of(spec.partitions()), Optional.empty())
            .configs(spec.topicConfigs());
        try {
          admin.createTopics(List.of(topic)).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
            throw new IllegalStateException("cannot create " + topic.name() + ": " + e.getCause(), e.getCause());
          }
        } catch (java.util.concurrent.TimeoutException e) {
          throw new IllegalStateException("the broker did not answer creating " + topic.name(), e);
        }
      }
    }
  }

  public PortalState state() {
    return state;
  }

  public PortalConfig config() {
    return config;
  }

  public MeterRegistry meters() {
    return metrics;
  }

  public String scrape() {
    return metrics.scrape();
  }

  public boolean ready() {
    return tail.ready();
  }

  public Instant now() {
    return clock.instant();
  }

  // ---- sign-in -------------------------------------------------------------------------------

  /**
   * Emails a sign-in link when the address belongs to a partner user. The caller shows the same
   * page either way, so the form does not tell who has an account.
   */
  public void requestSignIn(String email, String baseUrl) {
    Optional<String> partnerId = config.users().partnerOf(email);
    if (partnerId.isEmpty()) {
      metrics.counter("portal.sign.in.links", "result", "unknown_address").increment();
      return;
    }
    String actor = actorKeys.ofEmail(email);
    String token = links.issue(config.linkTtl(), randomId(), partnerId.get(), actor);
    String link = baseUrl + "/sign-in/link?token=" + token;
    try {
      mailer.send(
          email,
          "Your sign-in link for the partner portal",
          "Use this link to sign in to the partner portal. It works once, within "
              + config.linkTtl().toMinutes()
              + " minutes:\n\n"
              + link
              + "\n\nIf you did not ask for it, ignore this email.\n");
      metrics.counter("portal.sign.in.links", "result", "sent").increment();
      audit(partnerId.get(), actor, "SIGN_IN_LINK_SENT", null);
    } catch (MessagingException e) {
      metrics.counter("portal.sign.in.links", "result", "mail_failed").increment();
      // The class only: a message may quote the address.
      log.error("sign-in email not sent: {}", e.getClass().getName());
      throw new IllegalStateException("the sign-in email could not be sent");
    }
  }

  /** A link for {@code email}, as the email would carry it (the demo prints one). */
  public Optional<String> signInLink(String email, String baseUrl) {
    return config.users()
        .partnerOf(email)
        .map(p -> baseUrl + "/sign-in/link?token=" + links.issue(config.linkTtl(), randomId(), p, actorKeys.ofEmail(email)));
  }

  /** Checks a link without using it: for the page that asks the user to confirm. */
  public SignedTokens.Verification checkLink(String token) {
    SignedTokens.Verification v = links.verify(token);
    if (v instanceof SignedTokens.Verification.Valid valid && state.claim(valid.fields().get(0)).isPresent()) {
      return new SignedTokens.Verification.Invalid();
    }
    return v;
  }

  public boolean linkUsed(String token) {
    return links.verify(token) instanceof SignedTokens.Verification.Valid v && state.claim(v.fields().get(0)).isPresent();
  }

  /**
   * Uses a link once. The claim goes to {@code portal.link-claims}; the first claim of the link in
   * the log wins, so two instances, two tabs or a replay after a restart sign in at most once.
   */
  public LinkUse useLink(String token) {
    SignedTokens.Verification v = links.verify(token);
    if (v instanceof SignedTokens.Verification.Expired) {
      metrics.counter("portal.sign.ins", "result", "expired").increment();
      return new LinkUse.Expired();
    }
    if (!(v instanceof SignedTokens.Verification.Valid valid)) {
      metrics.counter("portal.sign.ins", "result", "invalid").increment();
      return new LinkUse.Invalid();
    }
    String linkId = valid.fields().get(0);
    String partnerId = valid.fields().get(1);
    String actor = valid.fields().get(2);
    if (state.claim(linkId).isPresent()) {
      metrics.counter("portal.sign.ins", "result", "reused").increment();
      return new LinkUse.AlreadyUsed();
    }
    String claimId = randomId();
    portalLog.append(
        Topics.PORTAL_LINK_CLAIMS, linkId, new PortalLinkClaim(linkId, claimId, partnerId, actor, clock.instant()));
    if (!state.claim(linkId).map(c -> c.getClaimId().equals(claimId)).orElse(false)) {
      metrics.counter("portal.sign.ins", "result", "reused").increment();
      return new LinkUse.AlreadyUsed();
    }
    PartnerSession session = new PartnerSession(randomId(), partnerId, actor);
    String cookie = sessions.issue(config.sessionTtl(), session.sessionId(), partnerId, actor);
    metrics.counter("portal.sign.ins", "result", "signed_in").increment();
    audit(partnerId, actor, "SIGNED_IN", null);
    return new LinkUse.SignedIn(session, cookie);
  }

  public Optional<PartnerSession> session(String cookie) {
    if (sessions.verify(cookie) instanceof SignedTokens.Verification.Valid v) {
      return Optional.of(new PartnerSession(v.fields().get(0), v.fields().get(1), v.fields().get(2)));
    }
    return Optional.empty();
  }

  /** The form token bound to a browser's CSRF cookie. */
  public String csrfToken(String csrfCookie) {
    return csrf.sign(csrfCookie);
  }

  public boolean csrfValid(String csrfCookie, String formToken) {
    return csrfCookie != null
        && formToken != null
        && java.security.MessageDigest.isEqual(
            csrf.sign(csrfCookie).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            formToken.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  // ---- leads, responses, outcomes -------------------------------------------------------------

  public ResponseStatus status(StoredLead lead) {
    return ResponseStatus.of(lead.lead(), state.response(lead.lead().getLeadId()), config.responseWindow(), clock.instant());
  }

  public ResponseRules.Verdict respond(String partnerId, String actor, String leadId, ResponseRules.Request request) {
    StoredLead lead = state.lead(partnerId, leadId).orElseThrow(NotFound::new);
    ResponseRules.Verdict verdict =
        ResponseRules.check(lead.lead(), state.response(leadId), config.responseWindow(), clock.instant(), request);
    if (!(verdict instanceof ResponseRules.Verdict.Allowed a)) {
      return verdict;
    }
    String responseId = randomId();
    Instant now = clock.instant();
    portalLog.append(
        Topics.PORTAL_RESPONSES,
        leadId,
        new LeadResponse(responseId, leadId, partnerId, a.decision(), a.reason(), a.knownSince(), a.knownSource(), now, actor));
    LeadResponse winner = state.response(leadId).orElseThrow();
    if (!winner.getResponseId().equals(responseId)) {
      return new ResponseRules.Verdict.TooLate("this introduction has already been answered");
    }
    metrics.counter("portal.responses", "decision", a.decision().name()).increment();
    audit(partnerId, actor, "RESPONDED", leadId);
    ledger(
        ledgerEntry(leadId, partnerId, IntroductionEvent.RESPONDED, now)
            .setResponse(a.reason() == null ? a.decision().name() : a.reason().name())
            .build());
    return verdict;
  }

  public OutcomeRules.Verdict recordOutcome(String partnerId, String actor, String leadId, OutcomeRules.Report report) {
    StoredLead lead = state.lead(partnerId, leadId).orElseThrow(NotFound::new);
    OutcomeRules.Verdict verdict = OutcomeRules.check(status(lead), report);
    if (!(verdict instanceof OutcomeRules.Verdict.Allowed a)) {
      return verdict;
    }
    Instant now = clock.instant();
    portalLog.append(
        Topics.PORTAL_OUTCOMES,
        leadId,
        new LeadOutcome(randomId(), leadId, partnerId, a.stage(), a.licence(), a.lostReason(), now, actor));
    metrics.counter("portal.outcomes", "stage", a.stage().name()).increment();
    audit(partnerId, actor, "OUTCOME_RECORDED", leadId);
    if (a.stage() == OutcomeStage.VIEWING_BOOKED || a.stage() == OutcomeStage.VIEWED) {
      ledgerOnce(ledgerEntry(leadId, partnerId, IntroductionEvent.VIEWING, now).build());
    } else if (a.stage() == OutcomeStage.LICENCE_SIGNED) {
      // Priced under the terms in force on the day the placement is recorded (§5).
      FeeTerms terms = feeTermsOn(partnerId, LocalDate.ofInstant(now, ZoneOffset.UTC));
      int n = (int) state.ledger(leadId).stream().filter(e -> e.getEvent() == IntroductionEvent.PLACED).count();
      ledger(
          ledgerEntry(leadId, partnerId, IntroductionEvent.PLACED, now)
              .setEntryId(PortalState.entryId(leadId, IntroductionEvent.PLACED) + ":" + (n + 1))
              .setDesks(a.licence().getDesks())
              .setTermMonths(a.licence().getTermMonths())
              .setMonthlyFeePence(a.licence().getMonthlyFeePence())
              .setStartDate(a.licence().getStartDate())
              .setFeeTermsVersion(terms.getVersion())
              .setFeePence(Commission.feePence(a.licence(), terms))
              .build());
    }
    return verdict;
  }

  /** Records when the partner acknowledged a notice; the first acknowledgement is the one kept. */
  public NoticeAcknowledgement acknowledge(String partnerId, String actor, String noticeId) {
    ContactNotice notice = state.notice(partnerId, noticeId).orElseThrow(NotFound::new);
    Optional<NoticeAcknowledgement> earlier = state.acknowledgement(noticeId);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    portalLog.append(
        Topics.PORTAL_NOTICE_ACKS,
        noticeId,
        new NoticeAcknowledgement(notice.getNoticeId(), partnerId, clock.instant(), actor));
    audit(partnerId, actor, "NOTICE_ACKNOWLEDGED", noticeId);
    return state.acknowledgement(noticeId).orElseThrow();
  }

  /** Writes the partner's change as a new version of its record on {@code partners}, for the router. */
  public PartnerSettings.Verdict changeSettings(String partnerId, String actor, PartnerSettings.Change change) {
    Partner current = state.partner(partnerId).orElseThrow(NotFound::new);
    PartnerSettings.Verdict verdict = PartnerSettings.apply(current, change, clock.instant());
    if (verdict instanceof PartnerSettings.Verdict.Changed c) {
      portalLog.append(Topics.PARTNERS, partnerId, c.next());
      audit(partnerId, actor, "SETTINGS_CHANGED", null);
    }
    return verdict;
  }

  public Statement statement(String partnerId, YearMonth month) {
    return Statement.of(partnerId, month, state.ledgerOf(partnerId));
  }

  /** Every partner's funnel, for the broker's staff (docs/partner-portal.md §7). */
  public List<Funnel> funnels() {
    java.util.Set<String> partnerIds = new java.util.TreeSet<>();
    state.partners().forEach(p -> partnerIds.add(p.getPartnerId()));
    state.partnerIdsWithLeads().forEach(partnerIds::add);
    List<Funnel> out = new java.util.ArrayList<>();
    for (String partnerId : partnerIds) {
      int accepted = 0;
      int rejected = 0;
      int pending = 0;
      for (StoredLead lead : state.leads(partnerId)) {
        ResponseStatus st = status(lead);
        if (st.stands()) {
          accepted++;
        } else if (st instanceof ResponseStatus.Rejected) {
          rejected++;
        } else {
          pending++;
        }
      }
      List<Introduction> ledger = state.ledgerOf(partnerId);
      out.add(new Funnel(
          partnerId,
          (int) ledger.stream().filter(e -> e.getEvent() == IntroductionEvent.INTRODUCED).count(),
          accepted,
          rejected,
          pending,
          (int) ledger.stream().filter(e -> e.getEvent() == IntroductionEvent.VIEWING).map(Introduction::getLeadId).distinct().count(),
          (int) ledger.stream().filter(e -> e.getEvent() == IntroductionEvent.PLACED).map(Introduction::getLeadId).distinct().count(),
          // Fees after disputes: an upheld dispute takes the fee off.
          Receivable.of(partnerId, PlacementAccount.of(ledger)).feePence()));
    }
    return out;
  }

  /**
   * The funnel as gauges, {@code portal_funnel{partner,stage}} and {@code
   * portal_funnel_fee_pence{partner}}, and the money the staff view shows, {@code
   * portal_receivable_pence{partner,state}} ({@code to_invoice}, {@code invoiced}, {@code paid},
   * {@code outstanding}) and {@code portal_open_disputes{partner}}, brought up to date before each
   * scrape.
   */
  public String scrapeWithFunnels() {
    List<Funnel> funnels = funnels();
    java.util.Map<String, Funnel> byPartner = new java.util.HashMap<>();
    funnels.forEach(f -> byPartner.put(f.partnerId(), f));
    lastFunnels = byPartner;
    java.util.Map<String, Receivable> money = new java.util.HashMap<>();
    receivables().forEach(r -> money.put(r.partnerId(), r));
    lastReceivables = money;
    for (Receivable r : money.values()) {
      for (String state : List.of("to_invoice", "invoiced", "paid", "outstanding")) {
        io.micrometer.core.instrument.Gauge.builder("portal.receivable.pence", this, self -> self.receivableValue(r.partnerId(), state))
            .tags("partner", r.partnerId(), "state", state)
            .strongReference(true)
            .register(metrics);
      }
      io.micrometer.core.instrument.Gauge.builder("portal.open.disputes", this, self -> self.receivableValue(r.partnerId(), "open_disputes"))
          .tags("partner", r.partnerId())
          .strongReference(true)
          .register(metrics);
    }
    for (Funnel f : funnels) {
      for (String stage : List.of("introduced", "accepted", "rejected", "viewing", "signed")) {
        io.micrometer.core.instrument.Gauge.builder("portal.funnel", this, self -> self.funnelValue(f.partnerId(), stage))
            .tags("partner", f.partnerId(), "stage", stage)
            .strongReference(true)
            .register(metrics);
      }
      io.micrometer.core.instrument.Gauge.builder("portal.funnel.fee.pence", this, self -> self.funnelValue(f.partnerId(), "fee"))
          .tags("partner", f.partnerId())
          .strongReference(true)
          .register(metrics);
    }
    return metrics.scrape();
  }

  private volatile java.util.Map<String, Funnel> lastFunnels = java.util.Map.of();
  private volatile java.util.Map<String, Receivable> lastReceivables = java.util.Map.of();

  private double receivableValue(String partnerId, String state) {
    Receivable r = lastReceivables.get(partnerId);
    if (r == null) {
      return 0;
    }
    return switch (state) {
      case "to_invoice" -> r.toInvoicePence();
      case "invoiced" -> r.invoicedPence();
      case "paid" -> r.paidPence();
      case "outstanding" -> r.outstandingPence();
      default -> r.openDisputes();
    };
  }

  private double funnelValue(String partnerId, String stage) {
    Funnel f = lastFunnels.get(partnerId);
    if (f == null) {
      return 0;
    }
    return switch (stage) {
      case "introduced" -> f.introduced();
      case "accepted" -> f.accepted();
      case "rejected" -> f.rejected();
      case "viewing" -> f.viewing();
      case "signed" -> f.signed();
      default -> f.feePence();
    };
  }

  /** The partner's terms in force today; the configured default becomes version 1 when it has none. */
  public FeeTerms feeTerms(String partnerId) {
    return feeTermsOn(partnerId, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
  }

  /** The terms in force on {@code day} (docs/partner-portal.md §5). */
  public FeeTerms feeTermsOn(String partnerId, LocalDate day) {
    if (state.currentFeeTerms(partnerId).isEmpty()) {
      FeeTerms first = new FeeTerms(partnerId, 1, config.feeRateBasisPoints(), config.feeMonths(), clock.instant());
      portalLog.append(Topics.PORTAL_FEE_TERMS, partnerId + "/v1", first);
    }
    return FeeSchedule.inForceOn(state.feeTermsVersions(partnerId), day).orElseThrow();
  }

  // ---- the broker's finance: fee terms, invoices, payments, disputes -------------------------

  /** Every partner the portal knows: from {@code partners}, and any with leads. */
  public List<String> partnerIds() {
    java.util.Set<String> ids = new java.util.TreeSet<>();
    state.partners().forEach(p -> ids.add(p.getPartnerId()));
    ids.addAll(state.partnerIdsWithLeads());
    return List.copyOf(ids);
  }

  private void requireKnownPartner(String partnerId) {
    if (!partnerIds().contains(partnerId)) {
      throw new NotFound();
    }
  }

  /**
   * Publishes the next version of a partner's fee terms on {@code portal.fee-terms}. Version 1
   * (from configuration) is written first when the partner has none, so it stays on record.
   */
  public FeeSchedule.Verdict publishFeeTerms(String staffActor, String partnerId, String rate, String months, String effectiveFrom) {
    requireKnownPartner(partnerId);
    FeeSchedule.Verdict verdict = FeeSchedule.check(rate, months, effectiveFrom, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    if (verdict instanceof FeeSchedule.Verdict.Valid v) {
      feeTerms(partnerId);
      int next = state.currentFeeTerms(partnerId).orElseThrow().getVersion() + 1;
      portalLog.append(Topics.PORTAL_FEE_TERMS, partnerId + "/v" + next, new FeeTerms(
          partnerId, next, v.rateBasisPoints(), v.feeMonths(), v.effectiveFrom().atStartOfDay(ZoneOffset.UTC).toInstant()));
      audit(partnerId, staffActor, "FEE_TERMS_PUBLISHED", partnerId + "/v" + next);
    }
    return verdict;
  }

  /** Every placement of the partner with where its invoice, payment and dispute stand. */
  public List<PlacementAccount> accounts(String partnerId) {
    return PlacementAccount.of(state.ledgerOf(partnerId));
  }

  public List<Receivable> receivables() {
    return partnerIds().stream().map(p -> Receivable.of(p, accounts(p))).toList();
  }

  /**
   * Invoices a partner's statement month: one INVOICED entry per placement billed, each with a
   * deterministic id, so a repeated click finds them written and writes nothing.
   */
  public LedgerRules.Verdict<LedgerRules.InvoicePlan> invoice(
      String staffActor, String partnerId, YearMonth month, String number, String date) {
    requireKnownPartner(partnerId);
    LedgerRules.Verdict<LedgerRules.InvoicePlan> verdict = LedgerRules.invoice(
        month, accounts(partnerId), state.invoiceNumbers(), number, date, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    if (verdict instanceof LedgerRules.Verdict.Allowed<LedgerRules.InvoicePlan> a) {
      Instant now = clock.instant();
      for (PlacementAccount line : a.value().lines()) {
        ledgerOnce(ledgerEntry(line.leadId(), partnerId, IntroductionEvent.INVOICED, now)
            .setEntryId(line.entryId(IntroductionEvent.INVOICED))
            .setPlacement(line.placement())
            .setInvoiceNumber(a.value().number())
            .setInvoiceDate(a.value().date())
            .setAmountPence(line.netFeePence())
            .build());
      }
      // Two invoices racing through two instances write the same entry ids; the first in the log
      // counts, and the other is told so rather than shown as recorded.
      java.util.Set<String> billed = a.value().lines().stream().map(PlacementAccount::entryId).collect(java.util.stream.Collectors.toSet());
      boolean won = accounts(partnerId).stream()
          .anyMatch(x -> billed.contains(x.entryId()) && x.invoice().map(i -> i.number().equals(a.value().number())).orElse(false));
      if (!won) {
        return new LedgerRules.Verdict.Refused<>("Another invoice billed these placements first. Nothing was written for "
            + a.value().number() + ".");
      }
      audit(partnerId, staffActor, "INVOICE_ISSUED", a.value().number());
    }
    return verdict;
  }

  /** Marks an invoice paid in full: one PAID entry per line it settles. */
  public LedgerRules.Verdict<LedgerRules.PaymentPlan> pay(
      String staffActor, String partnerId, String number, String paidOn, long amountPence) {
    requireKnownPartner(partnerId);
    List<PlacementAccount> lines = accounts(partnerId).stream()
        .filter(x -> x.invoice().map(i -> i.number().equals(number)).orElse(false)).toList();
    LedgerRules.Verdict<LedgerRules.PaymentPlan> verdict =
        LedgerRules.pay(lines, paidOn, amountPence, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    if (verdict instanceof LedgerRules.Verdict.Allowed<LedgerRules.PaymentPlan> a) {
      Instant now = clock.instant();
      for (PlacementAccount line : a.value().lines()) {
        ledgerOnce(ledgerEntry(line.leadId(), partnerId, IntroductionEvent.PAID, now)
            .setEntryId(line.entryId(IntroductionEvent.PAID))
            .setPlacement(line.placement())
            .setInvoiceNumber(number)
            .setPaidOn(a.value().paidOn())
            .setAmountPence(line.invoicedPence())
            .build());
      }
      audit(partnerId, staffActor, "PAYMENT_RECORDED", number);
    }
    return verdict;
  }

  private Optional<PlacementAccount> latestPlacement(String partnerId, String leadId) {
    List<PlacementAccount> placements = accounts(partnerId).stream().filter(a -> a.leadId().equals(leadId)).toList();
    return placements.isEmpty() ? Optional.empty() : Optional.of(placements.get(placements.size() - 1));
  }

  /** The partner disputes the fee of its lead's latest placement (another partner's lead: 404). */
  public LedgerRules.Verdict<String> dispute(String partnerId, String actor, String leadId, String reason) {
    state.lead(partnerId, leadId).orElseThrow(NotFound::new);
    Optional<PlacementAccount> placement = latestPlacement(partnerId, leadId);
    LedgerRules.Verdict<String> verdict = LedgerRules.dispute(placement, reason);
    if (verdict instanceof LedgerRules.Verdict.Allowed<String> a) {
      PlacementAccount p = placement.orElseThrow();
      ledgerOnce(ledgerEntry(leadId, partnerId, IntroductionEvent.DISPUTED, clock.instant())
          .setEntryId(p.entryId(IntroductionEvent.DISPUTED))
          .setPlacement(p.placement())
          .setDispute(PlacementAccount.OPENED)
          .setDisputeReason(a.value())
          .build());
      audit(partnerId, actor, "FEE_DISPUTED", leadId);
    }
    return verdict;
  }

  /** The broker upholds (the fee is credited) or rejects (the fee stands) an open dispute. */
  public LedgerRules.Verdict<String> resolveDispute(String staffActor, String partnerId, String leadId, boolean upheld, String note) {
    requireKnownPartner(partnerId);
    state.lead(partnerId, leadId).orElseThrow(NotFound::new);
    Optional<PlacementAccount> placement = latestPlacement(partnerId, leadId);
    LedgerRules.Verdict<String> verdict = LedgerRules.resolve(placement, note);
    if (verdict instanceof LedgerRules.Verdict.Allowed<String> a) {
      PlacementAccount p = placement.orElseThrow();
      ledgerOnce(ledgerEntry(leadId, partnerId, IntroductionEvent.DISPUTED, clock.instant())
          .setEntryId(p.entryId(IntroductionEvent.DISPUTED) + ":RESOLVED")
          .setPlacement(p.placement())
          .setDispute(upheld ? PlacementAccount.UPHELD : PlacementAccount.REJECTED)
          .setDisputeReason(a.value())
          .setAmountPence(upheld ? p.feePence() : null)
          .build());
      audit(partnerId, staffActor, upheld ? "DISPUTE_UPHELD" : "DISPUTE_REJECTED", leadId);
    }
    return verdict;
  }

  public void audit(String partnerId, String actor, String action, String target) {
    portalLog.send(Topics.PORTAL_AUDIT, partnerId, new PortalAuditEvent(partnerId, actor, action, target, clock.instant()));
  }

  // ---- the ledger -----------------------------------------------------------------------------

  private void recordIntroductionLater(StoredLead lead) {
    ledgerWriter.submit(
        () -> {
          try {
            recordIntroduction(lead);
          } catch (RuntimeException e) {
            // Written again at the next start, which records every lead missing from the ledger.
            log.error("introduction of {} not recorded: {}", lead.lead().getLeadId(), e.getClass().getName());
          }
        });
  }

  private void recordIntroduction(StoredLead lead) {
    String leadId = lead.lead().getLeadId();
    ledgerOnce(
        ledgerEntry(leadId, lead.lead().getPartnerId(), IntroductionEvent.INTRODUCED, lead.lead().getRoutedAt())
            .setSentAt(lead.lead().getRoutedAt())
            .setContentSha256(lead.contentSha256())
            .build());
  }

  private void ledgerOnce(Introduction entry) {
    if (!state.hasLedgerEntry(entry.getEntryId())) {
      ledger(entry);
    }
  }

  private void ledger(Introduction entry) {
    portalLog.append(Topics.PORTAL_INTRODUCTIONS, entry.getLeadId(), entry);
  }

  private static Introduction.Builder ledgerEntry(String leadId, String partnerId, IntroductionEvent event, Instant at) {
    return Introduction.newBuilder()
        .setEntryId(PortalState.entryId(leadId, event))
        .setLeadId(leadId)
        .setPartnerId(partnerId)
        .setEvent(event)
        .setAt(at);
  }

  static String randomId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Not this partner's, or not at all: the two look the same from outside (404). */
  public static final class NotFound extends RuntimeException {
    public NotFound() {
      super("not found", null, false, false);
    }
  }

  @Override
  public void close() {
    windowSweeper.shutdownNow();
    ledgerWriter.shutdown();
    tail.close();
    portalLog.close();
    metrics.close();
  }
}
