package io.leadpipeline.portal.commission;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.Introduction;
import io.leadpipeline.avro.IntroductionEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LedgerRulesTest {
  private static final YearMonth DEC = YearMonth.of(2026, 12);
  private static final LocalDate TODAY = LocalDate.parse("2026-12-20");
  private static final Instant PLACED_AT = Instant.parse("2026-12-03T10:00:00Z");

  private final List<Introduction> ledger = new ArrayList<>();

  @Test
  void aMonthIsInvoicedOnceAndOnlyWhatWasPlacedInIt() {
    placed("l1", PLACED_AT, 648_000L);
    placed("l2", PLACED_AT.plusSeconds(60), 100_000L);
    placed("nov", Instant.parse("2026-11-30T23:59:59Z"), 50_000L);

    var plan = LedgerRules.invoice(DEC, accounts(), Set.of(), "INV-0042", "2026-12-20", TODAY);
    assertThat(plan).isInstanceOfSatisfying(LedgerRules.Verdict.Allowed.class, a -> {
      var p = (LedgerRules.InvoicePlan) a.value();
      assertThat(p.lines()).extracting(PlacementAccount::leadId).containsExactly("l1", "l2");
      assertThat(p.totalPence()).isEqualTo(748_000L);
    });
    invoiced("l1", 1, "INV-0042", 648_000L);
    invoiced("l2", 1, "INV-0042", 100_000L);

    assertThat(LedgerRules.invoice(DEC, accounts(), Set.of("INV-0042"), "INV-0042", "2026-12-20", TODAY))
        .as("a repeated click: nothing new to invoice, nothing written")
        .isInstanceOfSatisfying(LedgerRules.Verdict.Refused.class, r -> assertThat(r.message()).startsWith("Nothing new to invoice"));
    assertThat(LedgerRules.invoice(YearMonth.of(2026, 10), accounts(), Set.of(), "INV-1", "2026-12-20", TODAY))
        .as("you cannot invoice what was not placed").isInstanceOf(LedgerRules.Verdict.Refused.class);
  }

  @Test
  void anInvoiceNeedsANewWellFormedNumberAndARealDayUpToToday() {
    placed("l1", PLACED_AT, 648_000L);
    assertThat(LedgerRules.invoice(DEC, accounts(), Set.of(), " ", "2026-12-20", TODAY)).isInstanceOf(LedgerRules.Verdict.Invalid.class);
    assertThat(LedgerRules.invoice(DEC, accounts(), Set.of(), "=SUM(A1)", "2026-12-20", TODAY)).isInstanceOf(LedgerRules.Verdict.Invalid.class);
    assertThat(LedgerRules.invoice(DEC, accounts(), Set.of(), "INV-1", "2026-12-21", TODAY)).isInstanceOf(LedgerRules.Verdict.Invalid.class);
    assertThat(LedgerRules.invoice(DEC, accounts(), Set.of(), "INV-1", "2026-11-30", TODAY)).isInstanceOf(LedgerRules.Verdict.Invalid.class);
    assertThat(LedgerRules.invoice(DEC, accounts(), Set.of(), "INV-1", "20/12/2026", TODAY)).isInstanceOf(LedgerRules.Verdict.Invalid.class);
    assertThat(LedgerRules.invoice(DEC, accounts(), Set.of("INV-1"), "INV-1", "2026-12-20", TODAY))
        .as("a number another invoice used").isInstanceOf(LedgerRules.Verdict.Refused.class);
  }

  @Test
  void onlyAnInvoiceIsPaidOnceInFullAndNotWhileDisputed() {
    placed("l1", PLACED_AT, 648_000L);
    assertThat(LedgerRules.pay(linesOf("INV-7"), "2026-12-20", 648_000L, TODAY))
        .as("you cannot pay what was not invoiced").isInstanceOf(LedgerRules.Verdict.Refused.class);
    invoiced("l1", 1, "INV-7", 648_000L);
    assertThat(LedgerRules.pay(linesOf("INV-7"), "2026-12-20", 600_000L, TODAY))
        .as("part payments are not recorded").isInstanceOf(LedgerRules.Verdict.Invalid.class);
    assertThat(LedgerRules.pay(linesOf("INV-7"), "2026-12-19", 648_000L, TODAY))
        .as("paid before it was invoiced").isInstanceOf(LedgerRules.Verdict.Invalid.class);
    assertThat(LedgerRules.pay(linesOf("INV-7"), "2026-12-20", 648_000L, TODAY)).isInstanceOf(LedgerRules.Verdict.Allowed.class);

    disputed("l1", 1, PlacementAccount.OPENED, "terms were 8%");
    assertThat(LedgerRules.pay(linesOf("INV-7"), "2026-12-20", 648_000L, TODAY)).isInstanceOf(LedgerRules.Verdict.Refused.class);
    disputed("l1", 1, PlacementAccount.REJECTED, null);
    assertThat(LedgerRules.pay(linesOf("INV-7"), "2026-12-20", 648_000L, TODAY)).isInstanceOf(LedgerRules.Verdict.Allowed.class);
    paid("l1", 1, "INV-7", 648_000L);
    assertThat(LedgerRules.pay(linesOf("INV-7"), "2026-12-20", 648_000L, TODAY))
        .as("paid once").isInstanceOf(LedgerRules.Verdict.Refused.class);
  }

  @Test
  void aFeeIsDisputedOnceBeforePaymentAndResolvedOnceByTheBroker() {
    assertThat(LedgerRules.dispute(Optional.empty(), "not ours")).as("no placement, no fee").isInstanceOf(LedgerRules.Verdict.Refused.class);
    placed("l1", PLACED_AT, 648_000L);
    assertThat(LedgerRules.dispute(latest(), "")).isInstanceOf(LedgerRules.Verdict.Invalid.class);
    assertThat(LedgerRules.dispute(latest(), "x".repeat(501))).isInstanceOf(LedgerRules.Verdict.Invalid.class);
    assertThat(LedgerRules.dispute(latest(), "call Jane on 07700 900123")).as("a phone number").isInstanceOf(LedgerRules.Verdict.Invalid.class);
    assertThat(LedgerRules.dispute(latest(), "ask jane@example.com")).as("an address").isInstanceOf(LedgerRules.Verdict.Invalid.class);
    assertThat(LedgerRules.dispute(latest(), "ring +44 (0)20 7946 0958")).as("a spaced number").isInstanceOf(LedgerRules.Verdict.Invalid.class);
    assertThat(LedgerRules.dispute(latest(), "signed 01/12/2026 and 2026-12-01, fee 6480.00"))
        .as("dates and amounts are fine").isInstanceOf(LedgerRules.Verdict.Allowed.class);
    assertThat(LedgerRules.resolve(latest(), null)).as("nothing to resolve yet").isInstanceOf(LedgerRules.Verdict.Refused.class);
    assertThat(LedgerRules.dispute(latest(), "  Signed 6 desks on 2026-12-01, not 12  "))
        .isEqualTo(new LedgerRules.Verdict.Allowed<>("Signed 6 desks on 2026-12-01, not 12"));

    disputed("l1", 1, PlacementAccount.OPENED, "Signed 6 desks on 2026-12-01, not 12");
    assertThat(LedgerRules.dispute(latest(), "again")).as("once").isInstanceOf(LedgerRules.Verdict.Refused.class);
    assertThat(LedgerRules.invoice(DEC, accounts(), Set.of(), "INV-1", "2026-12-20", TODAY))
        .as("not invoiced while disputed").isInstanceOf(LedgerRules.Verdict.Refused.class);
    assertThat(LedgerRules.resolve(latest(), "checked the licence")).isInstanceOf(LedgerRules.Verdict.Allowed.class);
    disputed("l1", 1, PlacementAccount.UPHELD, "checked the licence");
    assertThat(LedgerRules.resolve(latest(), null)).as("resolved once").isInstanceOf(LedgerRules.Verdict.Refused.class);
    assertThat(LedgerRules.dispute(latest(), "again")).isInstanceOf(LedgerRules.Verdict.Refused.class);
    assertThat(LedgerRules.invoice(DEC, accounts(), Set.of(), "INV-1", "2026-12-20", TODAY))
        .as("a credited fee is not invoiced").isInstanceOf(LedgerRules.Verdict.Refused.class);
  }

  @Test
  void aPaidFeeIsNotDisputedByThePartner() {
    placed("l1", PLACED_AT, 648_000L);
    invoiced("l1", 1, "INV-7", 648_000L);
    assertThat(LedgerRules.dispute(latest(), "terms were 8%")).as("invoiced, not paid: may dispute").isInstanceOf(LedgerRules.Verdict.Allowed.class);
    paid("l1", 1, "INV-7", 648_000L);
    assertThat(LedgerRules.dispute(latest(), "terms were 8%"))
        .isInstanceOfSatisfying(LedgerRules.Verdict.Refused.class, r -> assertThat(r.message()).contains("contact the broker"));
  }

  @Test
  void theStatementTotalsFeesInvoicesPaymentsAndWhatIsOutstanding() {
    placed("paid", PLACED_AT, 648_000L);
    placed("owed", PLACED_AT, 200_000L);
    placed("credited", PLACED_AT, 150_000L);
    placed("fresh", PLACED_AT, 70_000L);
    placed("waived", PLACED_AT, 30_000L);
    for (String l : List.of("paid", "owed", "credited")) {
      invoiced(l, 1, "INV-1", accounts().stream().filter(a -> a.leadId().equals(l)).findFirst().orElseThrow().feePence());
    }
    paid("paid", 1, "INV-1", 648_000L);
    disputed("credited", 1, PlacementAccount.OPENED, "already known to us");
    disputed("credited", 1, PlacementAccount.UPHELD, null);
    disputed("waived", 1, PlacementAccount.OPENED, "never signed");
    disputed("waived", 1, PlacementAccount.UPHELD, null);

    Statement st = Statement.of("acme", DEC, ledger);
    assertThat(st.placements()).extracting(Statement.Line::leadId, Statement.Line::feePence, Statement.Line::dispute,
            Statement.Line::invoicedPence, Statement.Line::paidPence, Statement.Line::outstandingPence)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("paid", 648_000L, "none", 648_000L, 648_000L, 0L),
            org.assertj.core.groups.Tuple.tuple("owed", 200_000L, "none", 200_000L, 0L, 200_000L),
            org.assertj.core.groups.Tuple.tuple("credited", 0L, "upheld", 150_000L, 0L, 0L),
            org.assertj.core.groups.Tuple.tuple("fresh", 70_000L, "none", 0L, 0L, 0L),
            org.assertj.core.groups.Tuple.tuple("waived", 0L, "upheld", 0L, 0L, 0L));
    assertThat(st.totalFeePence()).isEqualTo(648_000L + 200_000L + 70_000L);
    assertThat(st.totalInvoicedPence()).isEqualTo(998_000L);
    assertThat(st.totalPaidPence()).isEqualTo(648_000L);
    assertThat(st.totalOutstandingPence()).isEqualTo(200_000L);
    assertThat(st.csv()).contains("credited,2026-12-03,12,24,540000,2027-01-04,1,0,upheld,INV-1,150000,0,0\r\n")
        .endsWith("total,,,,,,,918000,,,998000,648000,200000\r\n");
    Receivable r = Receivable.of("acme", accounts());
    assertThat(r.feePence()).isEqualTo(st.totalFeePence());
    assertThat(r.toInvoicePence()).isEqualTo(70_000L);
    assertThat(r.outstandingPence()).isEqualTo(200_000L);
  }

  @Test
  void eachPlacementOfALeadHasItsOwnAccountAndTheFirstEntryOfAKindCounts() {
    placed("l1", PLACED_AT, 100_000L);
    placed("l1", PLACED_AT.plusSeconds(3600), 120_000L);
    invoiced("l1", 1, "INV-1", 100_000L);
    invoiced("l1", 1, "INV-2", 999_999L);
    invoiced("l1", 9, "INV-3", 5L); // names no placement: ignored
    List<PlacementAccount> accounts = accounts();
    assertThat(accounts).extracting(PlacementAccount::placement).containsExactly(1, 2);
    assertThat(accounts.get(0).invoice()).map(PlacementAccount.Invoice::number).contains("INV-1");
    assertThat(accounts.get(1).invoice()).isEmpty();
    assertThat(accounts.get(1).entryId(IntroductionEvent.INVOICED)).isEqualTo("l1:INVOICED:2");
  }

  private List<PlacementAccount> accounts() {
    return PlacementAccount.of(ledger);
  }

  private Optional<PlacementAccount> latest() {
    List<PlacementAccount> a = accounts();
    return a.isEmpty() ? Optional.empty() : Optional.of(a.get(a.size() - 1));
  }

  private List<PlacementAccount> linesOf(String number) {
    return accounts().stream().filter(a -> a.invoice().map(i -> i.number().equals(number)).orElse(false)).toList();
  }

  private void placed(String leadId, Instant at, long fee) {
    ledger.add(entry(leadId, IntroductionEvent.PLACED, at).setDesks(12).setTermMonths(24).setMonthlyFeePence(540_000L)
        .setStartDate(LocalDate.parse("2027-01-04")).setFeeTermsVersion(1).setFeePence(fee).build());
  }

  private void invoiced(String leadId, int n, String number, long amount) {
    ledger.add(entry(leadId, IntroductionEvent.INVOICED, PLACED_AT).setPlacement(n).setInvoiceNumber(number)
        .setInvoiceDate(LocalDate.parse("2026-12-20")).setAmountPence(amount).build());
  }

  private void paid(String leadId, int n, String number, long amount) {
    ledger.add(entry(leadId, IntroductionEvent.PAID, PLACED_AT).setPlacement(n).setInvoiceNumber(number)
        .setPaidOn(LocalDate.parse("2026-12-20")).setAmountPence(amount).build());
  }

  private void disputed(String leadId, int n, String kind, String reason) {
    ledger.add(entry(leadId, IntroductionEvent.DISPUTED, PLACED_AT).setPlacement(n).setDispute(kind).setDisputeReason(reason).build());
  }

  private static Introduction.Builder entry(String leadId, IntroductionEvent event, Instant at) {
    return Introduction.newBuilder().setEntryId(leadId + ":" + event).setLeadId(leadId).setPartnerId("acme").setEvent(event).setAt(at);
  }
}
