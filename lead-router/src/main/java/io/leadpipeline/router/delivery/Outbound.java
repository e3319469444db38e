package io.leadpipeline.router.delivery;

import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.CorrectionNotice;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.router.suppression.Screening;

/** What the allocation step emits. Never serialised: the topology splits it by kind at once. */
public sealed interface Outbound {
  /** The topology's branches, one per kind. */
  enum Kind { LEADS, DECISIONS, NOTICES, REOFFERS, CORRECTIONS }

  /** Which branch this goes to; each record answers for itself, so a new kind must name one. */
  Kind kind();

  /** A lead for a partner's {@code leads.*} topic. */
  record ToPartner(Lead lead) implements Outbound {
    @Override
    public Kind kind() {
      return Kind.LEADS;
    }
  }

  /** The audit record for {@code lead-decisions}. */
  record Decision(RoutingDecision decision) implements Outbound {
    @Override
    public Kind kind() {
      return Kind.DECISIONS;
    }
  }

  /** A notice for the partner's {@code notices.<kind>.*} topic. */
  record Notice(ContactNotice notice, PartnerKind partnerKind) implements Outbound {
    @Override
    public Kind kind() {
      return Kind.NOTICES;
    }
  }

  /** A rejected lead's enquiry on its way back to the suppression stages. */
  record Reoffer(Screening screening) implements Outbound {
    @Override
    public Kind kind() {
      return Kind.REOFFERS;
    }
  }

  /** A correction for the partner's {@code notices.correction.*} topic. */
  record Correction(CorrectionNotice correction) implements Outbound {
    @Override
    public Kind kind() {
      return Kind.CORRECTIONS;
    }
  }
}
