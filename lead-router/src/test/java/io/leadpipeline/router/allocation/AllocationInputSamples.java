package io.leadpipeline.router.allocation;

import io.leadpipeline.avro.ConsentStatus;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.Register;
import io.leadpipeline.router.notices.ErasureRecipient;
import io.leadpipeline.router.notices.SubjectErasure;
import io.leadpipeline.router.reoffer.LeadAnswer;
import io.leadpipeline.router.suppression.ConsentEntry;
import io.leadpipeline.router.suppression.DoNotRepeatEntry;
import io.leadpipeline.router.suppression.PreferenceEntry;
import io.leadpipeline.router.suppression.Screening;
import io.leadpipeline.router.suppression.SuppressionChange;
import io.leadpipeline.router.suppression.SuppressionView;
import io.leadpipeline.router.suppression.TpsEntry;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import java.util.List;

/** One value of each kind the allocation step reads, with every field set: the fixtures' contents. */
final class AllocationInputSamples {
  private AllocationInputSamples() {}

  static final NormalisedEnquiry ENQUIRY = new NormalisedEnquiry(
      "enq-1", 1_772_445_600_000L, 1_772_445_599_000L, "web", "example-site", "Ada Lovelace", "Engines Ltd",
      "ada@example.com", "+447700900123", "subject-key-1", "phone-key-1", true, "London", "EC1", 12,
      List.of(OfficeType.values()[0]), 650, 20_600, 24, true, false);

  static final SuppressionView VIEW = new SuppressionView(
      new TpsEntry(Register.values()[0], 20_000, "tps-file"),
      new ConsentEntry(ConsentStatus.GRANTED, 1_772_400_000_000L, 1_780_000_000_000L, "call-centre"),
      new PreferenceEntry(1L, 2L, 3L, null, 4L, "unsubscribe-page"),
      new PreferenceEntry(null, null, null, 5L, 6L, "api"),
      new DoNotRepeatEntry(false, List.of("p1", "p2"), 7L, "api"));

  static final Screening SCREENING = new Screening(
      ENQUIRY, VIEW, List.of(new Screening.OffsetMark("suppression.tps", 3, 42L)), null);

  static final Screening REOFFER = new Screening(
      ENQUIRY, SuppressionView.NOTHING, List.of(), new Screening.ReofferRequest("lead-1", "p1"));

  static final SuppressionChange CHANGE = new SuppressionChange(
      "subject-key-1", new PreferenceEntry(10L, null, null, 11L, 12L, "api"),
      new DoNotRepeatEntry(true, List.of(), 13L, "api"), 14L);

  static final SubjectErasure ERASURE = new SubjectErasure(
      "subject-key-1", "phone-key-1", 15L, List.of("lead-0"),
      List.of(new ErasureRecipient("p1", PartnerKind.LANDLORD, List.of("lead-1", "lead-2"))));

  static final LeadAnswer ANSWER = new LeadAnswer("lead-1", "p1", true, 16L);
}
