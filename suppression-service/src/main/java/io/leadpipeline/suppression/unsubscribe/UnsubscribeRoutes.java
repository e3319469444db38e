package io.leadpipeline.suppression.unsubscribe;

import io.javalin.http.Context;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.suppression.Subject;
import io.leadpipeline.suppression.SuppressionView;
import io.leadpipeline.suppression.Suppressions;
import io.leadpipeline.suppression.Written;
import io.leadpipeline.suppression.api.Endpoints;
import io.leadpipeline.suppression.preferences.Channel;
import io.leadpipeline.suppression.preferences.PreferenceRules;
import io.leadpipeline.suppression.rectify.Corrections;
import io.leadpipeline.suppression.rectify.RectificationRules;
import io.leadpipeline.suppression.rectify.Rectifications;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages behind email links. {@code GET /unsubscribe?token=} asks for confirmation (mail
 * scanners prefetch links, so a GET changes nothing); {@code POST /unsubscribe?token=} with the
 * RFC 8058 body {@code List-Unsubscribe=One-Click} opts out of marketing emails, from a mail
 * client's one-click button or the confirmation form alike. {@code /preferences} shows and saves
 * every choice with the same token, and links to {@code /preferences/correction}, where the
 * person corrects the contact details partners received (docs/SPECIFICATION.md §8.5). The token
 * is the only credential: it names a subject key and expires.
 */
public final class UnsubscribeRoutes implements Consumer<Endpoints> {
  private static final Logger log = LoggerFactory.getLogger(UnsubscribeRoutes.class);
  private static final String UNSUBSCRIBE_ACTOR = "page:unsubscribe";
  private static final String PREFERENCES_ACTOR = "page:preferences";
  private static final String CORRECTION_ACTOR = "page:correction";

  private final UnsubscribeTokens tokens;
  private final Suppressions suppressions;
  private final Rectifications rectifications;

  public UnsubscribeRoutes(UnsubscribeTokens tokens, Suppressions suppressions, Rectifications rectifications) {
    this.tokens = tokens;
    this.suppressions = suppressions;
    this.rectifications = rectifications;
  }

  @Override
  public void accept(Endpoints e) {
    e.app().get("/unsubscribe", ctx -> withSubject(ctx, ctx.queryParam("token"), subjectKey -> {
      boolean already = choices(subjectKey).emailMarketing();
      html(ctx, 200, Pages.confirm(ctx.queryParam("token"), already));
    }));
    e.app().post("/unsubscribe", ctx -> withSubject(ctx, ctx.queryParam("token"), subjectKey -> {
      // RFC 8058 names the body; a form post without it is still this person's request.
      Written w =
          suppressions.optOut(Subject.ofSubjectKey(subjectKey), EnumSet.of(Channel.EMAIL_MARKETING), UNSUBSCRIBE_ACTOR);
      html(ctx, 200, Pages.unsubscribed(ctx.queryParam("token"), w.acknowledgedAt()));
    }));
    e.app().get("/preferences", ctx -> withSubject(ctx, ctx.queryParam("token"), subjectKey ->
        html(ctx, 200, Pages.preferences(ctx.queryParam("token"), choices(subjectKey), null))));
    e.app().post("/preferences", ctx -> {
      String token = ctx.formParam("token");
      withSubject(ctx, token, subjectKey -> {
        Instant savedAt = save(subjectKey, ctx);
        html(ctx, 200, Pages.preferences(token, choices(subjectKey), savedAt));
      });
    });
    e.app().get("/preferences/correction", ctx -> withSubject(ctx, ctx.queryParam("token"), subjectKey ->
        html(ctx, 200, Pages.correction(ctx.queryParam("token"), null, Pages.Entered.NONE))));
    e.app().post("/preferences/correction", ctx -> {
      String token = ctx.formParam("token");
      withSubject(ctx, token, subjectKey -> {
        Pages.Entered entered = new Pages.Entered(
            ctx.formParam("fullName"), ctx.formParam("company"), ctx.formParam("email"), ctx.formParam("phone"));
        Corrections c;
        try {
          c = RectificationRules.validate(entered.fullName(), entered.company(), entered.email(), entered.phone());
        } catch (RectificationRules.InvalidCorrection ex) {
          html(ctx, 400, Pages.correction(token, ex.getMessage(), entered));
          return;
        }
        rectifications.rectify(Subject.ofSubjectKey(subjectKey), c, CORRECTION_ACTOR);
        html(ctx, 200, Pages.corrected(token, c.fields()));
      });
    });
  }

