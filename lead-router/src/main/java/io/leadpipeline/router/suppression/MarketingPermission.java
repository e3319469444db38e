package io.leadpipeline.router.suppression;

import io.leadpipeline.avro.MarketingReason;
import io.leadpipeline.router.validation.NormalisedEnquiry;

/**
 * docs/SPECIFICATION.md §6 rule 3: marketing is permitted when the enquiry consented to it beside a
 * wording that names someone and no marketing opt-out, under the email or the phone, is on record
 * (policy §7: honoured once processed). A ticked box without a wording names nobody, so it is no
 * consent (docs/enquiry-contract.md §2); which partners a consent covers is {@link ConsentNaming}.
 */
public final class MarketingPermission {
  private MarketingPermission() {}

  public record Verdict(boolean permitted, MarketingReason reason) {}

  public static Verdict decide(NormalisedEnquiry enquiry, SuppressionView view) {
    if (!ConsentNaming.anyWordedConsent(enquiry)) {
      return new Verdict(false, MarketingReason.NO_CONSENT);
    }
    if (view.marketingOptOutAt() != null) {
      return new Verdict(false, MarketingReason.OPTED_OUT);
    }
    return new Verdict(true, MarketingReason.CONSENTED);
  }
}
