package io.leadpipeline.router.suppression;

/** A person's standing choices under one key (subject or phone); null means not chosen. */
public record PreferenceEntry(
    Long emailMarketingOptOutAt,
    Long phoneMarketingOptOutAt,
    Long smsOptOutAt,
    Long doNotCallAt,
    long updatedAt,
    String source) {

  /** The earliest marketing opt-out of any channel, or null. */
  public Long marketingOptOutAt() {
    Long first = null;
    for (Long at : new Long[] {emailMarketingOptOutAt, phoneMarketingOptOutAt, smsOptOutAt}) {
      if (at != null && (first == null || at < first)) {
        first = at;
      }
    }
    return first;
  }

  /** The newer of two views of the same key's choices: every opt-out either of them holds. */
  public static PreferenceEntry union(PreferenceEntry a, PreferenceEntry b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return new PreferenceEntry(
        min(a.emailMarketingOptOutAt, b.emailMarketingOptOutAt),
        min(a.phoneMarketingOptOutAt, b.phoneMarketingOptOutAt),
        min(a.smsOptOutAt, b.smsOptOutAt),
        max(a.doNotCallAt, b.doNotCallAt),
        Math.max(a.updatedAt, b.updatedAt),
        a.updatedAt >= b.updatedAt ? a.source : b.source);
  }

  private static Long min(Long a, Long b) {
    return a == null ? b : b == null ? a : Long.valueOf(Math.min(a, b));
  }

  private static Long max(Long a, Long b) {
    return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
  }
}
