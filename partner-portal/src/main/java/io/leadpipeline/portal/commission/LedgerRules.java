package io.leadpipeline.portal.commission;

import io.leadpipeline.portal.commission.PlacementAccount.Dispute;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which invoicing, payment and dispute entries may be written (docs/partner-portal.md §5). A
 * placement is invoiced once, paid once and only after it was invoiced, and disputed once before
 * it is paid; a dispute is resolved once, by the broker. Pure functions of the placements' accounts,
 * so a repeated click, which finds the entry already written, is refused and writes nothing.
 */
public final class LedgerRules {
  public static final int REASON_MAX = 500;
  private static final Pattern INVOICE_NUMBER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9/_-]{0,39}");
  /** An email address, or ten digits in a row however they are spaced (a UK phone number has ten or more). */
  private static final Pattern PERSONAL = Pattern.compile("@|\\d(?:[\\s().+-]*\\d){9}");
  /** Dates are what a dispute is about: they are not mistaken for a phone number. */
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}/\\d{2,4}");

  private LedgerRules() {}

  /**
   * Allowed, with what to write; invalid input (say what to correct); or refused because of where
   * the placement stands (already done, or not possible yet). Only Allowed writes anything.
   */
  public sealed interface Verdict<T> {
    record Allowed<T>(T value) implements Verdict<T> {}

    record Invalid<T>(String message) implements Verdict<T> {}

    record Refused<T>(String message) implements Verdict<T> {}
  }

  /** An invoice: its lines are the placements it bills, each for its fee. */
  public record InvoicePlan(String number, LocalDate date, List<PlacementAccount> lines) {
    public long totalPence() {
      return lines.stream().mapToLong(PlacementAccount::netFeePence).reduce(0L, Math::addExact);
    }
  }

  /** A payment of a whole invoice: the lines it settles and the day the money arrived. */
  public record PaymentPlan(String number, LocalDate paidOn, List<PlacementAccount> lines) {}

  public static Optional<String> whyNotInvoice(PlacementAccount a) {
    if (a.invoice().isPresent()) {
      return Optional.of("already invoiced on " + a.invoice().get().number());
    } else if (a.dispute() instanceof Dispute.Open) {
      return Optional.of("under dispute");
    } else if (a.dispute() instanceof Dispute.Upheld) {
      return Optional.of("credited after a dispute");
    }
    return Optional.empty();
  }

  public static Optional<String> whyNotPay(PlacementAccount a) {
    if (a.invoice().isEmpty()) {
      return Optional.of("not invoiced yet");
    } else if (a.payment().isPresent()) {
      return Optional.of("already paid");
    } else if (a.dispute() instanceof Dispute.Open) {
      return Optional.of("under dispute: resolve the dispute first");
    }
    return Optional.empty();
  }

  public static Optional<String> whyNotDispute(PlacementAccount a) {
    if (a.payment().isPresent()) {
      return Optional.of("This fee is paid. To challenge it now, contact the broker.");
    } else if (a.dispute() instanceof Dispute.Open) {
      return Optional.of("This fee is already disputed; the broker will answer.");
    } else if (!(a.dispute() instanceof Dispute.None)) {
      return Optional.of("A dispute of this fee was already settled. To raise it again, contact the broker.");
    }
    return Optional.empty();
  }

  /**
   * One invoice per partner per statement month: every placement recorded in {@code month} that is
   * not invoiced, credited or under dispute. Refused when there is nothing new to bill (a repeated
   * click), the number is malformed or used already, or the date is not a real day up to today.
   */
  public static Verdict<InvoicePlan> invoice(
      YearMonth month, List<PlacementAccount> partnerAccounts, Set<String> numbersUsed, String number, String date, LocalDate today) {
    String n = number == null ? "" : number.strip();
    if (!INVOICE_NUMBER.matcher(n).matches()) {
      return new Verdict.Invalid<>("Give the invoice number: 1–40 letters, digits, '/', '-' or '_'.");
    }
    Optional<LocalDate> d = day(date);
    if (d.isEmpty()) {
      return new Verdict.Invalid<>("Give the invoice date as a date (YYYY-MM-DD).");
    }
    if (d.get().isAfter(today)) {
      return new Verdict.Invalid<>("The invoice date cannot be in the future.");
    }
    if (d.get().isBefore(month.atDay(1))) {
      return new Verdict.Invalid<>("The invoice date cannot be before the month it bills.");
    }
    List<PlacementAccount> lines = partnerAccounts.stream()
        .filter(a -> YearMonth.from(a.placedAt().atZone(ZoneOffset.UTC)).equals(month))
        .filter(a -> whyNotInvoice(a).isEmpty())
        .toList();
    if (lines.isEmpty()) {
      return new Verdict.Refused<>("Nothing new to invoice for " + month
          + ": every placement of the month is invoiced, credited or under dispute. Nothing was written.");
    }
    if (numbersUsed.contains(n)) {
      return new Verdict.Refused<>("Invoice number " + n + " is already used. Give the next number.");
    }
    return new Verdict.Allowed<>(new InvoicePlan(n, d.get(), lines));
  }

  /**
   * Marks an invoice paid in full: the amount received must be what it still asks for (lines
   * credited after a dispute ask for nothing). Part payments are not recorded.
   */
  public static Verdict<PaymentPlan> pay(List<PlacementAccount> invoiceLines, String paidOn, long amountReceivedPence, LocalDate today) {
    if (invoiceLines.isEmpty()) {
      return new Verdict.Refused<>("There is no such invoice: you cannot pay what was not invoiced.");
    }
    String number = invoiceLines.get(0).invoice().orElseThrow().number();
    Optional<LocalDate> d = day(paidOn);
    if (d.isEmpty()) {
      return new Verdict.Invalid<>("Give the day the payment arrived as a date (YYYY-MM-DD).");
    }
    LocalDate invoiced = invoiceLines.get(0).invoice().get().date();
    if (d.get().isAfter(today) || d.get().isBefore(invoiced)) {
      return new Verdict.Invalid<>("The payment date must be between the invoice date (" + invoiced + ") and today.");
    }
    for (PlacementAccount a : invoiceLines) {
      if (a.dispute() instanceof Dispute.Open) {
        return new Verdict.Refused<>("The fee for " + a.leadId() + " is under dispute: resolve the dispute first.");
      }
    }
    List<PlacementAccount> lines = invoiceLines.stream()
        .filter(a -> whyNotPay(a).isEmpty() && !(a.dispute() instanceof Dispute.Upheld))
        .toList();
    if (lines.isEmpty()) {
      return new Verdict.Refused<>("Invoice " + number + " asks for nothing more: it is paid or credited. Nothing was written.");
    }
    long due = lines.stream().mapToLong(PlacementAccount::invoicedPence).reduce(0L, Math::addExact);
    if (amountReceivedPence != due) {
      return new Verdict.Invalid<>("Invoice " + number + " asks for " + Commission.pounds(due) + "; you gave "
          + Commission.pounds(amountReceivedPence) + ". Record a payment when the invoice is paid in full.");
    }
    return new Verdict.Allowed<>(new PaymentPlan(number, d.get(), lines));
  }

  /** A partner's dispute of a placement's fee, with its reason (company-level words only). */
  public static Verdict<String> dispute(Optional<PlacementAccount> latestPlacement, String reason) {
    if (latestPlacement.isEmpty()) {
      return new Verdict.Refused<>("There is no fee to dispute: this introduction has no placement.");
    }
    Optional<String> why = whyNotDispute(latestPlacement.get());
    if (why.isPresent()) {
      return new Verdict.Refused<>(why.get());
    }
    return text(reason, true);
  }

  /** The broker's answer to an open dispute, with an optional note. */
  public static Verdict<String> resolve(Optional<PlacementAccount> latestPlacement, String note) {
    if (latestPlacement.isEmpty() || !(latestPlacement.get().dispute() instanceof Dispute.Open)) {
      return new Verdict.Refused<>("There is no open dispute of this fee.");
    }
    return text(note, false);
  }

  /** Bounded text with no email address or phone number in it: the ledger holds no personal data. */
  static Verdict<String> text(String text, boolean required) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      return required ? new Verdict.Invalid<>("Say why you dispute the fee.") : new Verdict.Allowed<>(null);
    }
    if (t.length() > REASON_MAX) {
      return new Verdict.Invalid<>("Keep it to " + REASON_MAX + " characters.");
    }
    if (PERSONAL.matcher(DATE.matcher(t).replaceAll(" ")).find()) {
      return new Verdict.Invalid<>("Leave out personal data: no email addresses or phone numbers. Nothing was written.");
    }
    return new Verdict.Allowed<>(t);
  }

  static Optional<LocalDate> day(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(text.strip()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
