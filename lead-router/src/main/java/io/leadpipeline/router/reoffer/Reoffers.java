package io.leadpipeline.router.reoffer;

import io.leadpipeline.avro.MarketingReason;
import io.leadpipeline.avro.ReofferStop;
import io.leadpipeline.avro.SuppressionKind;
import io.leadpipeline.router.suppression.CallPermission;
import io.leadpipeline.router.suppression.FactsUsed;
import io.leadpipeline.router.suppression.MarketingPermission;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The re-offer rules (docs/SPECIFICATION.md §6.8): when a rejected lead's enquiry may go to one
 * more partner, and what stops it.
 */
public final class Reoffers {
  /**
   * The portal's response window ({@code portal.response-window}, 48 h by default): a rejection
   * after it is not re-offered. The router has no setting of its own; a deployment that changes
   * the portal's window keeps rejections after 48 h from being re-offered.
   */
  public static final Duration RESPONSE_WINDOW = Duration.ofHours(48);
  /** How long past the window the router keeps an enquiry: a rejection given in time may reach it late. */
  public static final Duration MARGIN = Duration.ofHours(1);
  /** How long an entry may wait for a lead still held for delivery hours before it goes. */
  public static final Duration LONGEST_DEFERRAL = Duration.ofDays(8);

  /** Restrictions that, recorded after the first share, stop a re-offer. */
  private static final Map<SuppressionKind, ReofferStop> STOPS = Map.of(
      SuppressionKind.DO_NOT_CALL, ReofferStop.DO_NOT_CALL,
      SuppressionKind.TPS_REGISTRATION, ReofferStop.TPS,
      SuppressionKind.CTPS_REGISTRATION, ReofferStop.CTPS,
      SuppressionKind.EMAIL_MARKETING_OPT_OUT, ReofferStop.OPTED_OUT,
      SuppressionKind.PHONE_MARKETING_OPT_OUT, ReofferStop.OPTED_OUT,
      SuppressionKind.SMS_OPT_OUT, ReofferStop.OPTED_OUT,
      SuppressionKind.CALL_CONSENT_REVOKED, ReofferStop.CONSENT_REVOKED);

  private Reoffers() {}

  /**
   * What stops the re-offer of an enquiry first shared at {@code firstSharedAt} under the given
   * verdicts, screened again to {@code facts}, {@code call} and {@code marketing}; null when
   * nothing does. A person who restricted contact after their enquiry went out did not ask for
   * it to reach anyone new: a restriction recorded since the first share stops it, and so does a
   * verdict that narrowed (a register entry dated earlier but loaded since).
   */
  public static ReofferStop stoppedBy(
      long firstSharedAt,
      boolean firstCallPermitted,
      boolean firstMarketingPermitted,
      List<FactsUsed.Fact> facts,
      CallPermission.Verdict call,
      MarketingPermission.Verdict marketing) {
    for (FactsUsed.Fact f : facts) {
      ReofferStop stop = STOPS.get(f.kind());
      if (stop != null && f.effectiveAt() > firstSharedAt) {
        return stop;
      }
    }
    if (firstCallPermitted && !call.permitted()) {
      return switch (call.reason()) {
        case DO_NOT_CALL -> ReofferStop.DO_NOT_CALL;
        case TPS -> ReofferStop.TPS;
        case CTPS -> ReofferStop.CTPS;
        // An out-of-date register is no wish of the person's: the re-offer goes, without the phone.
        case NO_PHONE, NOT_REGISTERED, TPS_OVERRIDDEN, REGISTER_OUT_OF_DATE -> null;
      };
    }
    if (firstMarketingPermitted && marketing.reason() == MarketingReason.OPTED_OUT) {
      return ReofferStop.OPTED_OUT;
    }
    return null;
  }

  /**
   * The enquiry as it travels back through the suppression stages: its ids and keys, screened as
   * of {@code t}; the details stay in the allocation step's store.
   */
  public static NormalisedEnquiry keysOnly(String enquiryId, String subjectKey, String phoneKey, long t) {
    return new NormalisedEnquiry(enquiryId, t, t, null, null, null, null, null, null,
        subjectKey, phoneKey, false, null, null, 0, List.of(), null, null, null, false, false, null);
  }

  /** The stored enquiry, screened as of {@code t}. */
  public static NormalisedEnquiry at(NormalisedEnquiry e, long t) {
    return new NormalisedEnquiry(e.enquiryId(), t, e.submittedAt(), e.channel(), e.site(), e.fullName(),
        e.company(), e.email(), e.phoneE164(), e.subjectKey(), e.phoneKey(), e.ownCallConsent(), e.city(),
        e.postcodeDistrict(), e.desks(), e.officeTypes(), e.maxBudgetPerDeskGbp(), e.moveInEpochDay(),
        e.termMonths(), e.marketingConsentEmail(), e.marketingConsentPhone(), e.consentShown());
  }
}
