package io.leadpipeline.router.suppression;

import io.leadpipeline.avro.MarketingChannel;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import io.leadpipeline.router.validation.ShownConsent;
import java.util.ArrayList;
import java.util.List;

/**
 * docs/enquiry-contract.md §2: a partner may market to the person only on a consent that named it.
 * Per channel, a ticked box counts for a partner when the wording shown beside it names the
 * partner by id or by category; a box without a wording names nobody.
 */
public final class ConsentNaming {
  private ConsentNaming() {}

  /** One consent a share rests on: the channel and the wording the person saw. */
  public record Applied(MarketingChannel channel, String wordingId, String wordingVersion) {}

  /**
   * The consents that permit marketing by this partner; empty when none does or when the
   * enquiry-wide verdict withholds marketing (no consent, or an opt-out). The lead's
   * {@code marketingPermitted} is true exactly when this is not empty.
   */
  public static List<Applied> applied(
      MarketingPermission.Verdict verdict, NormalisedEnquiry e, String partnerId, PartnerKind kind) {
    if (!verdict.permitted()) {
      return List.of();
    }
    List<Applied> applied = new ArrayList<>();
    ShownConsent shown = e.consentShown();
    add(applied, MarketingChannel.EMAIL, e.marketingConsentEmail(), shown.email(), partnerId, kind);
    add(applied, MarketingChannel.PHONE, e.marketingConsentPhone(), shown.phone(), partnerId, kind);
    return List.copyOf(applied);
  }

  /** Whether the person ticked some box beside a wording at all: consent naming someone. */
  static boolean anyWordedConsent(NormalisedEnquiry e) {
    ShownConsent shown = e.consentShown();
    return (e.marketingConsentEmail() && shown.email() != null)
        || (e.marketingConsentPhone() && shown.phone() != null);
  }

  private static void add(
      List<Applied> out, MarketingChannel channel, boolean ticked, ShownConsent.Wording wording,
      String partnerId, PartnerKind kind) {
    if (ticked && wording != null && wording.names(partnerId, kind)) {
      out.add(new Applied(channel, wording.wordingId(), wording.wordingVersion()));
    }
  }
}
