package io.leadpipeline.portal.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.DeliveryHours;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.Weekday;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartnerSettingsTest {
  private static final Instant NOW = Instant.parse("2026-12-04T09:00:00Z");
  private static final Partner CURRENT = Partner.newBuilder()
      .setPartnerId("acme").setName("Acme Workspace").setKind(PartnerKind.OPERATOR)
      .setCities(List.of("London")).setPostcodeDistricts(List.of()).setMinDesks(2).setMaxDesks(80)
      .setOfficeTypes(List.of(OfficeType.SERVICED)).setMinPricePerDeskGbp(400).setExclusive(true).setWeight(3)
      .setTimeZone("Europe/London").setUpdatedAt(Instant.EPOCH).build();

  private static PartnerSettings.Change change(boolean paused, String cap, boolean anyTime, List<String> days,
      String opens, String closes, String cities, String districts) {
    return new PartnerSettings.Change(paused, cap, anyTime, days, opens, closes, cities, districts);
  }

  @Test
  void aChangeIsANewVersionThatKeepsEveryOtherField() {
    var v = PartnerSettings.apply(CURRENT,
        change(true, "15", false, List.of("FRIDAY", "MONDAY"), "09:00", "17:30", "London, Manchester", "ec2a, M1"), NOW);
    assertThat(v).isInstanceOfSatisfying(PartnerSettings.Verdict.Changed.class, c -> {
      Partner next = c.next();
      assertThat(next.getActive()).isFalse();
      assertThat(next.getDailyCap()).isEqualTo(15);
      assertThat(next.getDeliveryHours()).isEqualTo(new DeliveryHours(List.of(Weekday.MONDAY, Weekday.FRIDAY), "09:00", "17:30"));
      assertThat(next.getCities()).containsExactly("London", "Manchester");
      assertThat(next.getPostcodeDistricts()).containsExactly("EC2A", "M1");
      assertThat(next.getUpdatedAt()).isEqualTo(NOW);
      // untouched
      assertThat(next.getName()).isEqualTo("Acme Workspace");
      assertThat(next.getMinPricePerDeskGbp()).isEqualTo(400);
      assertThat(next.getExclusive()).isTrue();
      assertThat(next.getWeight()).isEqualTo(3);
      assertThat(next.getMaxDesks()).isEqualTo(80);
    });
  }

  @Test
  void noCapAndAnyTimeClearThem() {
    var v = PartnerSettings.apply(CURRENT, change(false, " ", true, List.of(), null, null, "London", ""), NOW);
    assertThat(((PartnerSettings.Verdict.Changed) v).next().getDailyCap()).isNull();
    assertThat(((PartnerSettings.Verdict.Changed) v).next().getDeliveryHours()).isNull();
    assertThat(((PartnerSettings.Verdict.Changed) v).next().getActive()).isTrue();
  }

  @Test
  void badInputIsRefusedWithAReason() {
    assertThat(PartnerSettings.apply(CURRENT, change(false, "0", true, List.of(), null, null, "London", ""), NOW))
        .isInstanceOf(PartnerSettings.Verdict.Invalid.class);
    assertThat(PartnerSettings.apply(CURRENT, change(false, "", false, List.of(), "09:00", "17:00", "London", ""), NOW))
        .isInstanceOf(PartnerSettings.Verdict.Invalid.class);
    assertThat(PartnerSettings.apply(CURRENT, change(false, "", false, List.of("MONDAY"), "18:00", "09:00", "London", ""), NOW))
        .isInstanceOf(PartnerSettings.Verdict.Invalid.class);
    assertThat(PartnerSettings.apply(CURRENT, change(false, "", true, List.of(), null, null, "", ""), NOW))
        .isInstanceOf(PartnerSettings.Verdict.Invalid.class);
    assertThat(PartnerSettings.apply(CURRENT, change(false, "", true, List.of(), null, null, "London", "<script>"), NOW))
        .isInstanceOf(PartnerSettings.Verdict.Invalid.class);
  }
}
