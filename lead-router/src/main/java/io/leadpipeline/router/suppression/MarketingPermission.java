package io.leadpipeline.router.suppression;

import io.leadpipeline.avro.MarketingReason;
import io.leadpipeline.router.validation.NormalisedEnquiry;

/**
 * docs/SPECIFICATION.md §6 rule 3: marketing is permitted when the enquiry consented to it and no marketing
 * opt-out, under the email or the phone, is on record (policy §7: honoured once processed).
 */
public final class MarketingPermission {
  private MarketingPermission() {}

  public record Verdict(boolean permitted, MarketingReason reason) {}

  public static Verdict decide(NormalisedEnquiry enquiry, SuppressionView view) {
    if (!enquiry.marketingConsentEmail() && !enquiry.marketingConsentPhone()) {
      return new Verdict(false, MarketingReason.NO_CONSENT);
    }
    if (view.marketingOptOutAt() != null) {
      return new Verdict(false, MarketingReason.OPTED_OUT);
    }
    return new Verdict(true, MarketingReason.CONSENTED);
  }
}
