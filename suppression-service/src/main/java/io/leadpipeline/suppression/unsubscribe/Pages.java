package io.leadpipeline.suppression.unsubscribe;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The pages a person sees from an email link: plain HTML and CSS, no script, labelled controls,
 * high contrast, usable on a phone. Every dynamic value is escaped.
 */
public final class Pages {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMMM yyyy 'at' HH:mm:ss 'UTC'", Locale.UK).withZone(ZoneId.of("UTC"));

  /** What the preference page shows as chosen. */
  public record Choices(
      boolean emailMarketing, boolean phoneMarketing, boolean sms, boolean doNotCall, boolean doNotShare) {
    /** The form fields of the boxes shown ticked: only those can be unticked to allow contact again. */
    public java.util.List<String> ticked() {
      java.util.List<String> out = new java.util.ArrayList<>();
      if (emailMarketing) {
        out.add("emailMarketing");
      }
      if (phoneMarketing) {
        out.add("phoneMarketing");
      }
      if (sms) {
        out.add("sms");
      }
      if (doNotCall) {
        out.add("doNotCall");
      }
      if (doNotShare) {
        out.add("doNotShare");
      }
      return out;
    }
  }

  private static final String CSS =
      """
      :root{color-scheme:light;--ink:#1b1b1b;--muted:#4a4a4a;--brand:#0b4f8a;--line:#c9ced6;--ok:#0f5132;--okbg:#e8f5ee;--bad:#842029;--badbg:#fbeaec}
      *{box-sizing:border-box}
      body{margin:0;font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);background:#f3f5f8}
      header{background:var(--brand);color:#fff;padding:.9rem 1.25rem}
      header p{margin:0;font-weight:600;letter-spacing:.01em}
      main{max-width:38rem;margin:2rem auto;padding:1.75rem 1.5rem;background:#fff;border:1px solid var(--line);border-radius:10px}
      h1{font-size:1.6rem;line-height:1.25;margin:0 0 .75rem}
      p{margin:.5rem 0 1rem}
      .muted{color:var(--muted);font-size:.95rem}
      fieldset{border:1px solid var(--line);border-radius:8px;margin:0 0 1.25rem;padding:.75rem 1rem 1rem}
      legend{font-weight:650;padding:0 .35rem}
      .choice{display:flex;gap:.75rem;align-items:flex-start;padding:.45rem 0}
      .choice input{width:1.35rem;height:1.35rem;margin:.15rem 0 0;flex:none;accent-color:var(--brand)}
      .choice label{cursor:pointer}
      input[type=text],input[type=email],input[type=tel]{width:100%;font:inherit;padding:.5rem;border:1px solid var(--line);border-radius:6px}
      .hint{display:block;color:var(--muted);font-size:.92rem}
      button{font:inherit;font-weight:600;background:var(--brand);color:#fff;border:0;border-radius:8px;padding:.75rem 1.4rem;cursor:pointer;min-height:2.75rem}
      button:hover{background:#083d6b}
      a{color:var(--brand)}
      :focus-visible{outline:3px solid #f0b400;outline-offset:2px}
      .notice{border-radius:8px;padding:.75rem 1rem;margin:0 0 1.25rem}
      .ok{background:var(--okbg);color:var(--ok);border:1px solid #9fd3b6}
      .bad{background:var(--badbg);color:var(--bad);border:1px solid #f1aeb5}
      footer{max-width:38rem;margin:0 auto 2rem;padding:0 1.5rem;color:var(--muted);font-size:.9rem}
      main.problem{border-top:6px solid var(--bad)}
      @media (max-width:40rem){main{margin:.75rem .5rem 1.5rem;padding:1.25rem 1rem}h1{font-size:1.4rem}}
      """;

  private Pages() {}

