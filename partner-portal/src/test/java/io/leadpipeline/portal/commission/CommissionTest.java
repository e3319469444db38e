package io.leadpipeline.portal.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.avro.FeeTerms;
import io.leadpipeline.avro.Introduction;
import io.leadpipeline.avro.IntroductionEvent;
import io.leadpipeline.avro.Licence;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommissionTest {
  private static final FeeTerms TEN_PERCENT_OF_A_YEAR = new FeeTerms("acme", 1, 1000, 12, Instant.EPOCH);

  @Test
  void tenPercentOfTheFirstTwelveMonthsFee() {
    // 12 desks at £450 = £5,400 a month; a year is £64,800; 10 % is £6,480.
    Licence licence = new Licence(12, 24, 540_000L, LocalDate.parse("2027-01-04"));
    assertThat(Commission.feePence(licence, TEN_PERCENT_OF_A_YEAR)).isEqualTo(648_000L);
  }

  @Test
  void aTermShorterThanTheFeeMonthsEarnsOnItsOwnLength() {
    Licence sixMonths = new Licence(2, 6, 100_000L, LocalDate.parse("2027-01-04"));
    assertThat(Commission.feePence(sixMonths, TEN_PERCENT_OF_A_YEAR)).isEqualTo(60_000L);
  }

  @Test
  void halfAPennyRoundsUpAndNothingIsFloatingPoint() {
    FeeTerms twelveAndAHalf = new FeeTerms("acme", 2, 1250, 1, Instant.EPOCH);
    assertThat(Commission.feePence(new Licence(1, 1, 4L, LocalDate.EPOCH), twelveAndAHalf)).isEqualTo(1L); // 0.5p
    assertThat(Commission.feePence(new Licence(1, 1, 3L, LocalDate.EPOCH), twelveAndAHalf)).isEqualTo(0L); // 0.375p
    assertThat(Commission.percent(1250)).isEqualTo("12.5%");
    assertThat(Commission.pounds(648_000L)).isEqualTo("£6,480.00");
  }

  @Test
  void amountsAreParsedAsDigitsIntoPence() {
    assertThat(Commission.parsePence("5400")).isEqualTo(540_000L);
    assertThat(Commission.parsePence("£5,400.5")).isEqualTo(540_050L);
    assertThat(Commission.parsePence("0.07")).isEqualTo(7L);
    assertThatThrownBy(() -> Commission.parsePence("1e3")).isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> Commission.parsePence("12.345")).isInstanceOf(NumberFormatException.class);
  }

  @Test
  void theStatementCountsTheMonthsEntriesAndTotalsItsPlacements() {
    Instant dec = Instant.parse("2026-12-03T10:00:00Z");
    Instant nov = Instant.parse("2026-11-30T23:59:59Z");
    List<Introduction> ledger = List.of(
        entry("l1", IntroductionEvent.INTRODUCED, dec).build(),
        entry("l2", IntroductionEvent.INTRODUCED, dec).build(),
        entry("l0", IntroductionEvent.INTRODUCED, nov).build(),
        entry("l1", IntroductionEvent.RESPONDED, dec).setResponse("ACCEPTED").build(),
        entry("l2", IntroductionEvent.RESPONDED, dec).setResponse("ALREADY_KNOWN").build(),
        entry("l0", IntroductionEvent.RESPONDED, dec).setResponse("DEEMED_ACCEPTED").build(),
        entry("l1", IntroductionEvent.PLACED, dec).setDesks(12).setTermMonths(24).setMonthlyFeePence(540_000L)
            .setStartDate(LocalDate.parse("2027-01-04")).setFeeTermsVersion(1).setFeePence(648_000L).build(),
        entry("x9", IntroductionEvent.INTRODUCED, dec).setPartnerId("rival").build());
    Statement st = Statement.of("acme", YearMonth.of(2026, 12), ledger);
    assertThat(st.introduced()).isEqualTo(2);
    assertThat(st.accepted()).as("accepted outright, and by the window closing").isEqualTo(2);
    assertThat(st.rejected()).isEqualTo(1);
    assertThat(st.totalFeePence()).isEqualTo(648_000L);
    assertThat(st.csv()).contains("l1,2026-12-03,12,24,540000,2027-01-04,1,648000,none,,0,0,0\r\n")
        .endsWith("total,,,,,,,648000,,,0,0,0\r\n");
  }

  @Test
  void aCsvCellIsNeverAFormula() {
    assertThat(Statement.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(Statement.cell("lead-1")).isEqualTo("lead-1");
  }

  private static Introduction.Builder entry(String leadId, IntroductionEvent event, Instant at) {
    return Introduction.newBuilder().setEntryId(leadId + ":" + event).setLeadId(leadId).setPartnerId("acme").setEvent(event).setAt(at);
  }
}