  /** The person's choices; an unreadable record shows as the most restrictive choice, as it is enforced. */
  private Pages.Choices choices(String subjectKey) {
    Instant now = suppressions.clock().instant();
    ContactPreferences p =
        suppressions.view().preferences().state(subjectKey)
            .fold(() -> null, v -> v, gap -> PreferenceRules.mostRestrictive(now, PREFERENCES_ACTOR));
    Set<Channel> out = PreferenceRules.optedOut(p);
    boolean dnc = p != null && p.getDoNotCallAt() != null;
    boolean all =
        suppressions.view().doNotRepeat().state(subjectKey).fold(() -> false, DoNotRepeat::getAllPartners, gap -> true);
    return new Pages.Choices(
        out.contains(Channel.EMAIL_MARKETING), out.contains(Channel.PHONE_MARKETING), out.contains(Channel.SMS), dnc, all);
  }

  /**
   * Applies the form: ticked boxes stop contact; a box the person saw ticked and unticked allows it
   * again. A box not shown ticked never lifts anything, whatever the record says now: the person
   * cannot have meant to undo a choice made after the page was opened.
   */
  private Instant save(String subjectKey, Context ctx) {
    Pages.Choices now = choices(subjectKey);
    Set<String> shown = Set.copyOf(ctx.formParams("shown"));
    Subject subject = Subject.ofSubjectKey(subjectKey);
    Set<Channel> stop = EnumSet.noneOf(Channel.class);
    Set<Channel> allow = EnumSet.noneOf(Channel.class);
    sort(ctx, shown, "emailMarketing", now.emailMarketing(), Channel.EMAIL_MARKETING, stop, allow);
    sort(ctx, shown, "phoneMarketing", now.phoneMarketing(), Channel.PHONE_MARKETING, stop, allow);
    sort(ctx, shown, "sms", now.sms(), Channel.SMS, stop, allow);
    boolean wantDnc = ticked(ctx, "doNotCall");
    boolean liftDnc = !wantDnc && now.doNotCall() && shown.contains("doNotCall");
    boolean wantNoShare = ticked(ctx, "doNotShare");
    List<Written> writes = new ArrayList<>();
    if (!stop.isEmpty()) {
      writes.add(suppressions.optOut(subject, stop, PREFERENCES_ACTOR));
    }
    if (wantDnc && !now.doNotCall()) {
      writes.add(suppressions.doNotCall(subject, PREFERENCES_ACTOR));
    }
    if (!allow.isEmpty() || liftDnc) {
      writes.add(suppressions.reConsent(subject, allow, liftDnc, null, PREFERENCES_ACTOR));
    }
    if (wantNoShare && !now.doNotShare()) {
      writes.add(suppressions.doNotRepeat(subjectKey, List.of(), true, PREFERENCES_ACTOR));
    } else if (!wantNoShare && now.doNotShare() && shown.contains("doNotShare")) {
      writes.add(suppressions.liftDoNotRepeat(subjectKey, List.of(), true, PREFERENCES_ACTOR));
    }
    return writes.stream()
        .map(Written::acknowledgedAt)
        .max(Instant::compareTo)
        .orElse(suppressions.clock().instant());
  }

  private static void sort(
      Context ctx, Set<String> shown, String field, boolean current, Channel c, Set<Channel> stop, Set<Channel> allow) {
    boolean want = ticked(ctx, field);
    if (want && !current) {
      stop.add(c);
    } else if (!want && current && shown.contains(field)) {
      allow.add(c);
    }
  }

  private static boolean ticked(Context ctx, String field) {
    return "on".equals(ctx.formParam(field));
  }

  private interface SubjectAction {
    void run(String subjectKey) throws Exception;
  }

  private void withSubject(Context ctx, String token, SubjectAction action) throws Exception {
    ctx.header("Cache-Control", "no-store");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
    UnsubscribeTokens.Verification verification = tokens.verify(token);
    if (verification instanceof UnsubscribeTokens.Verification.Valid v) {
      try {
        action.run(v.subjectKey());
      } catch (Suppressions.WriteFailedException
          | SuppressionView.ViewIncompleteException
          | SuppressionView.UnreadableRecordException e) {
        log.warn("page write not done: {}", e.getMessage());
        html(ctx, 503, Pages.unavailable());
      }
    } else if (verification instanceof UnsubscribeTokens.Verification.Expired) {
      html(ctx, 410, Pages.expired());
    } else {
      html(ctx, 400, Pages.invalid());
    }
  }

  private static void html(Context ctx, int status, String page) {
    ctx.status(status).contentType("text/html; charset=utf-8").result(page);
  }
}
