package io.leadpipeline.router.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.PartnerReason;
import io.leadpipeline.router.Fixtures;
import io.leadpipeline.router.matching.Allocation.Pick;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Invariants of the allocation rule (docs/SPECIFICATION.md §6 rule 5) over generated partners and traffic. */
class AllocationPropertiesTest {

  /** A generated partner: weight, cap, exclusivity, its score for every enquiry, and an exclusion. */
  record Spec(int weight, Integer cap, boolean exclusive, int score, PartnerReason exclusion) {}

  static Gen<List<Spec>> partners() {
    Gen<Spec> spec =
        integers().between(1, 4).zip(
            orNull(integers().between(0, 6), 40),
            Generate.pick(List.of(true, false, false, false, false)),
            integers().between(1, 4),
            orNull(Generate.pick(List.of(PartnerReason.DO_NOT_REPEAT, PartnerReason.DUPLICATE)), 80),
            Spec::new);
    return lists().of(spec).ofSizeBetween(1, 8);
  }

  /** {@code values}, or null in {@code percentNull} of the draws. */
  private static <T> Gen<T> orNull(Gen<T> values, int percentNull) {
    return Generate.frequency(Pair.of(percentNull, Generate.constant((T) null)), Pair.of(100 - percentNull, values));
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

  @Test
  void aDailyCapIsNeverExceeded() {
    qt().withExamples(200).forAll(partners(), integers().between(1, 40), integers().between(1, 4))
        .checkAssert((specs, enquiries, max) -> {
          Map<String, Integer> counts = simulate(specs, enquiries, max, new ArrayList<>());
          for (int i = 0; i < specs.size(); i++) {
            Integer cap = specs.get(i).cap();
            if (cap != null) {
              assertThat(counts.getOrDefault("p" + i, 0)).isLessThanOrEqualTo(cap);
            }
          }
        });
  }

  @Test
  void atMostNPartnersAreChosen() {
    qt().withExamples(200).forAll(partners(), integers().between(1, 4)).checkAssert((specs, max) -> {
      List<List<Pick>> all = new ArrayList<>();
      simulate(specs, 10, max, all);
      assertThat(all).allSatisfy(picks -> assertThat(picks.stream().filter(Pick::chosen).count()).isLessThanOrEqualTo(max));
    });
  }

  @Test
  void anExclusivePartnerIsAlone() {
    qt().withExamples(200).forAll(partners(), integers().between(1, 4)).checkAssert((specs, max) -> {
      List<List<Pick>> all = new ArrayList<>();
      simulate(specs, 10, max, all);
      for (List<Pick> picks : all) {
        List<Pick> chosen = picks.stream().filter(Pick::chosen).toList();
        boolean anyExclusive =
            chosen.stream().anyMatch(p -> specs.get(Integer.parseInt(p.partnerId().substring(1))).exclusive());
        if (anyExclusive) {
          assertThat(chosen).hasSize(1);
        }
      }
    });
  }

  @Test
  void everyMatchingPartnerIsAccountedForOnce() {
    qt().withExamples(200).forAll(partners()).checkAssert(specs -> {
      List<Pick> picks = Allocation.allocate(candidates(specs, Map.of()), 3, FairRoundRobin.empty());
      assertThat(picks).extracting(Pick::partnerId).doesNotHaveDuplicates().hasSize(specs.size());
    });
  }

  @Test
  void theResultIsDeterministicForTheSameInputAndState() {
    qt().withExamples(200).forAll(partners(), lists().of(integers().between(0, 7)).ofSizeBetween(0, 20))
        .checkAssert((specs, history) -> {
          FairRoundRobin a = FairRoundRobin.empty();
          for (int winner : history) {
            a.charge("p" + (winner % specs.size()), specs.get(winner % specs.size()).weight());
          }
          FairRoundRobin b = new FairRoundRobin(a.passes(), a.virtualTime());
          List<Candidate> c = candidates(specs, Map.of());
          assertThat(Allocation.allocate(c, 3, a)).isEqualTo(Allocation.allocate(c, 3, b));
          assertThat(a.passes()).isEqualTo(b.passes());
        });
  }
}
