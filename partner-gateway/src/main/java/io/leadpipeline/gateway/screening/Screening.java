package io.leadpipeline.gateway.screening;

import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.LeadContact;
import java.time.Instant;
import java.util.Optional;

/**
 * The check before every attempt, retries included (docs/partner-delivery.md §8): what the person
 * has asked since the lead was routed wins over the lead as it sits on its topic. An erasure
 * requested after the enquiry, or a do-not-repeat naming this partner, withholds the lead; a
 * do-not-call since the enquiry removes the phone; a marketing opt-out since the enquiry clears
 * marketingPermitted. Pure: the caller looks the person's keys up in the suppression topics.
 */
public final class Screening {
  private Screening() {}

  /** What the suppression topics say about the lead's person, looked up by their keys. */
  public record Facts(
      Optional<Instant> erasureRequestedAt,
      Optional<DoNotRepeat> doNotRepeat,
      Optional<ContactPreferences> byEmail,
      Optional<ContactPreferences> byPhone) {
    public static Facts none() {
      return new Facts(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  public sealed interface Verdict {
    /** Deliver this lead, possibly with less in it than the topic's copy. */
    record Deliver(Lead lead) implements Verdict {}

    /** Do not deliver; the reason names the rule, never the person. */
    record Withhold(String reason) implements Verdict {}
  }

  public static Verdict screen(Lead lead, Facts facts) {
    Instant submitted = lead.getSubmittedAt();
    if (facts.erasureRequestedAt().isPresent() && !facts.erasureRequestedAt().get().isBefore(submitted)) {
      return new Verdict.Withhold("ERASURE: the person asked to be erased after enquiring");
    }
    if (facts.doNotRepeat().isPresent()) {
      DoNotRepeat dnr = facts.doNotRepeat().get();
      if (dnr.getAllPartners() || dnr.getPartnerIds().contains(lead.getPartnerId())) {
        return new Verdict.Withhold("DO_NOT_REPEAT: the person asked not to be introduced to this partner");
      }
    }
    boolean doNotCall = since(submitted, facts.byPhone().map(ContactPreferences::getDoNotCallAt))
        || since(submitted, facts.byEmail().map(ContactPreferences::getDoNotCallAt));
    boolean marketingOptOut = since(submitted, facts.byEmail().map(ContactPreferences::getEmailMarketingOptOutAt))
        || since(submitted, facts.byEmail().map(ContactPreferences::getPhoneMarketingOptOutAt))
        || since(submitted, facts.byPhone().map(ContactPreferences::getPhoneMarketingOptOutAt));
    if (!doNotCall && !marketingOptOut) {
      return new Verdict.Deliver(lead);
    }
    Lead.Builder b = Lead.newBuilder(lead);
    if (doNotCall && lead.getCallPermitted()) {
      LeadContact c = LeadContact.newBuilder(lead.getContact()).setPhone(null).build();
      b.setContact(c).setCallPermitted(false);
    }
    if (marketingOptOut) {
      b.setMarketingPermitted(false);
    }
    return new Verdict.Deliver(b.build());
  }

  private static boolean since(Instant submitted, Optional<Instant> at) {
    return at.isPresent() && !at.get().isBefore(submitted);
  }
}
