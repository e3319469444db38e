package io.leadpipeline.router.formats;

import io.leadpipeline.avro.ConsentStatus;
import io.leadpipeline.avro.NoticeKind;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.Register;
import io.leadpipeline.router.allocation.AllocationInput;
import io.leadpipeline.router.delivery.AllocatorState;
import io.leadpipeline.router.delivery.LeadDraft;
import io.leadpipeline.router.notices.ContactField;
import io.leadpipeline.router.notices.CorrectionRequest;
import io.leadpipeline.router.notices.ErasureRecipient;
import io.leadpipeline.router.notices.Introductions;
import io.leadpipeline.router.notices.Noticed;
import io.leadpipeline.router.notices.SubjectErasure;
import io.leadpipeline.router.reoffer.LeadAnswer;
import io.leadpipeline.router.reoffer.OfferedEnquiry;
import io.leadpipeline.router.reoffer.OfferedLead;
import io.leadpipeline.router.suppression.ConsentEntry;
import io.leadpipeline.router.suppression.DoNotRepeatEntry;
import io.leadpipeline.router.suppression.PreferenceEntry;
import io.leadpipeline.router.suppression.ScreenedRegisters;
import io.leadpipeline.router.suppression.Screening;
import io.leadpipeline.router.suppression.SuppressionChange;
import io.leadpipeline.router.suppression.SuppressionView;
import io.leadpipeline.router.suppression.TpsEntry;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import io.leadpipeline.router.validation.ShownConsent;
import io.leadpipeline.router.wire.JsonSerde;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every value format the router keeps in its state stores and its own internal topics, with the
 * value each committed fixture ({@code src/test/resources/store-formats/<name>-v<N>.bin}) must
 * decode to. A store's changelog and an internal topic outlive the code that wrote them: a new
 * version restores or reads what the previous one wrote.
 *
 * <p>When a format changes (a field added, renamed, retyped), keep every existing fixture and its
 * expected value as the new code reads it (an added field: its default), and add {@code -v<N+1>}
 * with a sample that sets every field. The newest version of each name must set every field, so a
 * field whose value cannot be told from its default is never left unchecked.
 */
final class StoreFormats {
  private StoreFormats() {}

  private static final long T = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();

  /**
   * One fixture: {@code name} is the store or topic, plus a variant when one format carries
   * alternatives; {@code unset} names the record components the sample leaves null or default on
   * purpose (the other alternatives).
   */
  record Fixture(String store, String name, int version, Serde<?> serde, Object expected, Set<String> unset) {
    String file() {
      return name + "-v" + version;
    }

    boolean jsonSerde() {
      return serde instanceof JsonSerde<?>;
    }

    @Override
    public String toString() {
      return file();
    }
  }

  /** A store or topic whose values are the catalogue's Avro records, owned by `schemas`. */
  record Catalogued(String name, String why) {}

  // ---- samples: every component set, to a value that differs from its default ----

  /**
   * The enquiry as a version-{@code v} fixture holds it. v2 added the consent wordings shown: a v1
   * value reads as none shown.
   */
  static NormalisedEnquiry enquiry(int v) {
    return new NormalisedEnquiry(
        "e-0001", T, T - 1_000, "WEB_FORM", "site.example", "Ada Lovelace", "Engines Ltd", "ada@example.com",
        "+442079460018", "s".repeat(64), "p".repeat(64), true, "London", "EC1", 10,
        List.of(OfficeType.SERVICED, OfficeType.MANAGED), 450, 20_600, 12, true, true,
        v < 2 ? null : new ShownConsent(
            new ShownConsent.Wording("email-offers", "3", List.of("acme-offices"), List.of(PartnerKind.LANDLORD)),
            new ShownConsent.Wording("call-offers", "1", List.of("brick-lane"), List.of(PartnerKind.OPERATOR))));
  }

  static PreferenceEntry preferences() {
    return new PreferenceEntry(T - 10, T - 20, T - 30, T - 40, T - 5, "unsubscribe-page");
  }

  static DoNotRepeatEntry doNotRepeat() {
    return new DoNotRepeatEntry(true, List.of("acme-offices", "brick-lane"), T - 7, "api");
  }

  /** v2 added the register loads the number was screened against: a v1 value has none. */
  static SuppressionView view(int v) {
    return new SuppressionView(
        new TpsEntry(Register.CTPS, 20_100, "ctps-2026-03-01.txt"),
        new ConsentEntry(ConsentStatus.REVOKED, T - 100, T + 100, "call-centre"),
        preferences(),
        new PreferenceEntry(T - 11, T - 21, T - 31, T - 41, T - 6, "api"),
        doNotRepeat(),
        v < 2 ? null : new ScreenedRegisters(true, List.of(
            new ScreenedRegisters.Load(Register.TPS, "load-0001", "tps-2026-03-01.txt", T - 86_400_000),
            new ScreenedRegisters.Load(Register.CTPS, "load-0002", "ctps-2026-03-01.txt", T - 90_000_000))));
  }

