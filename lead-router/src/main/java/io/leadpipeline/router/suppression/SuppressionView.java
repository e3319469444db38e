package io.leadpipeline.router.suppression;

/**
 * Everything the suppression tables said about one enquiry's subject and phone, as of the
 * enquiry's event time, and the register loads the TPS table was screened against. Any part may
 * be null: nothing recorded (for {@code registers}: not screened yet, or a view stored by an older
 * version).
 */
public record SuppressionView(
    TpsEntry tps,
    ConsentEntry consent,
    PreferenceEntry phonePreferences,
    PreferenceEntry subjectPreferences,
    DoNotRepeatEntry doNotRepeat,
    ScreenedRegisters registers) {

  public static final SuppressionView NOTHING = new SuppressionView(null, null, null, null, null, null);

  public SuppressionView withPhoneFacts(TpsEntry t, ConsentEntry c, PreferenceEntry p) {
    return new SuppressionView(t, c, p, subjectPreferences, doNotRepeat, registers);
  }

  public SuppressionView withSubjectFacts(PreferenceEntry p, DoNotRepeatEntry d) {
    return new SuppressionView(tps, consent, phonePreferences, p, d, registers);
  }

  public SuppressionView withRegisters(ScreenedRegisters r) {
    return new SuppressionView(tps, consent, phonePreferences, subjectPreferences, doNotRepeat, r);
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

  /**
   * The stricter of two readings of the same tables (docs/ordering.md): {@code atT} as of the
   * enquiry's time t, {@code skewed} as of t + ε. Restrictive facts count from either reading — a
   * registration, a revoked consent, every opt-out and do-not-call, a do-not-repeat — while
   * permissive ones (a consent granted, an opt-out withdrawn, a registration removed) count only as
   * of t.
   */
  public static SuppressionView stricter(SuppressionView atT, SuppressionView skewed) {
    return new SuppressionView(
        atT.tps != null ? atT.tps : skewed.tps,
        skewed.consent != null && skewed.consent.status() != io.leadpipeline.avro.ConsentStatus.GRANTED
            ? skewed.consent
            : atT.consent,
        PreferenceEntry.union(atT.phonePreferences, skewed.phonePreferences),
        PreferenceEntry.union(atT.subjectPreferences, skewed.subjectPreferences),
        DoNotRepeatEntry.union(atT.doNotRepeat, skewed.doNotRepeat),
        atT.registers != null ? atT.registers : skewed.registers);
  }
}
