package io.leadpipeline.router.notices;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.NoticeKind;
import io.leadpipeline.router.suppression.DoNotRepeatEntry;
import io.leadpipeline.router.suppression.PreferenceEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoticePlannerTest {
  private static PreferenceEntry prefs(Long email, Long dnc) {
    return new PreferenceEntry(email, null, null, dnc, 1, "s");
  }

  @Test
  void aNewDoNotCallIsNoticed() {
    assertThat(NoticePlanner.forPreferences(null, prefs(null, 5L))).containsExactly(NoticeKind.DO_NOT_CALL);
  }

  @Test
  void theSameRecordAgainIsNotNoticedTwice() {
    assertThat(NoticePlanner.forPreferences(prefs(3L, 5L), prefs(3L, 5L))).isEmpty();
  }

  @Test
  void aNewMarketingOptOutIsNoticed() {
    assertThat(NoticePlanner.forPreferences(prefs(null, 5L), prefs(7L, 5L))).containsExactly(NoticeKind.MARKETING_OPT_OUT);
  }

  @Test
  void aPartnerNewlyNamedByDoNotRepeatIsBarred() {
    DoNotRepeatEntry before = new DoNotRepeatEntry(false, List.of("a"), 1, "s");
    DoNotRepeatEntry after = new DoNotRepeatEntry(false, List.of("a", "b"), 2, "s");
    assertThat(NoticePlanner.newlyBarred(before, after, "a")).isFalse();
    assertThat(NoticePlanner.newlyBarred(before, after, "b")).isTrue();
  }
}
