package io.leadpipeline.suppression.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.DoNotRepeat;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoNotRepeatRulesTest {
  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

  @Test
  void partnerListsGrowAsAUnionAndAllPartnersSticks() {
    DoNotRepeat a = DoNotRepeatRules.add(null, List.of("acme"), false, T, "s");
    DoNotRepeat b = DoNotRepeatRules.add(a, List.of("beta", "acme"), true, T, "s");
    DoNotRepeat c = DoNotRepeatRules.add(b, List.of("gamma"), false, T, "s");
    assertThat(c.getPartnerIds()).containsExactly("acme", "beta", "gamma");
    assertThat(c.getAllPartners()).isTrue();
  }

  @Test
  void liftingAllPartnersKeepsTheNamedOnes() {
    DoNotRepeat d = DoNotRepeatRules.add(null, List.of("acme"), true, T, "s");
    DoNotRepeat lifted = DoNotRepeatRules.remove(d, List.of(), true, T, "s").orElseThrow();
    assertThat(lifted.getAllPartners()).isFalse();
    assertThat(lifted.getPartnerIds()).containsExactly("acme");
  }

  @Test
  void liftingTheLastPartnerRemovesTheRecord() {
    DoNotRepeat d = DoNotRepeatRules.add(null, List.of("acme"), false, T, "s");
    assertThat(DoNotRepeatRules.remove(d, List.of("acme"), false, T, "s")).isEmpty();
    assertThat(DoNotRepeatRules.remove(null, List.of("acme"), false, T, "s")).isEmpty();
  }
}
