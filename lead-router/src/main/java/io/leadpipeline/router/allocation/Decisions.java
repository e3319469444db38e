package io.leadpipeline.router.allocation;

import io.leadpipeline.avro.CallDecision;
import io.leadpipeline.avro.DecisionOutcome;
import io.leadpipeline.avro.MarketingDecision;
import io.leadpipeline.avro.PartnerDecision;
import io.leadpipeline.avro.Reoffer;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.avro.ScreenedOffset;
import io.leadpipeline.avro.SuppressionFact;
import io.leadpipeline.router.suppression.CallPermission;
import io.leadpipeline.router.suppression.FactsUsed;
import io.leadpipeline.router.suppression.MarketingPermission;
import io.leadpipeline.router.suppression.Screening;
import io.leadpipeline.router.suppression.SuppressionView;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import java.time.Instant;
import java.util.List;

/** The audit record of one allocation (docs/SPECIFICATION.md §6): one per valid enquiry and per re-offer. */
final class Decisions {
  private Decisions() {}

  static RoutingDecision of(
      NormalisedEnquiry e,
      SuppressionView view,
      CallPermission.Verdict call,
      MarketingPermission.Verdict marketing,
      List<PartnerDecision> decisions,
      DecisionOutcome outcome,
      List<Screening.OffsetMark> screenedAgainst,
      Reoffer reoffer,
      long now) {
    return RoutingDecision.newBuilder()
        .setEnquiryId(e.enquiryId())
        .setSubjectKey(e.subjectKey())
        .setPhoneKey(e.phoneKey())
        .setEventTime(Instant.ofEpochMilli(e.eventTime()))
        .setDecidedAt(Instant.ofEpochMilli(now))
        .setOutcome(outcome)
        .setCall(new CallDecision(call.permitted(), call.reason()))
        .setMarketing(new MarketingDecision(marketing.permitted(), marketing.reason()))
        .setPartners(decisions)
        .setSuppressionFacts(
            FactsUsed.of(view, e.subjectKey(), e.phoneKey()).stream()
                .map(f -> new SuppressionFact(f.kind(), f.key(), Instant.ofEpochMilli(f.effectiveAt()), f.source()))
                .toList())
        .setLatencyMs(now - e.eventTime())
        .setScreenedAgainst(screenedAgainst.stream()
            .map(m -> new ScreenedOffset(m.topic(), m.partition(), m.endOffset()))
            .toList())
        .setReoffer(reoffer)
        .setConsentEvidence(true)
        .build();
  }
}
