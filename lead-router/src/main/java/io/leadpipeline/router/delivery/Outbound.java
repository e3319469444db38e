package io.leadpipeline.router.delivery;

import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.CorrectionNotice;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.router.wire.Screening;

/**
 * What the allocation step emits; exactly one of lead, decision, notice, reoffer and correction
 * is set. Never serialised: split at once.
 *
 * @param reoffer a rejected lead's enquiry on its way back to the suppression stages
 */
public record Outbound(
    Lead lead, RoutingDecision decision, ContactNotice notice, PartnerKind noticeKind, Screening reoffer,
    CorrectionNotice correction) {
  static Outbound of(Lead l) {
    return new Outbound(l, null, null, null, null, null);
  }

  static Outbound of(RoutingDecision d) {
    return new Outbound(null, d, null, null, null, null);
  }

  static Outbound of(ContactNotice n, PartnerKind kind) {
    return new Outbound(null, null, n, kind, null, null);
  }

  static Outbound of(Screening reoffer) {
    return new Outbound(null, null, null, null, reoffer, null);
  }

  static Outbound of(CorrectionNotice c) {
    return new Outbound(null, null, null, null, null, c);
  }
}
