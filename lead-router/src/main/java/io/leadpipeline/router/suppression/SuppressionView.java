package io.leadpipeline.router.suppression;

/**
 * Everything the suppression tables said about one enquiry's subject and phone, as of the
 * enquiry's event time. Any part may be null: nothing recorded.
 */
public record SuppressionView(
    TpsEntry tps,
    ConsentEntry consent,
    PreferenceEntry phonePreferences,
    PreferenceEntry subjectPreferences,
    DoNotRepeatEntry doNotRepeat) {

  public static final SuppressionView NOTHING = new SuppressionView(null, null, null, null, null);

  public SuppressionView withPhoneFacts(TpsEntry t, ConsentEntry c, PreferenceEntry p) {
    return new SuppressionView(t, c, p, subjectPreferences, doNotRepeat);
  }

  public SuppressionView withSubjectFacts(PreferenceEntry p, DoNotRepeatEntry d) {
    return new SuppressionView(tps, consent, phonePreferences, p, d);
  }

  /** The newest do-not-call under the phone or the subject, or null. */
  public Long doNotCallAt() {
    Long a = phonePreferences == null ? null : phonePreferences.doNotCallAt();
    Long b = subjectPreferences == null ? null : subjectPreferences.doNotCallAt();
    return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
  }

  /** The earliest marketing opt-out under the phone or the subject, or null. */
  public Long marketingOptOutAt() {
    Long a = phonePreferences == null ? null : phonePreferences.marketingOptOutAt();
    Long b = subjectPreferences == null ? null : subjectPreferences.marketingOptOutAt();
    return a == null ? b : b == null ? a : Long.valueOf(Math.min(a, b));
  }
}
