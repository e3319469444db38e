package io.leadpipeline.router.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.CallReason;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.TpsFileKind;
import io.leadpipeline.avro.TpsLoad;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/enquiry-contract.md §3: a number is clear of the registers only against loads no older than 28 days. */
class ScreenedRegistersTest {
  static final long T = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
  static final long DAY = Duration.ofDays(1).toMillis();

  static ScreenedRegisters.Load load(Register r, long at) {
    return new ScreenedRegisters.Load(r, r + "-1", r + ".txt", at);
  }

  static NormalisedEnquiry forSomeoneElse() {
    return new NormalisedEnquiry("e-1", T, T, "WEB_FORM", "site", "Ada", null, "ada@example.com", "+442079460018",
        "s".repeat(64), "p".repeat(64), false, "London", null, 10, List.of(OfficeType.SERVICED), null, null, null,
        false, false, null);
  }

  @Test
  void loadsNoOlderThan28DaysAreInDate() {
    var r = new ScreenedRegisters(true, List.of(load(Register.TPS, T - 28 * DAY), load(Register.CTPS, T - DAY)));
    assertThat(r.outOfDateAt(T)).isFalse();
  }

  @Test
  void aLoadOlderThan28DaysIsOutOfDate() {
    var r = new ScreenedRegisters(true, List.of(load(Register.TPS, T - 28 * DAY - 1), load(Register.CTPS, T - DAY)));
    assertThat(r.outOfDateAt(T)).isTrue();
  }

  @Test
  void aRegisterNeverLoadedIsOutOfDate() {
    assertThat(new ScreenedRegisters(true, List.of(load(Register.TPS, T))).outOfDateAt(T)).isTrue();
  }

  @Test
  void withTheRegisterCheckOffNoLoadIsRequired() {
    assertThat(new ScreenedRegisters(false, List.of()).outOfDateAt(T)).isFalse();
  }

  @Test
  void anOutOfDateRegisterWithholdsTheCall() {
    var view = SuppressionView.NOTHING.withRegisters(
        new ScreenedRegisters(true, List.of(load(Register.TPS, T - 29 * DAY), load(Register.CTPS, T))));
    assertThat(CallPermission.decide(forSomeoneElse(), view))
        .isEqualTo(new CallPermission.Verdict(false, CallReason.REGISTER_OUT_OF_DATE));
    var fresh = SuppressionView.NOTHING.withRegisters(
        new ScreenedRegisters(true, List.of(load(Register.TPS, T - DAY), load(Register.CTPS, T))));
    assertThat(CallPermission.decide(forSomeoneElse(), fresh))
        .isEqualTo(new CallPermission.Verdict(true, CallReason.NOT_REGISTERED));
  }

  @Test
  void aLoadWithoutAnIdIsIdentifiedByRegisterAndLoadTime() {
    TpsLoad old = new TpsLoad(Register.CTPS, TpsFileKind.FULL, "ctps.txt", Instant.ofEpochMilli(T), 1L, 1L, 0L, 0L, null);
    assertThat(ScreenedRegisters.Load.of(old).loadId()).isEqualTo("CTPS@2026-03-02T10:00:00Z");
    old.setLoadId("3f2a");
    assertThat(ScreenedRegisters.Load.of(old).loadId()).isEqualTo("3f2a");
  }
}
