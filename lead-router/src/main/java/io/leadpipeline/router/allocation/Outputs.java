package io.leadpipeline.router.allocation;

import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.router.delivery.LeadDraft;
import io.leadpipeline.router.delivery.Outbound;
import io.leadpipeline.router.notices.CorrectionPlanner;
import io.leadpipeline.router.notices.NoticeLedger;
import io.leadpipeline.router.notices.NoticePlanner;
import io.leadpipeline.router.notices.PlannedCorrection;
import io.leadpipeline.router.notices.PlannedNotice;
import io.leadpipeline.router.ops.RouterMetrics;
import io.leadpipeline.router.suppression.Screening;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Everything the allocation step sends, with the metrics that count it and the notice ledger that
 * remembers what each partner was sent and told.
 */
final class Outputs {
  private final ProcessorContext<String, Outbound> context;
  private final RouterMetrics metrics;
  private final NoticeLedger noticed;

  Outputs(ProcessorContext<String, Outbound> context, RouterMetrics metrics, NoticeLedger noticed) {
    this.context = context;
    this.metrics = metrics;
    this.noticed = noticed;
  }

  /**
   * Sends a lead. Its introduction recorded the contact fields it carries when it was planned; a
   * deferred lead whose phone a younger do-not-call drops was told of that do-not-call, which
   * withholds the phone from later corrections too.
   */
  void lead(LeadDraft draft, long now) {
    context.forward(new Record<>(draft.leadId(), new Outbound.ToPartner(draft.toLead(now)), now));
    metrics.routed(draft.partnerKind());
  }

  void decision(RoutingDecision decision, long now) {
    context.forward(new Record<>(decision.getSubjectKey(), new Outbound.Decision(decision), now));
    metrics.decided(decision.getOutcome(), decision.getLatencyMs());
  }

  void reoffer(String enquiryId, Screening back, long now) {
    context.forward(new Record<>(enquiryId, new Outbound.Reoffer(back), now));
  }

  /** Sends the plan's notices and records them in the ledger, in the same transaction. */
  void notices(NoticePlanner.Plan plan, long now) {
    for (PlannedNotice n : plan.notices()) {
      ContactNotice notice =
          ContactNotice.newBuilder()
              .setNoticeId(n.noticeId())
              .setPartnerId(n.partnerId())
              .setKind(n.kind())
              .setLeadIds(n.leadIds())
              .setEffectiveAt(Instant.ofEpochMilli(n.effectiveAt()))
              .setIssuedAt(Instant.ofEpochMilli(now))
              .build();
      context.forward(new Record<>(notice.getNoticeId(), new Outbound.Notice(notice, n.partnerKind()), now));
    }
    noticed.apply(plan);
  }

  /** Sends the plan's corrections and records them in the ledger, in the same transaction. */
  void corrections(CorrectionPlanner.Plan plan, long now) {
    for (PlannedCorrection c : plan.notices()) {
      context.forward(new Record<>(c.noticeId(), new Outbound.Correction(c.toNotice(now)), now));
    }
    noticed.apply(plan);
  }
}
