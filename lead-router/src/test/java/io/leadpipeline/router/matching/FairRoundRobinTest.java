package io.leadpipeline.router.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FairRoundRobinTest {
  private static Map<String, Integer> run(FairRoundRobin rr, Map<String, Integer> weights, int rounds) {
    Map<String, Integer> wins = new HashMap<>();
    for (int i = 0; i < rounds; i++) {
      String winner = weights.keySet().stream().sorted(rr.order()).findFirst().orElseThrow();
      rr.charge(winner, weights.get(winner));
      wins.merge(winner, 1, Integer::sum);
    }
    return wins;
  }

  @Test
  void tiesAreSharedInProportionToWeight() {
    Map<String, Integer> wins = run(FairRoundRobin.empty(), Map.of("a", 3, "b", 1), 400);
    assertThat(wins).containsEntry("a", 300).containsEntry("b", 100);
  }

  @Test
  void aNewPartnerStartsAtTheCurrentVirtualTimeInsteadOfTakingEveryTie() {
    FairRoundRobin rr = FairRoundRobin.empty();
    run(rr, Map.of("a", 1, "b", 1), 1000);
    Map<String, Integer> after = run(rr, Map.of("a", 1, "b", 1, "c", 1), 300);
    assertThat(after.values()).allSatisfy(n -> assertThat(n).isBetween(99, 101));
  }

  @Test
  void aPausedPartnerComingBackGetsNoCatchUpBurst() {
    FairRoundRobin rr = FairRoundRobin.empty();
    run(rr, Map.of("a", 1, "b", 1), 100);
    run(rr, Map.of("a", 1), 500); // b paused
    Map<String, Integer> back = run(rr, Map.of("a", 1, "b", 1), 100);
    assertThat(back.get("b")).isBetween(49, 51);
  }

  @Test
  void theOrderIsDeterministicOnEqualPasses() {
    assertThat(List.of("c", "a", "b").stream().sorted(FairRoundRobin.empty().order()).toList()).containsExactly("a", "b", "c");
  }
}
