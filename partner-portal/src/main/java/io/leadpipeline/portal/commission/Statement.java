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
 * entry falls in the month with the fee each earned and where its invoice, payment and any
 * dispute stand now.
 */
public record Statement(
    String partnerId, YearMonth month, int introduced, int accepted, int rejected, List<Line> placements) {

  /**
   * One placement: its fee (zero once a dispute is upheld), the invoice that billed it, what was
   * paid and what is still owed on the invoice.
   */
  public record Line(
      String leadId,
      LocalDate placedOn,
      int desks,
      int termMonths,
      long monthlyFeePence,
      LocalDate startDate,
      int feeTermsVersion,
      long feePence,
      String dispute,
      String invoiceNumber,
      long invoicedPence,
      long paidPence,
      long outstandingPence) {

    static Line of(PlacementAccount a) {
      return new Line(
          a.leadId(), LocalDate.ofInstant(a.placedAt(), ZoneOffset.UTC), a.desks(), a.termMonths(), a.monthlyFeePence(),
          a.startDate(), a.feeTermsVersion(), a.netFeePence(), a.disputeLabel(),
          a.invoice().map(PlacementAccount.Invoice::number).orElse(""), a.invoicedPence(), a.paidPence(), a.outstandingPence());
    }
  }

  public long totalFeePence() {
    return sum(Line::feePence);
  }

  public long totalInvoicedPence() {
    return sum(Line::invoicedPence);
  }

  public long totalPaidPence() {
    return sum(Line::paidPence);
  }

  public long totalOutstandingPence() {
    return sum(Line::outstandingPence);
  }

  private long sum(java.util.function.ToLongFunction<Line> amount) {
    return placements.stream().mapToLong(amount).reduce(0L, Math::addExact);
  }

  public static Statement of(String partnerId, YearMonth month, List<Introduction> ledger) {
    int introduced = 0;
    int accepted = 0;
    int rejected = 0;
    List<Introduction> own = ledger.stream().filter(e -> e.getPartnerId().equals(partnerId)).toList();
    for (Introduction e : own) {
      if (!YearMonth.from(e.getAt().atZone(ZoneOffset.UTC)).equals(month)) {
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
      }
    }
    List<Line> lines = PlacementAccount.of(own).stream()
        .filter(a -> YearMonth.from(a.placedAt().atZone(ZoneOffset.UTC)).equals(month))
        .map(Line::of)
        .toList();
    return new Statement(partnerId, month, introduced, accepted, rejected, lines);
  }

  /** The statement as CSV: amounts in pence, so a spreadsheet adds them without rounding. */
  public String csv() {
    StringBuilder out = new StringBuilder(
        "lead_id,placed_on,desks,term_months,monthly_fee_pence,start_date,fee_terms_version,fee_pence,"
            + "dispute,invoice_number,invoiced_pence,paid_pence,outstanding_pence\r\n");
    for (Line l : placements) {
      out.append(cell(l.leadId())).append(',')
          .append(l.placedOn()).append(',')
          .append(l.desks()).append(',')
          .append(l.termMonths()).append(',')
          .append(l.monthlyFeePence()).append(',')
          .append(l.startDate()).append(',')
          .append(l.feeTermsVersion()).append(',')
          .append(l.feePence()).append(',')
          .append(l.dispute()).append(',')
          .append(cell(l.invoiceNumber())).append(',')
          .append(l.invoicedPence()).append(',')
          .append(l.paidPence()).append(',')
          .append(l.outstandingPence()).append("\r\n");
    }
    out.append("total,,,,,,,").append(totalFeePence()).append(",,,")
        .append(totalInvoicedPence()).append(',')
        .append(totalPaidPence()).append(',')
        .append(totalOutstandingPence()).append("\r\n");
    return out.toString();
  }

  /** Quotes a text cell, and keeps a spreadsheet from reading it as a formula. */
  static String cell(String text) {
    String t = text.matches("^[=+\\-@].*") ? "'" + text : text;
    return t.matches(".*[\",\r\n].*") ? "\"" + t.replace("\"", "\"\"") + "\"" : t;
  }
}
