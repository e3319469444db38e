package io.leadpipeline.router.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.leadpipeline.avro.DecisionOutcome;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.PartnerDecision;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.PartnerStatus;
import io.leadpipeline.router.Fixtures;
import io.leadpipeline.router.delivery.AllocatorState.Fairness;
import io.leadpipeline.router.delivery.AllocatorState.KnownRestrictions;
import io.leadpipeline.router.notices.Introductions;
import io.leadpipeline.router.reoffer.OfferedEnquiry;
import io.leadpipeline.router.reoffer.Reoffers;
import io.leadpipeline.router.suppression.DoNotRepeatEntry;
import io.leadpipeline.router.suppression.Screening;
import io.leadpipeline.router.suppression.SuppressionView;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import io.leadpipeline.router.validation.ShownConsent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Invariants of the allocation plan (docs/SPECIFICATION.md §6 rules 4 to 6) over generated
 * partners and state: the planner is a plain function, so each property is checked on thousands of
 * snapshots without Kafka.
 */
class AllocationPlannerPropertiesTest {
  /** Monday 2 March 2026, 10:00 in London: inside office hours. */
  private static final long NOW = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
  private static final Duration DEDUPE = Duration.ofDays(30);

  /** How a partner's hours stand at {@link #NOW}. */
  enum Hours { ANY, OPEN, CLOSED }

  /**
   * A generated partner and what the step knows of it.
   *
   * @param cap null: no daily cap
   * @param capCount leads already counted against today's cap
   * @param received the subject already received a lead from it within the dedupe window
   * @param doNotRepeat the subject asked not to be passed to it again
   */
  record Spec(
      int weight, Integer cap, boolean exclusive, boolean covers, Hours hours,
      int capCount, boolean received, boolean doNotRepeat) {}

  /** A generated snapshot: the partners, the partner limit, and the sender's standing. */
  record World(List<Spec> partners, int maxPartners, boolean senderErased, boolean doNotRepeatAll, Long fairnessTime) {}

  static Gen<Spec> spec() {
    Gen<Pair<Integer, Integer>> weightAndCap = integers().between(1, 4).zip(orNull(integers().between(0, 3), 40), Pair::of);
    Gen<Pair<Boolean, Boolean>> exclusiveAndCovers =
        bool(15).zip(bool(85), Pair::of);
    Gen<Hours> hours = Generate.pick(List.of(Hours.ANY, Hours.ANY, Hours.OPEN, Hours.CLOSED));
    Gen<Integer> capCount = integers().between(0, 4);
    Gen<Pair<Boolean, Boolean>> receivedAndDnr = bool(15).zip(bool(15), Pair::of);
    return weightAndCap.zip(exclusiveAndCovers, hours, capCount, receivedAndDnr,
        (wc, ec, h, n, rd) -> new Spec(wc._1, wc._2, ec._1, ec._2, h, n, rd._1, rd._2));
  }

  static Gen<World> worlds() {
    return lists().of(spec()).ofSizeBetween(0, 8).zip(
        integers().between(1, 4), bool(10), bool(5), orNull(Generate.longRange(0, 5_000_000L), 50), World::new);
  }

  private static Gen<Boolean> bool(int percentTrue) {
    return Generate.frequency(
        Pair.of(percentTrue, Generate.constant(true)), Pair.of(100 - percentTrue, Generate.constant(false)));
  }

  private static <T> Gen<T> orNull(Gen<T> values, int percentNull) {
    return Generate.frequency(Pair.of(percentNull, Generate.constant((T) null)), Pair.of(100 - percentNull, values));
  }

  static final NormalisedEnquiry ENQUIRY = new NormalisedEnquiry(
      "enquiry-1", NOW - 1_000, NOW - 2_000, "WEB_FORM", "instantoffices.example", "Ada Lovelace", "Engines Ltd",
      "ada@example.com", "+447700900123", "subject-1", "phone-1", true, "London", "EC2A", 10,
      List.of(OfficeType.SERVICED), 600, null, 12, true, false, ShownConsent.NONE);

  static String id(int i) {
    return "p" + i;
  }

  static List<Partner> partners(World w) {
    List<Partner> list = new ArrayList<>();
    for (int i = 0; i < w.partners().size(); i++) {
      Spec s = w.partners().get(i);
      Partner.Builder p = Fixtures.partner(id(i), i % 2 == 0 ? PartnerKind.LANDLORD : PartnerKind.OPERATOR)
          .setWeight(s.weight()).setDailyCap(s.cap()).setExclusive(s.exclusive())
          .setCities(List.of(s.covers() ? "London" : "Leeds"));
      switch (s.hours()) {
        case OPEN -> p.setDeliveryHours(Fixtures.weekdays("09:00", "17:00"));
        case CLOSED -> p.setDeliveryHours(Fixtures.weekdays("18:00", "19:00"));
        default -> { }
      }
      list.add(p.build());
    }
    return list;
  }

