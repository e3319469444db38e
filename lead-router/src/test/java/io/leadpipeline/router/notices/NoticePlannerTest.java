package io.leadpipeline.router.notices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.leadpipeline.avro.NoticeKind;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.identity.NoticeIds;
import io.leadpipeline.router.suppression.DoNotRepeatEntry;
import io.leadpipeline.router.suppression.PreferenceEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NoticePlannerTest {
  static final long NOW = 1_000_000;

  private static PreferenceEntry prefs(Long email, Long dnc) {
    return new PreferenceEntry(email, null, null, dnc, 1, "s");
  }

  /** L1 went to acme and bloom from an enquiry with email and phone; L3 to acme under the phone only. */
  private static final Introductions BY_SUBJECT = Introductions.NONE
      .record("acme", PartnerKind.OPERATOR, "L1a", Set.of(), 1)
      .record("bloom", PartnerKind.LANDLORD, "L1b", Set.of(), 1);
  private static final Introductions BY_PHONE = BY_SUBJECT
      .record("acme", PartnerKind.OPERATOR, "L3", Set.of(), 3);

  /** Runs the plan against a ledger held in a map, as the router's store holds it. */
  private static NoticePlanner.Plan change(Map<String, Noticed> ledger, Introductions seen, PreferenceEntry before, PreferenceEntry after) {
    NoticePlanner.Plan plan = NoticePlanner.forChange(seen, before, after, null, null, Map.copyOf(ledger), NOW);
    ledger.putAll(plan.noticed());
    plan.forgotten().forEach(ledger::remove);
    return plan;
  }

  @Test
  void aRequestUnderTwoKeysTellsEachLeadOnce() {
    Map<String, Noticed> ledger = new HashMap<>();
    NoticePlanner.Plan bySubject = change(ledger, BY_SUBJECT, null, prefs(null, 5L));
    NoticePlanner.Plan byPhone = change(ledger, BY_PHONE, null, prefs(null, 5L));

    assertThat(bySubject.notices()).extracting(PlannedNotice::partnerId, PlannedNotice::leadIds)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("acme", List.of("L1a")), org.assertj.core.groups.Tuple.tuple("bloom", List.of("L1b")));
    // Under the phone key only the lead nobody was told about yet.
    assertThat(byPhone.notices()).singleElement().satisfies(n -> {
      assertThat(n.partnerId()).isEqualTo("acme");
      assertThat(n.kind()).isEqualTo(NoticeKind.DO_NOT_CALL);
      assertThat(n.leadIds()).containsExactly("L3");
      assertThat(n.effectiveAt()).isEqualTo(5L);
      assertThat(n.noticeId()).isEqualTo(NoticeIds.change("DO_NOT_CALL", "acme", 5, List.of("L3")));
    });
    assertThat(ledger.get("L1a").latest()).containsExactly(entry(NoticeKind.DO_NOT_CALL, 5L));
  }

  @Test
  void theSameRecordAgainTellsNobody() {
    Map<String, Noticed> ledger = new HashMap<>();
    change(ledger, BY_SUBJECT, null, prefs(null, 5L));
    // Re-read with no "before" (as after a restriction expired from the router's memory): the ledger still knows.
    assertThat(change(ledger, BY_SUBJECT, null, prefs(null, 5L)).notices()).isEmpty();
    assertThat(change(ledger, BY_SUBJECT, prefs(null, 5L), prefs(null, 5L)).notices()).isEmpty();
  }

  @Test
  void aNewerRestrictionTellsAgain() {
    Map<String, Noticed> ledger = new HashMap<>();
    change(ledger, BY_SUBJECT, null, prefs(null, 5L));
    NoticePlanner.Plan again = change(ledger, BY_SUBJECT, prefs(null, 5L), prefs(null, 9L));
    assertThat(again.notices()).hasSize(2).allSatisfy(n -> assertThat(n.effectiveAt()).isEqualTo(9L));
    assertThat(ledger.get("L1b").latest()).containsExactly(entry(NoticeKind.DO_NOT_CALL, 9L));
  }

  @Test
  void aMarketingOptOutIsEffectiveAtTheNewestOptOutItAdds() {
    assertThat(NoticePlanner.forPreferences(prefs(null, 5L), prefs(7L, 5L))).containsExactly(entry(NoticeKind.MARKETING_OPT_OUT, 7L));
    PreferenceEntry all = new PreferenceEntry(3L, 8L, 8L, null, 8, "s");
    assertThat(NoticePlanner.forPreferences(prefs(3L, null), all)).containsExactly(entry(NoticeKind.MARKETING_OPT_OUT, 8L));
    assertThat(NoticePlanner.forPreferences(all, all)).isEmpty();
  }

  @Test
  void aPartnerNewlyNamedByDoNotRepeatIsToldAndOnlyIt() {
    DoNotRepeatEntry before = new DoNotRepeatEntry(false, List.of("acme"), 1, "s");
    DoNotRepeatEntry after = new DoNotRepeatEntry(false, List.of("acme", "bloom"), 2, "s");
    NoticePlanner.Plan plan = NoticePlanner.forChange(BY_SUBJECT, null, null, before, after, Map.of(), NOW);
    assertThat(plan.notices()).singleElement().satisfies(n -> {
      assertThat(n.partnerId()).isEqualTo("bloom");
      assertThat(n.kind()).isEqualTo(NoticeKind.DO_NOT_REPEAT);
      assertThat(n.effectiveAt()).isEqualTo(2L);
    });
    assertThat(NoticePlanner.forChange(BY_SUBJECT, null, null, after, after, plan.noticed(), NOW).notices()).isEmpty();
  }

  @Test
  void anErasureTellsEachPartnerOnceCoveringEveryLeadOnce() {
    // The service found L1a, L1b and L0 (older, no longer in the router's introductions); the router knows L1a, L1b, L3.
    List<ErasureRecipient> found = List.of(
        new ErasureRecipient("acme", PartnerKind.OPERATOR, List.of("L0", "L1a")),
        new ErasureRecipient("bloom", PartnerKind.LANDLORD, List.of("L1b")));
    Map<String, Noticed> ledger = Map.of("L1a", new Noticed(Map.of(NoticeKind.DO_NOT_CALL, 5L), 1));

    NoticePlanner.Plan plan = NoticePlanner.forErasure(found, List.of(BY_SUBJECT, BY_PHONE), Set.of(), "sk", 42, ledger);

    assertThat(plan.notices()).hasSize(2);
    assertThat(plan.notices().get(0)).satisfies(n -> {
      assertThat(n.partnerId()).isEqualTo("acme");
      assertThat(n.kind()).isEqualTo(NoticeKind.ERASURE);
      assertThat(n.leadIds()).containsExactly("L0", "L1a", "L3");
      assertThat(n.effectiveAt()).isEqualTo(42L);
      assertThat(n.noticeId()).isEqualTo(NoticeIds.erasure("acme", "sk", 42));
    });
    assertThat(plan.notices().get(1).leadIds()).containsExactly("L1b");
    assertThat(plan.forgotten()).containsExactlyInAnyOrder("L0", "L1a", "L1b", "L3");
    assertThat(plan.noticed()).isEmpty();
  }

  @Test
  void anErasureDoesNotTellAgainWhatAnOlderServiceToldOrTheLedgerHoldsAsTold() {
    List<ErasureRecipient> found = List.of(new ErasureRecipient("acme", PartnerKind.OPERATOR, List.of("L1a")));
    NoticePlanner.Plan plan = NoticePlanner.forErasure(found, List.of(BY_PHONE), Set.of("L1a", "L1b"), "sk", 42,
        Map.of("L3", new Noticed(Map.of(NoticeKind.ERASURE, 40L), 1)));
    assertThat(plan.notices()).isEmpty();
  }
}
