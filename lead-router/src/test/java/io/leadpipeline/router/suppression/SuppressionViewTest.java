package io.leadpipeline.router.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.ConsentStatus;
import io.leadpipeline.avro.Register;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stricter of the readings as of t and as of t + ε. */
class SuppressionViewTest {
  static final TpsEntry TPS = new TpsEntry(Register.TPS, 20_000, "file");
  static final ConsentEntry GRANTED = new ConsentEntry(ConsentStatus.GRANTED, 1, null, "api");
  static final ConsentEntry REVOKED = new ConsentEntry(ConsentStatus.REVOKED, 2, null, "api");
  static final PreferenceEntry DO_NOT_CALL = new PreferenceEntry(null, null, null, 5L, 5, "api");
  static final PreferenceEntry NONE = new PreferenceEntry(null, null, null, null, 6, "api");

  private static SuppressionView phone(TpsEntry t, ConsentEntry c, PreferenceEntry p) {
    return SuppressionView.NOTHING.withPhoneFacts(t, c, p);
  }

  @Test
  void restrictionsCountFromEitherReading() {
    SuppressionView v = SuppressionView.stricter(phone(null, GRANTED, null), phone(TPS, REVOKED, DO_NOT_CALL));
    assertThat(v.tps()).isEqualTo(TPS);
    assertThat(v.consent()).isEqualTo(REVOKED);
    assertThat(v.doNotCallAt()).isEqualTo(5L);
  }

  @Test
  void permissionsCountOnlyAsOfT() {
    SuppressionView v = SuppressionView.stricter(phone(TPS, null, DO_NOT_CALL), phone(null, GRANTED, NONE));
    assertThat(v.tps()).as("a removal after t does not count").isEqualTo(TPS);
    assertThat(v.consent()).as("a consent after t does not count").isNull();
    assertThat(v.doNotCallAt()).as("an opt-back-in after t does not count").isEqualTo(5L);
  }

  @Test
  void doNotRepeatNamesEveryPartnerEitherReadingNames() {
    DoNotRepeatEntry a = new DoNotRepeatEntry(false, List.of("p1"), 1, "api");
    DoNotRepeatEntry b = new DoNotRepeatEntry(false, List.of("p2"), 2, "api");
    SuppressionView v = SuppressionView.stricter(
        SuppressionView.NOTHING.withSubjectFacts(null, a), SuppressionView.NOTHING.withSubjectFacts(null, b));
    assertThat(v.doNotRepeat().partnerIds()).containsExactly("p1", "p2");
    assertThat(SuppressionView.stricter(SuppressionView.NOTHING, SuppressionView.NOTHING)).isEqualTo(SuppressionView.NOTHING);
  }
}
