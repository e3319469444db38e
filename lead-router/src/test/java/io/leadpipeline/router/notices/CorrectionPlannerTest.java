package io.leadpipeline.router.notices;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.NoticeKind;
import io.leadpipeline.avro.PartnerKind;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CorrectionPlannerTest {
  static final long NOW = 1_000_000;

  private static final Set<ContactField> ALL = EnumSet.allOf(ContactField.class);

  /**
   * L1a to acme and L1b to bloom under both keys; L3 to acme under the phone key only. Every lead
   * planned with all four fields.
   */
  private static final Introductions BY_SUBJECT = Introductions.NONE
      .record("acme", PartnerKind.OPERATOR, "L1a", ALL, 1)
      .record("bloom", PartnerKind.LANDLORD, "L1b", ALL, 1);
  private static final Introductions BY_PHONE = BY_SUBJECT.record("acme", PartnerKind.OPERATOR, "L3", ALL, 3);

  private static final Map<ContactField, String> NAME_AND_PHONE =
      Map.of(ContactField.FULL_NAME, "Ada King", ContactField.PHONE, "+447700900123");

  private static CorrectionRequest request(String id, Map<ContactField, String> fields) {
    return new CorrectionRequest(id, "sk", "pk", 50, fields);
  }

  /** A ledger entry an earlier version wrote as the lead went out, naming the fields it carried. */
  private static Noticed sent(ContactField... fields) {
    return new Noticed(Map.of(), 1, fields.length == 0 ? EnumSet.noneOf(ContactField.class) : EnumSet.of(fields[0], fields), Set.of());
  }

  /** Runs the plan against a ledger held in a map, as the router's store holds it. */
  private static CorrectionPlanner.Plan plan(Map<String, Noticed> ledger, CorrectionRequest r, List<Introductions> held) {
    CorrectionPlanner.Plan plan = CorrectionPlanner.forRequest(r, held, Map.copyOf(ledger), NOW);
    ledger.putAll(plan.noticed());
    return plan;
  }

  @Test
  void eachLeadOnceWhicheverKeysHoldIt() {
    Map<String, Noticed> ledger = new HashMap<>();
    CorrectionPlanner.Plan p = plan(ledger, request("r1", NAME_AND_PHONE), List.of(BY_SUBJECT, BY_PHONE));

    assertThat(p.notices()).extracting(PlannedCorrection::leadId).containsExactly("L1a", "L1b", "L3");
    assertThat(p.notices()).extracting(PlannedCorrection::partnerId).containsExactly("acme", "bloom", "acme");
    assertThat(p.notices().get(0).noticeId()).isEqualTo(CorrectionPlanner.noticeId("L1a", "r1"));
    assertThat(p.notices().get(0).fields()).isEqualTo(NAME_AND_PHONE);
    assertThat(p.notices().get(0).effectiveAt()).isEqualTo(50);
    assertThat(ledger.get("L1a").corrections()).containsExactly("r1");
  }

  @Test
  void theSameRequestAgainTellsNobodyAndAnotherTellsAgain() {
    Map<String, Noticed> ledger = new HashMap<>();
    assertThat(plan(ledger, request("r1", NAME_AND_PHONE), List.of(BY_SUBJECT)).notices()).hasSize(2);
    assertThat(plan(ledger, request("r1", NAME_AND_PHONE), List.of(BY_PHONE)).notices())
        .extracting(PlannedCorrection::leadId).containsExactly("L3");
    assertThat(plan(ledger, request("r1", NAME_AND_PHONE), List.of(BY_SUBJECT, BY_PHONE)).notices()).isEmpty();
    assertThat(plan(ledger, request("r2", NAME_AND_PHONE), List.of(BY_SUBJECT)).notices()).hasSize(2);
  }

  @Test
  void onlyTheFieldsTheLeadCarriedAsItsIntroductionRecorded() {
    Introductions planned = Introductions.NONE
        .record("acme", PartnerKind.OPERATOR, "L1a", EnumSet.of(ContactField.FULL_NAME, ContactField.PHONE), 1)
        .record("bloom", PartnerKind.LANDLORD, "L1b", EnumSet.of(ContactField.FULL_NAME, ContactField.EMAIL), 1);
    CorrectionPlanner.Plan p = plan(new HashMap<>(), request("r1", NAME_AND_PHONE), List.of(planned));

    assertThat(p.notices().get(0).fields()).containsOnlyKeys(ContactField.FULL_NAME, ContactField.PHONE);
    assertThat(p.notices().get(1).fields()).containsOnlyKeys(ContactField.FULL_NAME);
  }

  @Test
  void fieldsTheLedgerRecordedWinOverTheIntroductions() {
    Map<String, Noticed> ledger = new HashMap<>(Map.of("L1a", sent(ContactField.FULL_NAME, ContactField.EMAIL)));
    CorrectionPlanner.Plan p = plan(ledger, request("r1", NAME_AND_PHONE), List.of(BY_SUBJECT));

    assertThat(p.notices()).extracting(PlannedCorrection::leadId).containsExactly("L1a", "L1b");
    assertThat(p.notices().get(0).fields()).containsOnlyKeys(ContactField.FULL_NAME);
    assertThat(p.notices().get(1).fields()).isEqualTo(NAME_AND_PHONE);
  }

  @Test
  void aLeadWithNothingToHearOfGetsNoNoticeAndStaysUntold() {
    Map<String, Noticed> ledger = new HashMap<>(Map.of("L1b", sent(ContactField.FULL_NAME, ContactField.EMAIL)));
    CorrectionPlanner.Plan p =
        plan(ledger, request("r1", Map.of(ContactField.PHONE, "+447700900123")), List.of(BY_SUBJECT));

    assertThat(p.notices()).extracting(PlannedCorrection::leadId).containsExactly("L1a");
    assertThat(p.noticed()).containsOnlyKeys("L1a");
  }

  @Test
  void noPhoneAfterADoNotCallAndNothingAfterAnErasure() {
    Map<String, Noticed> ledger = new HashMap<>(Map.of(
        "L1a", Noticed.NOTHING.told(NoticeKind.DO_NOT_CALL, 10, 10),
        "L1b", Noticed.NOTHING.told(NoticeKind.ERASURE, 10, 10)));
    CorrectionPlanner.Plan p = plan(ledger, request("r1", NAME_AND_PHONE), List.of(BY_SUBJECT));

    assertThat(p.notices()).singleElement().satisfies(n -> {
      assertThat(n.leadId()).isEqualTo("L1a");
      assertThat(n.fields()).containsOnlyKeys(ContactField.FULL_NAME);
    });
  }

  @Test
  void aLeadSentBeforeItsFieldsWereRecordedHearsOfNameCompanyAndEmailOnly() {
    Introductions older = new Introductions(List.of(
        new Introductions.Introduction("acme", PartnerKind.OPERATOR, 1, "L1a", 1, List.of("L1a"), null)));
    CorrectionPlanner.Plan p = plan(new HashMap<>(), request("r1", Map.of(
        ContactField.FULL_NAME, "Ada King", ContactField.COMPANY, "AE Ltd", ContactField.EMAIL, "ada@king.example",
        ContactField.PHONE, "+447700900123")), List.of(older));

    assertThat(p.notices()).singleElement().satisfies(n -> assertThat(n.fields())
        .containsOnlyKeys(ContactField.FULL_NAME, ContactField.COMPANY, ContactField.EMAIL));
  }

  @Test
  void theLedgerEntryKeepsWhatItAlreadyHeld() {
    Noticed before = sent(ContactField.FULL_NAME).told(NoticeKind.MARKETING_OPT_OUT, 7, 7);
    Noticed after = before.corrected("r1", NOW);
    assertThat(after.latest()).isEqualTo(before.latest());
    assertThat(after.carried()).containsExactly(ContactField.FULL_NAME);
    assertThat(after.told(NoticeKind.DO_NOT_CALL, 9, NOW).corrections()).containsExactly("r1");
  }
}
