package io.leadpipeline.suppression.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.ContactPreferences;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreferenceRulesTest {
  private static final Instant T1 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-02-01T10:00:00Z");

  @Test
  void allMarketingOptsOutOfEmailPhoneAndSmsButNotCalls() {
    ContactPreferences p = PreferenceRules.optOut(null, Set.of(Channel.ALL_MARKETING), T1, "api:crm");
    assertThat(p.getEmailMarketingOptOutAt()).isEqualTo(T1);
    assertThat(p.getPhoneMarketingOptOutAt()).isEqualTo(T1);
    assertThat(p.getSmsOptOutAt()).isEqualTo(T1);
    assertThat(p.getDoNotCallAt()).isNull();
    assertThat(p.getSource()).isEqualTo("api:crm");
  }

  @Test
  void aRepeatedOptOutKeepsItsFirstTimeAndOtherChoicesSurvive() {
    ContactPreferences first = PreferenceRules.optOut(null, Set.of(Channel.EMAIL_MARKETING), T1, "a");
    ContactPreferences withDnc = PreferenceRules.doNotCall(first, T1, "a");
    ContactPreferences again = PreferenceRules.optOut(withDnc, Set.of(Channel.EMAIL_MARKETING, Channel.SMS), T2, "b");
    assertThat(again.getEmailMarketingOptOutAt()).isEqualTo(T1);
    assertThat(again.getSmsOptOutAt()).isEqualTo(T2);
    assertThat(again.getDoNotCallAt()).isEqualTo(T1);
    assertThat(again.getUpdatedAt()).isEqualTo(T2);
  }

  @Test
  void aRepeatedDoNotCallMovesToTheNewestTimeSoItBeatsAConsentGivenInBetween() {
    ContactPreferences p = PreferenceRules.doNotCall(PreferenceRules.doNotCall(null, T1, "a"), T2, "a");
    assertThat(p.getDoNotCallAt()).isEqualTo(T2);
  }

  @Test
  void reConsentClearsOnlyTheNamedChannelsAndRemovesAnEmptyRecord() {
    ContactPreferences all = PreferenceRules.doNotCall(PreferenceRules.optOut(null, Set.of(Channel.ALL_MARKETING), T1, "a"), T1, "a");
    ContactPreferences left = PreferenceRules.reConsent(all, Set.of(Channel.SMS), false, T2, "b").orElseThrow();
    assertThat(left.getSmsOptOutAt()).isNull();
    assertThat(left.getEmailMarketingOptOutAt()).isEqualTo(T1);
    assertThat(left.getDoNotCallAt()).isEqualTo(T1);
    assertThat(PreferenceRules.reConsent(left, Set.of(Channel.ALL_MARKETING), true, T2, "b")).isEmpty();
    assertThat(PreferenceRules.reConsent(null, Set.of(Channel.SMS), true, T2, "b")).isEmpty();
  }

  @Test
  void optedOutListsTheConcreteChannels() {
    ContactPreferences p = PreferenceRules.optOut(null, Set.of(Channel.PHONE_MARKETING), T1, "a");
    assertThat(PreferenceRules.optedOut(p)).isEqualTo(EnumSet.of(Channel.PHONE_MARKETING));
    assertThat(PreferenceRules.suppressesAnything(p)).isTrue();
    assertThat(PreferenceRules.suppressesAnything(null)).isFalse();
  }
}
