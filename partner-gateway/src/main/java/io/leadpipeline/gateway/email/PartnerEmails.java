package io.leadpipeline.gateway.email;

import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.CorrectionNotice;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.Requirements;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The lead and notice emails (docs/partner-delivery.md §7): plain text a person reads at a glance,
 * holding only what the partner may use (the phone only when calling is permitted, as on the
 * lead itself). Free text from the enquiry is stripped of control characters so it cannot forge
 * extra lines or headers.
 */
public final class PartnerEmails {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.UK).withZone(ZoneId.of("Europe/London"));

  private PartnerEmails() {}

  public static EmailMessage lead(Lead lead, String to) {
    Requirements r = lead.getRequirements();
    String where = r.getCity() + (r.getPostcodeDistrict() == null ? "" : " " + r.getPostcodeDistrict());
    StringBuilder b = new StringBuilder();
    b.append("A new enquiry for office space has been introduced to you.\n\n");
    b.append("Contact\n");
    line(b, "Name", lead.getContact().getFullName());
    line(b, "Company", lead.getContact().getCompany());
    line(b, "Email", lead.getContact().getEmail());
    if (lead.getCallPermitted() && lead.getContact().getPhone() != null) {
      line(b, "Phone", lead.getContact().getPhone());
    } else {
      line(b, "Phone", "not shared: please reply by email");
    }
    b.append("\nLooking for\n");
    line(b, "Where", where);
    line(b, "Desks", Integer.toString(r.getDesks()));
    line(b, "Office type", r.getOfficeTypes().stream().map(PartnerEmails::officeType).collect(Collectors.joining(", ")));
    line(b, "Budget", r.getMaxBudgetPerDeskGbp() == null ? null : "£" + r.getMaxBudgetPerDeskGbp() + " per desk per month");
    line(b, "Move in", r.getMoveInDate() == null ? null : r.getMoveInDate().toString());
    line(b, "Term", r.getTermMonths() == null ? null : r.getTermMonths() + " months");
    b.append("\n");
    line(b, "Enquired", WHEN.format(lead.getSubmittedAt()));
    line(b, "Marketing", lead.getMarketingPermitted()
        ? "the enquirer agreed to hear about other offers"
        : "contact only about this enquiry; no marketing");
    line(b, "Lead id", lead.getLeadId());
    b.append("\nQuote the lead id in any question about this introduction.\n");
    return new EmailMessage(to, "New office enquiry: " + clean(r.getDesks() + " desks in " + where) + " (" + lead.getLeadId() + ")", b.toString());
  }

  public static EmailMessage notice(ContactNotice notice, String to) {
    String what = switch (notice.getKind()) {
      case DO_NOT_CALL -> "has asked not to be called. Please do not telephone them.";
      case MARKETING_OPT_OUT -> "has opted out of marketing. Please send them no marketing.";
      case DO_NOT_REPEAT -> "has asked not to be introduced to you again. Please do not contact them further.";
      case ERASURE -> "has asked for their personal data to be erased. Please delete what you hold about them"
          + " from these leads, unless you must keep it by law.";
    };
    StringBuilder b = new StringBuilder();
    b.append("The person behind the leads below ").append(what).append("\n\n");
    line(b, "Effective", WHEN.format(notice.getEffectiveAt()));
    b.append("Leads\n");
    for (String id : notice.getLeadIds()) {
      b.append("  ").append(clean(id)).append('\n');
    }
    b.append('\n');
    line(b, "Notice id", notice.getNoticeId());
    return new EmailMessage(to, "Contact notice: " + notice.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
        + " (" + notice.getNoticeId() + ")", b.toString());
  }

  /** A correction of the contact details a lead carried (docs/SPECIFICATION.md §8.5): only the corrected fields. */
  public static EmailMessage correction(CorrectionNotice c, String to) {
    StringBuilder b = new StringBuilder();
    b.append("The person behind the lead below has corrected their contact details. Please update your records.\n\n");
    line(b, "Name", c.getFullName());
    line(b, "Company", c.getCompany());
    line(b, "Email", c.getEmail());
    line(b, "Phone", c.getPhone());
    b.append('\n');
    line(b, "Effective", WHEN.format(c.getEffectiveAt()));
    line(b, "Lead id", c.getLeadId());
    line(b, "Notice id", c.getNoticeId());
    return new EmailMessage(to, "Contact details corrected (" + c.getNoticeId() + ")", b.toString());
  }

  private static void line(StringBuilder b, String label, String value) {
    if (value != null && !value.isBlank()) {
      b.append("  ").append(label).append(": ").append(clean(value)).append('\n');
    }
  }

  private static String officeType(OfficeType t) {
    return t.name().charAt(0) + t.name().substring(1).toLowerCase(Locale.ROOT);
  }

  /** One line of text: control and format characters become spaces. */
  static String clean(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      int type = Character.getType(c);
      out.appendCodePoint(Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR ? ' ' : c);
    });
    return out.toString().strip();
  }
}
