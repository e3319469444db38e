package io.leadpipeline.portal.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FunnelTest {
  @Test
  void ratesAreWorkedOutInIntegersAndRoundHalfUp() {
    Funnel f = new Funnel("acme", 10, 2, 1, 7, 1, 1, 648_000L);
    assertThat(f.acceptanceRate()).isEqualTo("66.7%");
    assertThat(f.placementRate()).isEqualTo("50.0%");
    assertThat(new Funnel("new", 3, 0, 0, 3, 0, 0, 0).acceptanceRate()).isEqualTo("–");
  }

  @Test
  void barsAreScaledToTheBusiestPartner() {
    List<Funnel.Bar> bars = Funnel.bars(List.of(
        new Funnel("a", 10, 5, 0, 5, 2, 1, 0), new Funnel("b", 5, 5, 0, 0, 0, 0, 0)));
    assertThat(bars).hasSize(8);
    int full = bars.get(0).width();
    assertThat(bars.get(1).width()).isEqualTo(full / 2);
    assertThat(bars.get(4).width()).isEqualTo(full / 2);
    assertThat(bars.get(4).y()).isGreaterThan(bars.get(3).y());
  }
}
