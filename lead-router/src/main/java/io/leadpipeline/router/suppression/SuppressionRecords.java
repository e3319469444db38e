package io.leadpipeline.router.suppression;

import io.leadpipeline.avro.CallConsent;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.avro.TpsRegistration;
import java.time.Instant;

/** The suppression topics' records in the router's plain form. */
public final class SuppressionRecords {
  private SuppressionRecords() {}

  public static TpsEntry tps(TpsRegistration r) {
    return r == null
        ? null
        : new TpsEntry(r.getRegister(), (int) r.getRegisteredOn().toEpochDay(), r.getSource());
  }

  public static ConsentEntry consent(CallConsent c) {
    return c == null
        ? null
        : new ConsentEntry(c.getStatus(), c.getAt().toEpochMilli(), millis(c.getExpiresAt()), c.getSource());
  }

  public static PreferenceEntry preferences(ContactPreferences p) {
    return p == null
        ? null
        : new PreferenceEntry(
            millis(p.getEmailMarketingOptOutAt()),
            millis(p.getPhoneMarketingOptOutAt()),
            millis(p.getSmsOptOutAt()),
            millis(p.getDoNotCallAt()),
            p.getUpdatedAt().toEpochMilli(),
            p.getSource());
  }

  public static DoNotRepeatEntry doNotRepeat(DoNotRepeat d) {
    return d == null
        ? null
        : new DoNotRepeatEntry(d.getAllPartners(), d.getPartnerIds(), d.getUpdatedAt().toEpochMilli(), d.getSource());
  }

  private static Long millis(Instant i) {
    return i == null ? null : i.toEpochMilli();
  }
}
