package io.leadpipeline.router.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.Register;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegisterFreshnessTest {
  private final RegisterFreshness twoDays = new RegisterFreshness(Duration.ofHours(48));
  private final long now = 1_000_000_000_000L;
  private final long hour = 3_600_000L;

  @Test
  void staleBeforeAnyLoad() {
    assertThat(twoDays.stale(Map.of(), now)).isTrue();
  }

  @Test
  void staleWhenEitherRegisterIsOlderThanTheMaximumAge() {
    assertThat(twoDays.stale(Map.of(Register.TPS, now - 49 * hour, Register.CTPS, now - hour), now)).isTrue();
  }

  @Test
  void freshWhenBothRegistersAreYoungEnough() {
    assertThat(twoDays.stale(Map.of(Register.TPS, now - 47 * hour, Register.CTPS, now - hour), now)).isFalse();
  }

  @Test
  void zeroSwitchesTheCheckOff() {
    assertThat(new RegisterFreshness(Duration.ZERO).stale(Map.of(), now)).isFalse();
  }
}
