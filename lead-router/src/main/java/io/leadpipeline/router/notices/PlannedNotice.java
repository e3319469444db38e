package io.leadpipeline.router.notices;

import io.leadpipeline.avro.NoticeKind;
import io.leadpipeline.avro.PartnerKind;
import java.util.List;

/** One {@code ContactNotice} to send: one partner, one request, each of its leads named once. */
public record PlannedNotice(
    String noticeId, String partnerId, PartnerKind partnerKind, NoticeKind kind, List<String> leadIds, long effectiveAt) {
  public PlannedNotice {
    leadIds = List.copyOf(leadIds);
  }
}
