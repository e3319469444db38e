package io.leadpipeline.suppression.tps;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.Register;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class EffectiveRegistrationTest {
  private static final long N = 441632960001L;
  private static final long TPS_2020 = RegisterEntry.pack(N, LocalDate.of(2020, 1, 1));
  private static final long CTPS_2019 = RegisterEntry.pack(N, LocalDate.of(2019, 1, 1));
  private static final long CTPS_2020 = RegisterEntry.pack(N, LocalDate.of(2020, 1, 1));

  @Test
  void theEarlierRegistrationBarsCallsSoonestAndIsTheOneOnTheTopic() {
    assertThat(EffectiveRegistration.of(TPS_2020, CTPS_2019).orElseThrow().register()).isEqualTo(Register.CTPS);
    assertThat(EffectiveRegistration.of(TPS_2020, CTPS_2020).orElseThrow().register()).isEqualTo(Register.TPS);
  }

  @Test
  void removingANumberFromOneRegisterLeavesTheOthersEntryNotATombstone() {
    assertThat(EffectiveRegistration.of(Register.TPS, -1, CTPS_2020).orElseThrow().register()).isEqualTo(Register.CTPS);
    assertThat(EffectiveRegistration.of(Register.TPS, -1, -1)).isEmpty();
  }
}
