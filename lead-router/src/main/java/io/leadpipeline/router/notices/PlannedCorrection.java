package io.leadpipeline.router.notices;

import io.leadpipeline.avro.CorrectionNotice;
import java.time.Instant;
import java.util.Map;

/** One {@code CorrectionNotice} to send: one lead, one request, only the fields its partner may receive. */
public record PlannedCorrection(
    String noticeId, String partnerId, String leadId, String requestId, Map<ContactField, String> fields, long effectiveAt) {
  public PlannedCorrection {
    fields = Map.copyOf(fields);
  }

  /** The notice as the partner reads it; a field it may not receive stays null. */
  public CorrectionNotice toNotice(long issuedAt) {
    return CorrectionNotice.newBuilder()
        .setNoticeId(noticeId)
        .setPartnerId(partnerId)
        .setLeadId(leadId)
        .setRequestId(requestId)
        .setFullName(fields.get(ContactField.FULL_NAME))
        .setCompany(fields.get(ContactField.COMPANY))
        .setEmail(fields.get(ContactField.EMAIL))
        .setPhone(fields.get(ContactField.PHONE))
        .setEffectiveAt(Instant.ofEpochMilli(effectiveAt))
        .setIssuedAt(Instant.ofEpochMilli(issuedAt))
        .build();
  }
}
