package io.leadpipeline.router.delivery;

import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.RoutingDecision;

/** What the allocation step emits; exactly one field is set. Never serialised: split at once. */
public record Outbound(Lead lead, RoutingDecision decision, ContactNotice notice, PartnerKind noticeKind) {
  static Outbound of(Lead l) {
    return new Outbound(l, null, null, null);
  }

  static Outbound of(RoutingDecision d) {
    return new Outbound(null, d, null, null);
  }

  static Outbound of(ContactNotice n, PartnerKind kind) {
    return new Outbound(null, null, n, kind);
  }
}