  /** v3 added the subject stage's barrier, read by the phone stage: a v2 value carries none. */
  static Screening screening(int v) {
    return new Screening(
        enquiry(v), view(v),
        List.of(new Screening.OffsetMark("suppression.tps", 3, 42), new Screening.OffsetMark("suppression.preferences", 5, 7)),
        new Screening.ReofferRequest("lead-0001", "acme-offices"),
        v < 3 ? List.of() : List.of(
            new Screening.OffsetMark("suppression.do-not-repeat", 2, 4),
            new Screening.OffsetMark("suppression.preferences", 2, 19)));
  }

  static LeadDraft draft(int v) {
    return new LeadDraft("lead-0002", "brick-lane", PartnerKind.LANDLORD, enquiry(v), true, true);
  }

  static SubjectErasure erasure() {
    return new SubjectErasure("s".repeat(64), "p".repeat(64), T + 60_000, List.of("lead-0003"),
        List.of(new ErasureRecipient("acme-offices", PartnerKind.OPERATOR, List.of("lead-0001", "lead-0004"))));
  }

  static CorrectionRequest correction() {
    return new CorrectionRequest("rect-0001", "s".repeat(64), "p".repeat(64), T + 9_000, Map.of(
        ContactField.FULL_NAME, "Ada King", ContactField.COMPANY, "Analytical Engines Ltd",
        ContactField.EMAIL, "ada.king@example.com", ContactField.PHONE, "+442079460019"));
  }

  static final Set<String> NONE = Set.of();

  static Fixture fixture(String store, Serde<?> serde, Object expected) {
    return fixture(store, 1, serde, expected);
  }

  static Fixture fixture(String store, int version, Serde<?> serde, Object expected) {
    return new Fixture(store, store, version, serde, expected, NONE);
  }

  /** One kind of the allocation step's input, each kind with fixtures of its own. */
  static Fixture variant(String store, String variant, int version, AllocationInput expected) {
    return new Fixture(store, store + "-" + variant, version, AllocationInput.format(), expected, NONE);
  }

