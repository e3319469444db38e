package io.leadpipeline.router.matching;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.PartnerReason;
import io.leadpipeline.router.Fixtures;
import io.leadpipeline.router.matching.Allocation.Pick;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of the allocation rule (docs/SPECIFICATION.md §6 rule 5) over generated partners and traffic. */
class AllocationPropertiesTest {

  /** A generated partner: weight, cap, exclusivity, its score for every enquiry, and an exclusion. */
  record Spec(int weight, Integer cap, boolean exclusive, int score, PartnerReason exclusion) {}

  @Provide
  Arbitrary<List<Spec>> partners() {
    Arbitrary<Spec> spec =
        Combinators.combine(
                Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(0, 6).injectNull(0.4),
                Arbitraries.of(true, false, false, false, false),
                Arbitraries.integers().between(1, 4),
                Arbitraries.of(PartnerReason.DO_NOT_REPEAT, PartnerReason.DUPLICATE).injectNull(0.8))
            .as(Spec::new);
    return spec.list().ofMinSize(1).ofMaxSize(8);
  }

  private static List<Candidate> candidates(List<Spec> specs, Map<String, Integer> counts) {
    List<Candidate> list = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      Spec s = specs.get(i);
      String id = "p" + i;
      list.add(new Candidate(
          Fixtures.partner(id, i % 2 == 0 ? PartnerKind.LANDLORD : PartnerKind.OPERATOR)
              .setWeight(s.weight()).setDailyCap(s.cap()).setExclusive(s.exclusive()).build(),
          s.score(), s.exclusion(), s.cap() != null && counts.getOrDefault(id, 0) >= s.cap(), false));
    }
    return list;
  }

  /** Routes {@code enquiries} leads through the rule with live cap counters; returns leads per partner. */
  private static Map<String, Integer> simulate(List<Spec> specs, int enquiries, int max, List<List<Pick>> out) {
    Map<String, Integer> counts = new HashMap<>();
    FairRoundRobin rr = FairRoundRobin.empty();
    for (int n = 0; n < enquiries; n++) {
      List<Pick> picks = Allocation.allocate(candidates(specs, counts), max, rr);
      out.add(picks);
      picks.stream().filter(Pick::chosen).forEach(p -> counts.merge(p.partnerId(), 1, Integer::sum));
    }
    return counts;
  }

  @Property(tries = 200)
  void aDailyCapIsNeverExceeded(@ForAll("partners") List<Spec> specs, @ForAll @IntRange(min = 1, max = 40) int enquiries,
      @ForAll @IntRange(min = 1, max = 4) int max) {
    Map<String, Integer> counts = simulate(specs, enquiries, max, new ArrayList<>());
    for (int i = 0; i < specs.size(); i++) {
      Integer cap = specs.get(i).cap();
      if (cap != null) {
        assertThat(counts.getOrDefault("p" + i, 0)).isLessThanOrEqualTo(cap);
      }
    }
  }

  @Property(tries = 200)
  void atMostNPartnersAreChosen(@ForAll("partners") List<Spec> specs, @ForAll @IntRange(min = 1, max = 4) int max) {
    List<List<Pick>> all = new ArrayList<>();
    simulate(specs, 10, max, all);
    assertThat(all).allSatisfy(picks -> assertThat(picks.stream().filter(Pick::chosen).count()).isLessThanOrEqualTo(max));
  }

  @Property(tries = 200)
  void anExclusivePartnerIsAlone(@ForAll("partners") List<Spec> specs, @ForAll @IntRange(min = 1, max = 4) int max) {
    List<List<Pick>> all = new ArrayList<>();
    simulate(specs, 10, max, all);
    for (List<Pick> picks : all) {
      List<Pick> chosen = picks.stream().filter(Pick::chosen).toList();
      boolean anyExclusive = chosen.stream().anyMatch(p -> specs.get(Integer.parseInt(p.partnerId().substring(1))).exclusive());
      if (anyExclusive) {
        assertThat(chosen).hasSize(1);
      }
    }
  }

  @Property(tries = 200)
  void everyMatchingPartnerIsAccountedForOnce(@ForAll("partners") List<Spec> specs) {
    List<Pick> picks = Allocation.allocate(candidates(specs, Map.of()), 3, FairRoundRobin.empty());
    assertThat(picks).extracting(Pick::partnerId).doesNotHaveDuplicates().hasSize(specs.size());
  }

  @Property(tries = 200)
  void theResultIsDeterministicForTheSameInputAndState(
      @ForAll("partners") List<Spec> specs, @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 7) Integer> history) {
    FairRoundRobin a = FairRoundRobin.empty();
    for (int winner : history) {
      a.charge("p" + (winner % specs.size()), specs.get(winner % specs.size()).weight());
    }
    FairRoundRobin b = new FairRoundRobin(a.passes(), a.virtualTime());
    List<Candidate> c = candidates(specs, Map.of());
    assertThat(Allocation.allocate(c, 3, a)).isEqualTo(Allocation.allocate(c, 3, b));
    assertThat(a.passes()).isEqualTo(b.passes());
  }
}
