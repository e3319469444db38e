package io.leadpipeline.router.suppression;

import io.leadpipeline.avro.CallReason;
import io.leadpipeline.avro.Register;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * docs/SPECIFICATION.md §6 rule 2: may the partners have the phone and call it? The checks run in the order
 * the policy ranks them: a do-not-call beats any older consent; the enquiry's own number is
 * consent (policy §5) unless it was given for someone else (policy §2); a recorded consent
 * overrides the TPS; a registration counts from 28 days after it was made; a number is clear of the
 * registers only against loads made within the last 28 days (docs/enquiry-contract.md §3).
 */
public final class CallPermission {
  /** Calls to a registered number are unlawful from this many days after registration. */
  public static final int TPS_DAYS = 28;

  /** Registrations are dated in UK civil time, the register's own calendar. */
  private static final ZoneId UK = ZoneId.of("Europe/London");

  private CallPermission() {}

  public record Verdict(boolean permitted, CallReason reason) {}

  /**
   * @param view the suppression tables as of the enquiry's event time, plus any younger
   *     restriction that reached the router before the lead left
   */
  public static Verdict decide(NormalisedEnquiry enquiry, SuppressionView view) {
    if (!enquiry.hasPhone()) {
      return new Verdict(false, CallReason.NO_PHONE);
    }
    long t = enquiry.eventTime();
    Long doNotCall = view.doNotCallAt();
    ConsentEntry consent = view.consent();
    Long newestConsent =
        consent != null && consent.status() == io.leadpipeline.avro.ConsentStatus.GRANTED
            ? consent.at()
            : null;
    if (doNotCall != null && (newestConsent == null || doNotCall > newestConsent)) {
      return new Verdict(false, CallReason.DO_NOT_CALL);
    }
    boolean registered = view.tps() != null;
    CallReason shared = registered ? CallReason.TPS_OVERRIDDEN : CallReason.NOT_REGISTERED;
    if (enquiry.ownCallConsent()) {
      return new Verdict(true, shared);
    }
    if (consent != null && consent.validAt(t)) {
      return new Verdict(true, shared);
    }
    if (registered && barred(view.tps(), t)) {
      return new Verdict(
          false, view.tps().register() == Register.CTPS ? CallReason.CTPS : CallReason.TPS);
    }
    if (view.registers() != null && view.registers().outOfDateAt(t)) {
      // "Not registered" is only known against a register loaded within the last 28 days.
      return new Verdict(false, CallReason.REGISTER_OUT_OF_DATE);
    }
    return new Verdict(true, CallReason.NOT_REGISTERED);
  }

  /** Registered on or before t − 28 days (UK dates). */
  static boolean barred(TpsEntry tps, long t) {
    LocalDate day = Instant.ofEpochMilli(t).atZone(UK).toLocalDate();
    return tps.registeredOnEpochDay() <= day.minusDays(TPS_DAYS).toEpochDay();
  }
}
