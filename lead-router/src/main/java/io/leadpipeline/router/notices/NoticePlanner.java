package io.leadpipeline.router.notices;

import io.leadpipeline.avro.NoticeKind;
import io.leadpipeline.router.suppression.DoNotRepeatEntry;
import io.leadpipeline.router.suppression.PreferenceEntry;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * docs/SPECIFICATION.md §6 rule 7 (GDPR Art. 19): which changes of mind the partners that already hold a
 * subject must hear about. Only a restriction that is new, or newer than the one seen before,
 * triggers a notice; a re-sent record does not notify twice.
 */
public final class NoticePlanner {
  private NoticePlanner() {}

  public static Set<NoticeKind> forPreferences(PreferenceEntry before, PreferenceEntry after) {
    Set<NoticeKind> kinds = EnumSet.noneOf(NoticeKind.class);
    if (after == null) {
      return kinds;
    }
    if (newer(before == null ? null : before.doNotCallAt(), after.doNotCallAt())) {
      kinds.add(NoticeKind.DO_NOT_CALL);
    }
    if (newer(before == null ? null : before.emailMarketingOptOutAt(), after.emailMarketingOptOutAt())
        || newer(before == null ? null : before.phoneMarketingOptOutAt(), after.phoneMarketingOptOutAt())
        || newer(before == null ? null : before.smsOptOutAt(), after.smsOptOutAt())) {
      kinds.add(NoticeKind.MARKETING_OPT_OUT);
    }
    return kinds;
  }

  /** True when {@code partnerId} is named by {@code after} and was not by {@code before}. */
  public static boolean newlyBarred(DoNotRepeatEntry before, DoNotRepeatEntry after, String partnerId) {
    return after != null && after.names(partnerId) && (before == null || !before.names(partnerId));
  }

  private static boolean newer(Long before, Long after) {
    return after != null && (before == null || after > before) && !Objects.equals(before, after);
  }
}
