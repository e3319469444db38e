package io.leadpipeline.router.reoffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.CallReason;
import io.leadpipeline.avro.MarketingReason;
import io.leadpipeline.avro.ReofferStop;
import io.leadpipeline.avro.SuppressionKind;
import io.leadpipeline.router.suppression.CallPermission;
import io.leadpipeline.router.suppression.FactsUsed.Fact;
import io.leadpipeline.router.suppression.MarketingPermission;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What stops a re-offer (docs/SPECIFICATION.md §6.8). */
class ReoffersTest {
  static final long SHARED = 1_000_000L;
  static final CallPermission.Verdict CALL_OK = new CallPermission.Verdict(true, CallReason.NOT_REGISTERED);
  static final MarketingPermission.Verdict MARKETING_OK = new MarketingPermission.Verdict(true, MarketingReason.CONSENTED);

  private static Fact fact(SuppressionKind kind, long at) {
    return new Fact(kind, "key", at, "api:test");
  }

  @Test
  void restrictionsRecordedSinceTheFirstShareStopIt() {
    assertThat(Reoffers.stoppedBy(SHARED, true, true, List.of(fact(SuppressionKind.DO_NOT_CALL, SHARED + 1)),
        new CallPermission.Verdict(false, CallReason.DO_NOT_CALL), MARKETING_OK)).isEqualTo(ReofferStop.DO_NOT_CALL);
    assertThat(Reoffers.stoppedBy(SHARED, false, true, List.of(fact(SuppressionKind.DO_NOT_CALL, SHARED + 1)),
        new CallPermission.Verdict(false, CallReason.DO_NOT_CALL), MARKETING_OK))
        .as("even when calling was already withheld").isEqualTo(ReofferStop.DO_NOT_CALL);
    assertThat(Reoffers.stoppedBy(SHARED, true, true, List.of(fact(SuppressionKind.SMS_OPT_OUT, SHARED + 1)),
        CALL_OK, MARKETING_OK)).isEqualTo(ReofferStop.OPTED_OUT);
    assertThat(Reoffers.stoppedBy(SHARED, true, true, List.of(fact(SuppressionKind.CALL_CONSENT_REVOKED, SHARED + 1)),
        CALL_OK, MARKETING_OK)).isEqualTo(ReofferStop.CONSENT_REVOKED);
    assertThat(Reoffers.stoppedBy(SHARED, true, true, List.of(fact(SuppressionKind.CTPS_REGISTRATION, SHARED + 1)),
        CALL_OK, MARKETING_OK)).isEqualTo(ReofferStop.CTPS);
  }

  @Test
  void restrictionsFromBeforeTheFirstShareDoNot() {
    assertThat(Reoffers.stoppedBy(SHARED, false, true, List.of(fact(SuppressionKind.DO_NOT_CALL, SHARED)),
        new CallPermission.Verdict(false, CallReason.DO_NOT_CALL), MARKETING_OK)).isNull();
    assertThat(Reoffers.stoppedBy(SHARED, true, true, List.of(fact(SuppressionKind.CALL_CONSENT, SHARED + 1)),
        CALL_OK, MARKETING_OK)).as("a consent only permits").isNull();
  }

  @Test
  void aVerdictThatNarrowedStopsItWhateverTheDateOfItsFact() {
    // A registration dated long ago but loaded since the first share.
    assertThat(Reoffers.stoppedBy(SHARED, true, true, List.of(fact(SuppressionKind.TPS_REGISTRATION, 0L)),
        new CallPermission.Verdict(false, CallReason.TPS), MARKETING_OK)).isEqualTo(ReofferStop.TPS);
    assertThat(Reoffers.stoppedBy(SHARED, true, true, List.of(),
        CALL_OK, new MarketingPermission.Verdict(false, MarketingReason.OPTED_OUT))).isEqualTo(ReofferStop.OPTED_OUT);
    assertThat(Reoffers.stoppedBy(SHARED, true, false, List.of(),
        CALL_OK, new MarketingPermission.Verdict(false, MarketingReason.NO_CONSENT))).isNull();
  }
}