  static AllocationPlanner.Snapshot snapshot(World w) {
    Map<String, Long> counts = new HashMap<>();
    Introductions received = Introductions.NONE;
    List<String> dnr = new ArrayList<>();
    for (int i = 0; i < w.partners().size(); i++) {
      Spec s = w.partners().get(i);
      counts.put(id(i), (long) s.capCount());
      if (s.received()) {
        received = received.record(id(i), PartnerKind.LANDLORD, "earlier-" + i, Set.of(), NOW - Duration.ofDays(3).toMillis());
      }
      if (s.doNotRepeat()) {
        dnr.add(id(i));
      }
    }
    KnownRestrictions restrictions = dnr.isEmpty() && !w.doNotRepeatAll()
        ? null
        : new KnownRestrictions(null, new DoNotRepeatEntry(w.doNotRepeatAll(), dnr, NOW - 500, "api"), NOW - 400);
    Fairness fairness = w.fairnessTime() == null ? null : new Fairness(Map.of("p0", w.fairnessTime()), w.fairnessTime());
    return new AllocationPlanner.Snapshot(
        partners(w),
        key -> counts.getOrDefault(key.substring(0, key.indexOf('|')), 0L),
        fairness, received, Introductions.NONE, restrictions, null, w.senderErased());
  }

  static AllocationPlanner.Plan plan(World w) {
    Screening s = new Screening(ENQUIRY, SuppressionView.NOTHING);
    return new AllocationPlanner(w.maxPartners(), DEDUPE).enquiry(s, snapshot(w), NOW);
  }

  private static Set<String> leadPartners(AllocationPlanner.Plan plan) {
    return plan.leads().stream().map(l -> l.draft().partnerId()).collect(Collectors.toSet());
  }

  private static Spec spec(World w, String partnerId) {
    return w.partners().get(Integer.parseInt(partnerId.substring(1)));
  }

  @Test
  void neverMoreLeadsThanThePartnerLimit() {
    qt().withExamples(2000).forAll(worlds()).checkAssert(w -> {
      AllocationPlanner.Plan plan = plan(w);
      assertThat(plan.leads()).hasSizeLessThanOrEqualTo(w.maxPartners());
      assertThat(leadPartners(plan)).hasSize(plan.leads().size()); // one lead per partner
    });
  }

  @Test
  void neverAPartnerAtItsCapAndEachCappedLeadIsCharged() {
    qt().withExamples(2000).forAll(worlds()).checkAssert(w -> {
      AllocationPlanner.Plan plan = plan(w);
      for (String p : leadPartners(plan)) {
        Spec s = spec(w, p);
        assertThat(s.cap() == null || s.capCount() < s.cap()).as("lead to %s at its cap", p).isTrue();
      }
      List<String> charged = plan.capCharges().stream().map(k -> k.substring(0, k.indexOf('|'))).sorted().toList();
      List<String> capped = plan.leads().stream().map(l -> l.draft().partnerId())
          .filter(p -> spec(w, p).cap() != null).sorted().toList();
      assertThat(charged).isEqualTo(capped);
    });
  }

  @Test
  void neverAPartnerThatAlreadyHadTheSubjectOrIsNotToHaveThem() {
    qt().withExamples(2000).forAll(worlds()).checkAssert(w -> {
      for (String p : leadPartners(plan(w))) {
        Spec s = spec(w, p);
        assertThat(s.received()).as("%s already received the subject", p).isFalse();
        assertThat(s.doNotRepeat() || w.doNotRepeatAll()).as("%s is under do-not-repeat", p).isFalse();
        assertThat(s.covers()).as("%s does not cover the enquiry", p).isTrue();
      }
    });
  }

  @Test
  void theRoundRobinIsChargedForExactlyThePartnersThatGetALead() {
    qt().withExamples(2000).forAll(worlds()).checkAssert(w -> {
      AllocationPlanner.Plan plan = plan(w);
      if (plan.fairness() == null) {
        assertThat(plan.leads()).isEmpty();
        return;
      }
      Fairness before = snapshot(w).fairness();
      Map<String, Long> passesBefore = before == null ? Map.of() : before.passes();
      Set<String> charged = new HashSet<>();
      plan.fairness().passes().forEach((p, pass) -> {
        if (!pass.equals(passesBefore.get(p))) {
          charged.add(p);
        }
      });
      assertThat(charged).isEqualTo(leadPartners(plan));
    });
  }