  /** Every fixture, each store and topic at every version it has had. */
  static final List<Fixture> FIXTURES = List.of(
      // Stores of the phone and subject suppression stages: enquiries held at the offset barrier
      // or by an undecodable suppression record.
      fixture("join-hold", JsonSerde.of(Screening.class), screening(1)),
      fixture("join-hold", 2, JsonSerde.of(Screening.class), screening(2)),
      fixture("join-hold", 3, JsonSerde.of(Screening.class), screening(3)),
      fixture("subject-hold", JsonSerde.of(Screening.class), screening(1)),
      fixture("subject-hold", 2, JsonSerde.of(Screening.class), screening(2)),
      fixture("subject-hold", 3, JsonSerde.of(Screening.class), screening(3)),
      // Stores of the allocation step.
      fixture("introductions", JsonSerde.of(Introductions.class), new Introductions(List.of(
          new Introductions.Introduction("acme-offices", PartnerKind.OPERATOR, T - 9_000, "lead-0001", T - 1_000,
              List.of("lead-0001", "lead-0005"), null),
          new Introductions.Introduction("brick-lane", PartnerKind.LANDLORD, T - 8_000, "lead-0002", T - 8_000,
              List.of("lead-0002"), null)))),
      // v2: the contact fields each lead carries, recorded as it is planned.
      fixture("introductions", 2, JsonSerde.of(Introductions.class), new Introductions(List.of(
          new Introductions.Introduction("acme-offices", PartnerKind.OPERATOR, T - 9_000, "lead-0001", T - 1_000,
              List.of("lead-0001", "lead-0005"), Map.of(
                  "lead-0005", Set.of(ContactField.FULL_NAME, ContactField.COMPANY, ContactField.EMAIL, ContactField.PHONE))),
          new Introductions.Introduction("brick-lane", PartnerKind.LANDLORD, T - 8_000, "lead-0002", T - 8_000,
              List.of("lead-0002"), Map.of("lead-0002", Set.of(ContactField.FULL_NAME, ContactField.EMAIL)))))),
      fixture("daily-caps", Serdes.Long(), 17L),
      fixture("fairness", JsonSerde.of(AllocatorState.Fairness.class),
          new AllocatorState.Fairness(Map.of("acme-offices", 3L, "brick-lane", 5L), 8L)),
      fixture("deferred-leads", JsonSerde.of(AllocatorState.DeferredLead.class),
          new AllocatorState.DeferredLead(draft(1), T + 3_600_000)),
      fixture("deferred-leads", 2, JsonSerde.of(AllocatorState.DeferredLead.class),
          new AllocatorState.DeferredLead(draft(2), T + 3_600_000)),
      fixture("known-restrictions", JsonSerde.of(AllocatorState.KnownRestrictions.class),
          new AllocatorState.KnownRestrictions(preferences(), doNotRepeat(), T - 2)),
      fixture("decided-enquiries", Serdes.Long(), T - 3),
      fixture("erased-people", Serdes.Long(), T + 60_000),
      fixture("offered-leads", JsonSerde.of(OfferedLead.class),
          new OfferedLead("e-0001", "s".repeat(64), "p".repeat(64), "acme-offices", T, T + 1_000, true)),
      fixture("offered-enquiries", JsonSerde.of(OfferedEnquiry.class),
          new OfferedEnquiry(enquiry(1), true, true, T, 3,
              List.of(new OfferedEnquiry.Offer("lead-0001", "acme-offices", PartnerKind.OPERATOR, true, true),
                  new OfferedEnquiry.Offer("lead-0002", "brick-lane", PartnerKind.LANDLORD, true, true)),
              T + 5_000)),
      fixture("offered-enquiries", 2, JsonSerde.of(OfferedEnquiry.class),
          new OfferedEnquiry(enquiry(2), true, true, T, 3,
              List.of(new OfferedEnquiry.Offer("lead-0001", "acme-offices", PartnerKind.OPERATOR, true, true),
                  new OfferedEnquiry.Offer("lead-0002", "brick-lane", PartnerKind.LANDLORD, true, true)),
              T + 5_000)),
      fixture("noticed-leads", JsonSerde.of(Noticed.class),
          new Noticed(Map.of(NoticeKind.DO_NOT_CALL, T - 40, NoticeKind.ERASURE, T + 60_000), T + 61_000)),
      // v2: the fields each lead carried and the corrections its partner was told of.
      new Fixture("noticed-leads", "noticed-leads", 2, JsonSerde.of(Noticed.class),
          new Noticed(Map.of(NoticeKind.DO_NOT_CALL, T - 40, NoticeKind.ERASURE, T + 60_000), T + 61_000,
              Set.of(ContactField.FULL_NAME, ContactField.EMAIL, ContactField.PHONE), Set.of("rect-0001")),
          NONE),
      // Internal topics: repartition topics and the re-offer topic.
      fixture("by-phone-repartition", JsonSerde.of(Screening.class), screening(1)),
      fixture("by-phone-repartition", 2, JsonSerde.of(Screening.class), screening(2)),
      fixture("by-phone-repartition", 3, JsonSerde.of(Screening.class), screening(3)),
      fixture("by-subject-repartition", JsonSerde.of(Screening.class), screening(1)),
      fixture("by-subject-repartition", 2, JsonSerde.of(Screening.class), screening(2)),
      fixture("by-subject-repartition", 3, JsonSerde.of(Screening.class), screening(3)),
      fixture("reoffers", JsonSerde.of(Screening.class), screening(1)),
      fixture("reoffers", 2, JsonSerde.of(Screening.class), screening(2)),
      fixture("reoffers", 3, JsonSerde.of(Screening.class), screening(3)),
      variant("allocation-repartition", "screening", 1, AllocationInput.of(screening(1))),
      variant("allocation-repartition", "screening", 2, AllocationInput.of(screening(2))),
      variant("allocation-repartition", "screening", 3, AllocationInput.of(screening(3))),
      variant("allocation-repartition", "change", 1,
          AllocationInput.of(new SuppressionChange("s".repeat(64), preferences(), doNotRepeat(), T - 5))),
      variant("allocation-repartition", "erasure", 1, AllocationInput.of(erasure())),
      variant("allocation-repartition", "answer", 1,
          AllocationInput.of(new LeadAnswer("lead-0001", "acme-offices", true, T + 7_000))),
      variant("allocation-repartition", "rectification", 1, AllocationInput.of(correction())));

  /**
   * Stores whose values are the catalogue topics' own bytes or Avro records: their format is the
   * schema's, kept BACKWARD compatible with every committed version by {@code SchemaHistoryTest}
   * in {@code schemas}.
   */
  static final List<Catalogued> CATALOGUED = List.of(
      new Catalogued("suppression-tps", "suppression.tps bytes (TpsRegistration)"),
      new Catalogued("suppression-call-consents", "suppression.call-consents bytes (CallConsent)"),
      new Catalogued("suppression-preferences", "suppression.preferences bytes (ContactPreferences)"),
      new Catalogued("suppression-do-not-repeat", "suppression.do-not-repeat bytes (DoNotRepeat)"),
      new Catalogued("partners", "global table of partners (Partner)"),
      new Catalogued("suppression-tps-loads", "global table of suppression.tps-loads (TpsLoad)"));
}
