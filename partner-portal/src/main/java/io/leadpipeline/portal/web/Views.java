package io.leadpipeline.portal.web;

import java.util.List;

/** What each page shows, already worded and formatted: the templates only lay it out. */
public final class Views {
  private Views() {}

  /** The frame of every page. {@code partnerName} is null when nobody is signed in. */
  public record Layout(String title, String partnerName, String csrf, boolean staff) {}

  public record Message(Layout layout, String heading, String text, String linkHref, String linkText) {}

  public record SignIn(Layout layout, boolean sent) {}

  public record LinkConfirm(Layout layout, String token) {}

  public record InboxRow(
      String leadId,
      String receivedAt,
      String where,
      int desks,
      String calling,
      String marketing,
      String status,
      boolean pending) {}

  public record Inbox(Layout layout, List<InboxRow> leads, int unacknowledgedNotices) {}

  public record Choice(String value, String label) {}

  public record OutcomeRow(String stage, String at, String detail) {}

  public record LedgerRow(String event, String at, String detail) {}

  public record LeadDetail(
      Layout layout,
      String leadId,
      String receivedAt,
      String site,
      String fullName,
      String company,
      String email,
      String phone,
      boolean callPermitted,
      boolean marketingPermitted,
      List<String> requirements,
      String status,
      boolean canRespond,
      String respondBy,
      boolean canRecordOutcome,
      List<Choice> reasons,
      List<Choice> stages,
      List<OutcomeRow> outcomes,
      List<LedgerRow> ledger,
      String fee,
      boolean canDispute,
      String error,
      String saved) {}

  public record NoticeRow(
      String noticeId, String kind, String meaning, List<String> leadIds, String issuedAt, String acknowledgedAt) {}

  public record Notices(Layout layout, List<NoticeRow> notices) {}

  public record StatementRow(
      String leadId, String placedOn, int desks, int termMonths, String monthlyFee, String startDate, String fee,
      String dispute, String invoiceNumber, String invoiced, String paid, String outstanding, boolean canDispute) {}

  public record StatementPage(
      Layout layout,
      String month,
      String previousMonth,
      String nextMonth,
      int introduced,
      int accepted,
      int rejected,
      String terms,
      List<StatementRow> placements,
      String total,
      String totalInvoiced,
      String totalPaid,
      String totalOutstanding) {}

  public record DayChoice(String value, String label, boolean checked) {}

  public record SettingsPage(
      Layout layout,
      boolean paused,
      String dailyCap,
      boolean anyTime,
      List<DayChoice> days,
      String opensAt,
      String closesAt,
      String cities,
      String postcodeDistricts,
      String error,
      String saved) {}

  public record FunnelRow(
      String partnerId, int introduced, int accepted, int rejected, int pending, int viewing, int signed,
      String fee, String acceptanceRate, String placementRate) {}

  public record MoneyRow(
      String partnerId, String fee, String toInvoice, String invoiced, String paid, String outstanding, int openDisputes) {}

  public record StaffPage(
      Layout layout, List<FunnelRow> rows, List<io.leadpipeline.portal.staff.Funnel.Bar> bars,
      List<String> partnerLabels, int chartWidth, int chartHeight, int rowHeight, List<MoneyRow> money, String month) {}

  public record FeeTermsRow(String partnerId, int version, String rate, int months, String effectiveFrom, boolean inForce) {}

  public record FeeTermsPage(
      Layout layout, List<Choice> partners, List<FeeTermsRow> versions, String partnerId, String rate, String months,
      String effectiveFrom, String error, String saved) {}

  public record StaffLine(
      String leadId, String placedOn, String fee, String dispute, String disputeReason, String invoiceNumber,
      String invoiced, String paid, String outstanding, boolean canResolve) {}

  public record InvoiceRow(String number, String date, String amount, String paidOn, String outstanding, String due, boolean canPay) {}

  public record StaffStatementPage(
      Layout layout, String partnerId, String month, String previousMonth, String nextMonth, List<StaffLine> lines,
      List<InvoiceRow> invoices, String toInvoice, String today, String error, String saved) {}
}