  public static String confirm(String token, boolean alreadyUnsubscribed) {
    String t = Html.url(token);
    String body =
        alreadyUnsubscribed
            ? "<div class=\"notice ok\" role=\"status\">You are already unsubscribed from our marketing emails.</div>"
                + "<p>You can still change any of your choices.</p>"
                + "<p><a href=\"/preferences?token=" + t + "\">Manage all your preferences</a></p>"
            : "<h1>Unsubscribe from marketing emails?</h1>"
                + "<p>We will stop sending you emails about office space offers and news."
                + " Emails about an enquiry you make are not affected.</p>"
                + "<form method=\"post\" action=\"/unsubscribe?token=" + t + "\">"
                + "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                + "<button type=\"submit\">Unsubscribe</button>"
                + "</form>"
                + "<p class=\"muted\">Want to stop calls or sharing too? "
                + "<a href=\"/preferences?token=" + t + "\">Manage all your preferences</a>.</p>";
    return page(alreadyUnsubscribed ? "Already unsubscribed" : "Unsubscribe", body);
  }

  public static String unsubscribed(String token, Instant at) {
    String t = Html.url(token);
    return page(
        "Unsubscribed",
        "<div class=\"notice ok\" role=\"status\"><strong>You are unsubscribed.</strong> "
            + "No marketing emails will be sent to you from " + Html.escape(WHEN.format(at)) + ".</div>"
            + "<h1>You're unsubscribed</h1>"
            + "<p>We have also told our systems to stop, so partners we work with will see the change.</p>"
            + "<p><a href=\"/preferences?token=" + t + "\">Manage all your preferences</a></p>");
  }

  public static String preferences(String token, Choices c, Instant savedAt) {
    StringBuilder b = new StringBuilder();
    if (savedAt != null) {
      b.append("<div class=\"notice ok\" role=\"status\"><strong>Your choices are saved.</strong> They apply from ")
          .append(Html.escape(WHEN.format(savedAt)))
          .append(".</div>");
    }
    b.append("<h1>Your contact preferences</h1>")
        .append("<p>Tick what you want us to stop. Untick to allow it again.</p>")
        .append("<form method=\"post\" action=\"/preferences\">")
        .append("<input type=\"hidden\" name=\"token\" value=\"").append(Html.escape(token)).append("\">");
    // What the person saw ticked: an unticked box lifts a choice only if it was shown ticked, so a
    // form opened before a later opt-out (say, a one-click unsubscribe) cannot undo it.
    for (String field : c.ticked()) {
      b.append("<input type=\"hidden\" name=\"shown\" value=\"").append(field).append("\">");
    }
    b.append("<fieldset><legend>Marketing</legend>")
        .append(choice("emailMarketing", "Stop marketing emails", "Offers and news by email.", c.emailMarketing()))
        .append(choice("phoneMarketing", "Stop marketing calls", "Calls about offers that are not about your enquiry.", c.phoneMarketing()))
        .append(choice("sms", "Stop marketing text messages", "Offers by SMS.", c.sms()))
        .append("</fieldset>")
        .append("<fieldset><legend>Calls about your enquiries</legend>")
        .append(choice("doNotCall", "Do not call me", "We and the partners who received your enquiry will stop calling you.", c.doNotCall()))
        .append("</fieldset>")
        .append("<fieldset><legend>Sharing</legend>")
        .append(choice("doNotShare", "Do not share my details with any more partners", "Partners who already have your enquiry are told.", c.doNotShare()))
        .append("</fieldset>")
        .append("<button type=\"submit\">Save my choices</button>")
        .append("</form>")
        .append("<p class=\"muted\">Are the details we hold wrong? <a id=\"correct-details\" href=\"/preferences/correction?token=")
        .append(Html.url(token)).append("\">Correct your details</a>; partners who received them are told.</p>");
    return page("Your contact preferences", b.toString());
  }

  /** What the person typed into the correction form, shown again with a problem; fields may be null. */
  public record Entered(String fullName, String company, String email, String phone) {
    public static final Entered NONE = new Entered(null, null, null, null);
  }

