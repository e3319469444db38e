package io.leadpipeline.portal.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.Licence;
import io.leadpipeline.avro.OutcomeStage;
import io.leadpipeline.avro.RejectionReason;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutcomeRulesTest {
  private static final ResponseStatus ACCEPTED = new ResponseStatus.Accepted(Instant.parse("2026-12-01T10:00:00Z"));

  private static OutcomeRules.Report signed(Integer desks, Integer term, Long fee, LocalDate start) {
    return new OutcomeRules.Report(OutcomeStage.LICENCE_SIGNED, Optional.ofNullable(desks), Optional.ofNullable(term),
        Optional.ofNullable(fee), Optional.ofNullable(start), Optional.empty());
  }

  @Test
  void aSignedLicenceCarriesDesksTermFeeAndStart() {
    assertThat(OutcomeRules.check(ACCEPTED, signed(12, 24, 540_000L, LocalDate.parse("2027-01-04"))))
        .isEqualTo(new OutcomeRules.Verdict.Allowed(OutcomeStage.LICENCE_SIGNED,
            new Licence(12, 24, 540_000L, LocalDate.parse("2027-01-04")), null));
    assertThat(OutcomeRules.check(ACCEPTED, signed(12, 24, null, LocalDate.parse("2027-01-04"))))
        .isInstanceOf(OutcomeRules.Verdict.Invalid.class);
    assertThat(OutcomeRules.check(ACCEPTED, signed(0, 24, 540_000L, LocalDate.parse("2027-01-04"))))
        .isInstanceOf(OutcomeRules.Verdict.Invalid.class);
    assertThat(OutcomeRules.check(ACCEPTED, signed(12, 24, 540_000L, null)))
        .isInstanceOf(OutcomeRules.Verdict.Invalid.class);
  }

  @Test
  void aLostIntroductionSaysWhy() {
    var noReason = new OutcomeRules.Report(OutcomeStage.LOST, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("  "));
    assertThat(OutcomeRules.check(ACCEPTED, noReason)).isInstanceOf(OutcomeRules.Verdict.Invalid.class);
    var why = new OutcomeRules.Report(OutcomeStage.LOST, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("chose a rival"));
    assertThat(OutcomeRules.check(ACCEPTED, why)).isEqualTo(new OutcomeRules.Verdict.Allowed(OutcomeStage.LOST, null, "chose a rival"));
  }

  @Test
  void aRejectedOrUnansweredIntroductionHasNoOutcomes() {
    var viewing = new OutcomeRules.Report(OutcomeStage.VIEWING_BOOKED, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    assertThat(OutcomeRules.check(new ResponseStatus.Rejected(RejectionReason.ALREADY_KNOWN, Instant.EPOCH), viewing))
        .isInstanceOf(OutcomeRules.Verdict.NotOpen.class);
    assertThat(OutcomeRules.check(new ResponseStatus.Pending(Instant.EPOCH), viewing))
        .isInstanceOf(OutcomeRules.Verdict.NotOpen.class);
    assertThat(OutcomeRules.check(new ResponseStatus.DeemedAccepted(Instant.EPOCH), viewing))
        .isInstanceOf(OutcomeRules.Verdict.Allowed.class);
  }
}
