package io.leadpipeline.router.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.router.Fixtures;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DeliveryWindowTest {
  private final DeliveryWindow weekdays =
      DeliveryWindow.of(Fixtures.partner("x", PartnerKind.LANDLORD).setDeliveryHours(Fixtures.weekdays("09:00", "17:30")).build());

  @Test
  void openWithinHoursOnAWeekdayAndClosedAtClosingTime() {
    assertThat(weekdays.isOpen(Instant.parse("2026-03-02T09:00:00Z"))).isTrue();
    assertThat(weekdays.isOpen(Instant.parse("2026-03-02T17:30:00Z"))).isFalse();
  }

  @Test
  void aFridayEveningLeadWaitsForMondayMorningInTheLocalZone() {
    // 6 July 2026 is summer time: 09:00 London is 08:00 UTC.
    assertThat(weekdays.nextDelivery(Instant.parse("2026-07-03T18:00:00Z"))).isEqualTo(Instant.parse("2026-07-06T08:00:00Z"));
  }

  @Test
  void noHoursMeansAnyTime() {
    DeliveryWindow any = DeliveryWindow.of(Fixtures.partner("x", PartnerKind.LANDLORD).build());
    Instant sundayNight = Instant.parse("2026-03-08T23:59:00Z");
    assertThat(any.nextDelivery(sundayNight)).isEqualTo(sundayNight);
  }

  @Test
  void theLocalDayIsThePartnersDay() {
    DeliveryWindow tokyo = DeliveryWindow.of(Fixtures.partner("x", PartnerKind.LANDLORD).setTimeZone("Asia/Tokyo").build());
    assertThat(tokyo.localDay(Instant.parse("2026-03-02T20:00:00Z"))).isEqualTo(LocalDate.parse("2026-03-03"));
  }

  @Test
  void hoursThatNeverOpenAreRejected() {
    assertThatThrownBy(() -> DeliveryWindow.of(
        Fixtures.partner("x", PartnerKind.LANDLORD).setDeliveryHours(Fixtures.weekdays("17:00", "09:00")).build()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