  /** The correction form (docs/SPECIFICATION.md §8.5); {@code problem}, when set, says what to fix. */
  public static String correction(String token, String problem, Entered entered) {
    StringBuilder b = new StringBuilder();
    if (problem != null) {
      b.append("<div class=\"notice bad\" role=\"alert\" id=\"problem\"><strong>Please check the form.</strong> ")
          .append(Html.escape(problem)).append("</div>");
    }
    b.append("<h1>Correct your details</h1>")
        .append("<p>Fill in only what is wrong; leave the rest blank. We tell every partner that received your")
        .append(" details, each only what it received from us.</p>")
        .append("<form method=\"post\" action=\"/preferences/correction\">")
        .append("<input type=\"hidden\" name=\"token\" value=\"").append(Html.escape(token)).append("\">")
        .append("<fieldset><legend>Your corrected details</legend>")
        .append(field("fullName", "Full name", "text", "name", entered.fullName()))
        .append(field("company", "Company", "text", "organization", entered.company()))
        .append(field("email", "Email address", "email", "email", entered.email()))
        .append(field("phone", "Phone number", "tel", "tel", entered.phone()))
        .append("</fieldset>")
        .append("<button type=\"submit\">Send my corrections</button>")
        .append("</form>")
        .append("<p class=\"muted\"><a href=\"/preferences?token=").append(Html.url(token))
        .append("\">Back to your preferences</a></p>");
    return page("Correct your details", b.toString(), problem != null);
  }

  /** After a correction was recorded: which fields, never their values. */
  public static String corrected(String token, java.util.List<String> fields) {
    java.util.Map<String, String> labels = java.util.Map.of(
        "fullName", "your name", "company", "your company", "email", "your email address", "phone", "your phone number");
    String what = String.join(", ", fields.stream().map(labels::get).toList());
    return page(
        "Details corrected",
        "<div class=\"notice ok\" role=\"status\" id=\"corrected\"><strong>Thank you.</strong> We have recorded the"
            + " correction of " + Html.escape(what) + ".</div>"
            + "<h1>Your details are corrected</h1>"
            + "<p>Every partner that received your details is told, each only of what it received from us.</p>"
            + "<p><a href=\"/preferences?token=" + Html.url(token) + "\">Back to your preferences</a></p>");
  }

  private static String field(String name, String label, String type, String autocomplete, String value) {
    return "<p><label for=\"" + name + "\">" + Html.escape(label) + "</label><br>"
        + "<input id=\"" + name + "\" name=\"" + name + "\" type=\"" + type + "\" autocomplete=\"" + autocomplete
        + "\" maxlength=\"254\""
        + (value == null ? "" : " value=\"" + Html.escape(value) + "\"") + "></p>";
  }

  public static String expired() {
    return problem(
        "Link expired",
        "<h1>This link has expired</h1>"
            + "<p>For your security, links in our emails work for a limited time. Use the link in a more"
            + " recent email, or reply to any of our emails and ask us to unsubscribe you.</p>");
  }

  public static String invalid() {
    return problem(
        "Link not recognised",
        "<h1>This link does not work</h1>"
            + "<p>It may have been cut short or changed when it was copied. Open the link straight from"
            + " the email, or reply to any of our emails and ask us to unsubscribe you.</p>");
  }

  public static String unavailable() {
    return problem(
        "Please try again",
        "<h1>Please try again in a minute</h1>"
            + "<p>Nothing has changed yet. Reload this page to try again.</p>");
  }

  private static String choice(String name, String label, String hint, boolean checked) {
    return "<div class=\"choice\"><input type=\"checkbox\" id=\"" + name + "\" name=\"" + name + "\" value=\"on\""
        + (checked ? " checked" : "")
        + " aria-describedby=\"" + name + "-hint\"><label for=\"" + name + "\">" + Html.escape(label)
        + "<span class=\"hint\" id=\"" + name + "-hint\">" + Html.escape(hint) + "</span></label></div>";
  }

  private static String page(String title, String body) {
    return page(title, body, false);
  }

  private static String problem(String title, String body) {
    return page(title, body, true);
  }

  private static String page(String title, String body, boolean problem) {
    return "<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<meta name=\"robots\" content=\"noindex\">"
        + "<title>" + Html.escape(title) + " – Office space enquiries</title>"
        + "<style>" + CSS + "</style></head><body>"
        + "<header><p>Office space enquiries</p></header>"
        + (problem ? "<main class=\"problem\" role=\"alert\">" : "<main>") + body + "</main>"
        + "<footer>We keep only what we need to honour your choices. Questions? Reply to any of our emails.</footer>"
        + "</body></html>";
  }
}
