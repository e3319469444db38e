package io.leadpipeline.portal.commission;

import java.util.List;

/**
 * What one partner owes the broker, over all its placements (docs/partner-portal.md §7): fees
 * earned (after upheld disputes), not yet invoiced, invoiced, paid, outstanding, and the disputes
 * waiting for an answer.
 */
public record Receivable(
    String partnerId, long feePence, long toInvoicePence, long invoicedPence, long paidPence, long outstandingPence, int openDisputes) {

  public static Receivable of(String partnerId, List<PlacementAccount> accounts) {
    long fee = 0;
    long toInvoice = 0;
    long invoiced = 0;
    long paid = 0;
    long outstanding = 0;
    int open = 0;
    for (PlacementAccount a : accounts) {
      fee = Math.addExact(fee, a.netFeePence());
      toInvoice = Math.addExact(toInvoice, a.toInvoicePence());
      invoiced = Math.addExact(invoiced, a.invoicedPence());
      paid = Math.addExact(paid, a.paidPence());
      outstanding = Math.addExact(outstanding, a.outstandingPence());
      open += a.dispute() instanceof PlacementAccount.Dispute.Open ? 1 : 0;
    }
    return new Receivable(partnerId, fee, toInvoice, invoiced, paid, outstanding, open);
  }
}
