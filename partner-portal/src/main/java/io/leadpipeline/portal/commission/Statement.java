package io.leadpipeline.portal.commission;

import io.leadpipeline.avro.Introduction;
import io.leadpipeline.avro.IntroductionEvent;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A partner's monthly statement (docs/partner-portal.md §5), built from the introductions ledger
 * alone: introductions made and responses given in the month, and the placements whose PLACED
 * entry falls in the month with the fee each earned.
 */
public record Statement(
    String partnerId, YearMonth month, int introduced, int accepted, int rejected, List<Line> placements) {

  /** One placement and its fee. */
  public record Line(
      String leadId,
      LocalDate placedOn,
      int desks,
      int termMonths,
      long monthlyFeePence,
      LocalDate startDate,
      int feeTermsVersion,
      long feePence) {}

  public long totalFeePence() {
    return placements.stream().mapToLong(Line::feePence).reduce(0L, Math::addExact);
  }

  public static Statement of(String partnerId, YearMonth month, List<Introduction> ledger) {
    int introduced = 0;
    int accepted = 0;
    int rejected = 0;
    List<Line> lines = new java.util.ArrayList<>();
    for (Introduction e : ledger) {
      if (!e.getPartnerId().equals(partnerId) || !YearMonth.from(e.getAt().atZone(ZoneOffset.UTC)).equals(month)) {
        continue;
      }
      if (e.getEvent() == IntroductionEvent.INTRODUCED) {
        introduced++;
      } else if (e.getEvent() == IntroductionEvent.RESPONDED) {
        // Accepted outright, or nobody answered within the window.
        if ("ACCEPTED".equals(e.getResponse()) || "DEEMED_ACCEPTED".equals(e.getResponse())) {
          accepted++;
        } else {
          rejected++;
        }
      } else if (e.getEvent() == IntroductionEvent.PLACED && e.getFeePence() != null) {
        lines.add(
            new Line(
                e.getLeadId(),
                LocalDate.ofInstant(e.getAt(), ZoneOffset.UTC),
                e.getDesks(),
                e.getTermMonths(),
                e.getMonthlyFeePence(),
                e.getStartDate(),
                e.getFeeTermsVersion(),
                e.getFeePence()));
      }
    }
    return new Statement(partnerId, month, introduced, accepted, rejected, List.copyOf(lines));
  }

  /** The statement as CSV: amounts in pence, so a spreadsheet adds them without rounding. */
  public String csv() {
    StringBuilder out =
        new StringBuilder(
            "lead_id,placed_on,desks,term_months,monthly_fee_pence,start_date,fee_terms_version,fee_pence\r\n");
    for (Line l : placements) {
      out.append(cell(l.leadId())).append(',')
          .append(l.placedOn()).append(',')
          .append(l.desks()).append(',')
          .append(l.termMonths()).append(',')
          .append(l.monthlyFeePence()).append(',')
          .append(l.startDate()).append(',')
          .append(l.feeTermsVersion()).append(',')
          .append(l.feePence()).append("\r\n");
    }
    out.append("total,,,,,,,").append(totalFeePence()).append("\r\n");
    return out.toString();
  }

  /** Quotes a text cell, and keeps a spreadsheet from reading it as a formula. */
  static String cell(String text) {
    String t = text.matches("^[=+\\-@].*") ? "'" + text : text;
    return t.matches(".*[\",\r\n].*") ? "\"" + t.replace("\"", "\"\"") + "\"" : t;
  }
}