  @Test
  void anErasedSenderOrADoNotRepeatForAllYieldsNoLeadAndNoStateChange() {
    // Each world here has an erased sender, a do-not-repeat for all partners, or both.
    Gen<World> held = worlds().zip(integers().between(1, 3),
        (w, k) -> new World(w.partners(), w.maxPartners(), k != 2, k != 1, w.fairnessTime()));
    qt().withExamples(1000).forAll(held).checkAssert(w -> {
      AllocationPlanner.Plan plan = plan(w);
      assertThat(plan.leads()).isEmpty();
      assertThat(plan.capCharges()).isEmpty();
      assertThat(plan.bySubject()).isNull();
      assertThat(plan.byPhone()).isNull();
      assertThat(plan.offeredEnquiry()).isNull();
      assertThat(plan.offeredLeads()).isEmpty();
      if (w.senderErased()) {
        assertThat(plan.decision().getOutcome()).isEqualTo(DecisionOutcome.ERASED);
        assertThat(plan.decision().getPartners()).isEmpty();
        assertThat(plan.fairness()).isNull();
      }
    });
  }

  @Test
  void theDecisionNamesEveryLeadAndTheStateRecordsIt() {
    qt().withExamples(2000).forAll(worlds()).checkAssert(w -> {
      AllocationPlanner.Plan plan = plan(w);
      Map<String, String> chosen = new HashMap<>();
      for (PartnerDecision d : plan.decision().getPartners()) {
        if (d.getStatus() != PartnerStatus.EXCLUDED) {
          chosen.put(d.getPartnerId(), d.getLeadId());
        }
      }
      Map<String, String> leads = plan.leads().stream()
          .collect(Collectors.toMap(l -> l.draft().partnerId(), l -> l.draft().leadId()));
      assertThat(chosen).isEqualTo(leads);
      assertThat(plan.decision().getOutcome() == DecisionOutcome.ROUTED).isEqualTo(!leads.isEmpty());
      for (AllocationPlanner.PlannedLead l : plan.leads()) {
        assertThat(l.deferred()).isEqualTo(spec(w, l.draft().partnerId()).hours() == Hours.CLOSED);
        assertThat(plan.bySubject().receivedWithin(l.draft().partnerId(), NOW, DEDUPE.toMillis())).isTrue();
        assertThat(plan.byPhone().receivedWithin(l.draft().partnerId(), NOW, DEDUPE.toMillis())).isTrue();
        assertThat(plan.offeredLeads()).containsKey(l.draft().leadId());
      }
    });
  }

  @Test
  void aReofferGoesToAtMostOneNewPartnerAndOnlyWhileTheLimitHasRoom() {
    Gen<Pair<World, Integer>> cases = worlds().zip(integers().between(1, 4), Pair::of);
    qt().withExamples(2000).forAll(cases).checkAssert(c -> {
      World w = c._1;
      int recipients = Math.min(c._2, w.partners().size());
      if (recipients == 0) {
        return;
      }
      List<OfferedEnquiry.Offer> offers = new ArrayList<>();
      for (int i = 0; i < recipients; i++) {
        // The first recipient's lead is the one rejected.
        offers.add(new OfferedEnquiry.Offer("lead-" + i, id(i), PartnerKind.LANDLORD, false, i == 0));
      }
      OfferedEnquiry offered =
          new OfferedEnquiry(ENQUIRY, true, true, NOW - 10_000, w.maxPartners(), offers, NOW - 5_000);
      Screening back = new Screening(
          Reoffers.keysOnly(ENQUIRY.enquiryId(), ENQUIRY.subjectKey(), ENQUIRY.phoneKey(), NOW - 500),
          SuppressionView.NOTHING, List.of(), new Screening.ReofferRequest("lead-0", id(0)));
      AllocationPlanner planner = new AllocationPlanner(w.maxPartners(), DEDUPE);

      AllocationPlanner.Plan plan = planner.reoffer(back, offered, snapshot(w), NOW);
      assertThat(plan.leads()).hasSizeLessThanOrEqualTo(1);
      assertThat(leadPartners(plan)).doesNotContainAnyElementsOf(offered.recipients());
      if (!offered.hasRoom()) {
        assertThat(plan.leads()).isEmpty();
      }
      assertThat(plan.decision().getReoffer()).isNotNull();

      AllocationPlanner.Plan erased = planner.reoffer(back, null, snapshot(w), NOW);
      assertThat(erased.leads()).isEmpty();
      assertThat(erased.decision().getOutcome()).isEqualTo(DecisionOutcome.ERASED);
    });
  }
}
