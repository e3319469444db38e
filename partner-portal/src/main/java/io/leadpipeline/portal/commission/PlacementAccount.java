package io.leadpipeline.portal.commission;

import io.leadpipeline.avro.Introduction;
import io.leadpipeline.avro.IntroductionEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One placement's account (docs/partner-portal.md §5): the fee its PLACED entry earned, then what
 * the ledger says happened to it — invoiced, paid, disputed — read from the entries that name it.
 * Built from the ledger alone, so every instance and every restart agree.
 */
public record PlacementAccount(
    String leadId,
    String partnerId,
    int placement,
    Instant placedAt,
    int desks,
    int termMonths,
    long monthlyFeePence,
    LocalDate startDate,
    int feeTermsVersion,
    long feePence,
    Optional<Invoice> invoice,
    Optional<Payment> payment,
    Dispute dispute) {

  public record Invoice(String number, LocalDate date, long amountPence) {}

  public record Payment(LocalDate paidOn, long amountPence) {}

  /** Where a partner's challenge of the fee stands. */
  public sealed interface Dispute {
    record None() implements Dispute {}

    record Open(String reason, Instant at) implements Dispute {}

    /** The broker agreed: the fee is credited, nothing is owed. */
    record Upheld(String reason, String note, Instant at) implements Dispute {}

    /** The broker did not agree: the fee stands. */
    record Rejected(String reason, String note, Instant at) implements Dispute {}
  }

  public static final String OPENED = "OPENED";
  public static final String UPHELD = "UPHELD";
  public static final String REJECTED = "REJECTED";

  /** {@code <leadId>:<event>:<n>}: the deterministic ids of the entries about placement n. */
  public static String entryId(String leadId, IntroductionEvent event, int placement) {
    return leadId + ":" + event.name() + ":" + placement;
  }

  public String entryId(IntroductionEvent event) {
    return entryId(leadId, event, placement);
  }

  /** The id of the PLACED entry this account is about: one placement's identity. */
  public String entryId() {
    return entryId(leadId, IntroductionEvent.PLACED, placement);
  }

  /** The fee the partner owes for it: zero once a dispute is upheld. */
  public long netFeePence() {
    return dispute instanceof Dispute.Upheld ? 0 : feePence;
  }

  public long invoicedPence() {
    return invoice.map(Invoice::amountPence).orElse(0L);
  }

  public long paidPence() {
    return payment.map(Payment::amountPence).orElse(0L);
  }

  /** What an upheld dispute took off an invoice already sent. */
  public long creditedPence() {
    return dispute instanceof Dispute.Upheld ? Math.subtractExact(invoicedPence(), paidPence()) : 0L;
  }

  /** Invoiced and not yet paid or credited. */
  public long outstandingPence() {
    return Math.subtractExact(Math.subtractExact(invoicedPence(), paidPence()), creditedPence());
  }

  /** Owed but not invoiced yet. */
  public long toInvoicePence() {
    return invoice.isEmpty() ? netFeePence() : 0L;
  }

  /** {@code none}, {@code open}, {@code upheld} or {@code rejected}. */
  public String disputeLabel() {
    if (dispute instanceof Dispute.Open) {
      return "open";
    } else if (dispute instanceof Dispute.Upheld) {
      return "upheld";
    } else if (dispute instanceof Dispute.Rejected) {
      return "rejected";
    }
    return "none";
  }

  /**
   * Every placement in {@code ledger} (in log order), with the entries about it applied. The
   * n-th PLACED entry of a lead is placement n; entries naming a placement that is not there are
   * ignored, as are repeats (the ledger keeps the first entry of an id).
   */
  public static List<PlacementAccount> of(List<Introduction> ledger) {
    Map<String, PlacementAccount> accounts = new LinkedHashMap<>();
    Map<String, Integer> placedPerLead = new LinkedHashMap<>();
    for (Introduction e : ledger) {
      if (e.getEvent() == IntroductionEvent.PLACED && e.getFeePence() != null) {
        int n = placedPerLead.merge(e.getLeadId(), 1, Integer::sum);
        accounts.put(key(e.getLeadId(), n), new PlacementAccount(
            e.getLeadId(), e.getPartnerId(), n, e.getAt(), e.getDesks(), e.getTermMonths(), e.getMonthlyFeePence(),
            e.getStartDate(), e.getFeeTermsVersion(), e.getFeePence(), Optional.empty(), Optional.empty(), new Dispute.None()));
      }
    }
    for (Introduction e : ledger) {
      if (e.getPlacement() == null) {
        continue;
      }
      PlacementAccount a = accounts.get(key(e.getLeadId(), e.getPlacement()));
      if (a == null) {
        continue;
      }
      accounts.put(key(a.leadId(), a.placement()), a.apply(e));
    }
    return List.copyOf(new ArrayList<>(accounts.values()));
  }

  private PlacementAccount apply(Introduction e) {
    return switch (e.getEvent()) {
      case INVOICED -> invoice.isPresent() ? this
          : with(Optional.of(new Invoice(e.getInvoiceNumber(), e.getInvoiceDate(), e.getAmountPence())), payment, dispute);
      case PAID -> payment.isPresent() ? this
          : with(invoice, Optional.of(new Payment(e.getPaidOn(), e.getAmountPence())), dispute);
      case DISPUTED -> with(invoice, payment, nextDispute(e));
      default -> this;
    };
  }

  /** Opened once, then resolved once; anything else changes nothing. */
  private Dispute nextDispute(Introduction e) {
    String kind = e.getDispute();
    if (dispute instanceof Dispute.None && OPENED.equals(kind)) {
      return new Dispute.Open(e.getDisputeReason(), e.getAt());
    }
    if (dispute instanceof Dispute.Open o) {
      if (UPHELD.equals(kind)) {
        return new Dispute.Upheld(o.reason(), e.getDisputeReason(), e.getAt());
      } else if (REJECTED.equals(kind)) {
        return new Dispute.Rejected(o.reason(), e.getDisputeReason(), e.getAt());
      }
    }
    return dispute;
  }

  private PlacementAccount with(Optional<Invoice> i, Optional<Payment> p, Dispute d) {
    return new PlacementAccount(leadId, partnerId, placement, placedAt, desks, termMonths, monthlyFeePence, startDate,
        feeTermsVersion, feePence, i, p, d);
  }

  private static String key(String leadId, int n) {
    return leadId + "#" + n;
  }
}
