package io.leadpipeline.router.suppression;

import io.leadpipeline.avro.ConsentStatus;
import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.SuppressionKind;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** The suppression records a decision relied on, with their timestamps, for the audit trail. */
public final class FactsUsed {
  private static final ZoneId UK = ZoneId.of("Europe/London");

  private FactsUsed() {}

  public record Fact(SuppressionKind kind, String key, long effectiveAt, String source) {}

  public static List<Fact> of(SuppressionView view, String subjectKey, String phoneKey) {
    List<Fact> facts = new ArrayList<>();
    if (view.tps() != null) {
      TpsEntry tps = view.tps();
      long on =
          LocalDate.ofEpochDay(tps.registeredOnEpochDay()).atStartOfDay(UK).toInstant().toEpochMilli();
      facts.add(
          new Fact(
              tps.register() == Register.CTPS
                  ? SuppressionKind.CTPS_REGISTRATION
                  : SuppressionKind.TPS_REGISTRATION,
              phoneKey,
              on,
              tps.source()));
    }
    if (view.consent() != null) {
      ConsentEntry c = view.consent();
      facts.add(
          new Fact(
              c.status() == ConsentStatus.GRANTED
                  ? SuppressionKind.CALL_CONSENT
                  : SuppressionKind.CALL_CONSENT_REVOKED,
              phoneKey,
              c.at(),
              c.source()));
    }
    preferences(facts, view.phonePreferences(), phoneKey);
    preferences(facts, view.subjectPreferences(), subjectKey);
    if (view.doNotRepeat() != null) {
      DoNotRepeatEntry d = view.doNotRepeat();
      facts.add(new Fact(SuppressionKind.DO_NOT_REPEAT, subjectKey, d.updatedAt(), d.source()));
    }
    return facts;
  }

  private static void preferences(List<Fact> facts, PreferenceEntry p, String key) {
    if (p == null) {
      return;
    }
    add(facts, SuppressionKind.DO_NOT_CALL, key, p.doNotCallAt(), p.source());
    add(facts, SuppressionKind.EMAIL_MARKETING_OPT_OUT, key, p.emailMarketingOptOutAt(), p.source());
    add(facts, SuppressionKind.PHONE_MARKETING_OPT_OUT, key, p.phoneMarketingOptOutAt(), p.source());
    add(facts, SuppressionKind.SMS_OPT_OUT, key, p.smsOptOutAt(), p.source());
  }

  private static void add(List<Fact> facts, SuppressionKind kind, String key, Long at, String source) {
    if (at != null) {
      facts.add(new Fact(kind, key, at, source));
    }
  }
}
