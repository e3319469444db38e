package io.leadpipeline.router.delivery;

import io.leadpipeline.avro.DeliveryHours;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.Weekday;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * A partner's delivery hours in its own time zone (docs/SPECIFICATION.md §6 rule 5): outside them a lead
 * waits, rather than arriving late at night. Closing time is exclusive; no hours means any time.
 */
public final class DeliveryWindow {
  private final ZoneId zone;
  private final Set<DayOfWeek> days;
  private final LocalTime opens;
  private final LocalTime closes;

  private DeliveryWindow(ZoneId zone, Set<DayOfWeek> days, LocalTime opens, LocalTime closes) {
    this.zone = zone;
    this.days = days;
    this.opens = opens;
    this.closes = closes;
  }

  public static DeliveryWindow of(Partner partner) {
    ZoneId zone = ZoneId.of(partner.getTimeZone());
    DeliveryHours hours = partner.getDeliveryHours();
    if (hours == null) {
      return new DeliveryWindow(zone, EnumSet.allOf(DayOfWeek.class), null, null);
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (Weekday d : hours.getDays()) {
      days.add(DayOfWeek.valueOf(d.name()));
    }
    LocalTime opens = LocalTime.parse(hours.getOpensAt());
    LocalTime closes = LocalTime.parse(hours.getClosesAt());
    if (days.isEmpty() || !opens.isBefore(closes)) {
      throw new IllegalArgumentException(
          "partner " + partner.getPartnerId() + ": delivery hours need days and opensAt < closesAt");
    }
    return new DeliveryWindow(zone, days, opens, closes);
  }

  public ZoneId zone() {
    return zone;
  }

  public boolean isOpen(Instant now) {
    if (opens == null) {
      return true;
    }
    ZonedDateTime local = now.atZone(zone);
    LocalTime time = local.toLocalTime();
    return days.contains(local.getDayOfWeek()) && !time.isBefore(opens) && time.isBefore(closes);
  }

  /** {@code now} if open, else the next opening. */
  public Instant nextDelivery(Instant now) {
    if (isOpen(now)) {
      return now;
    }
    LocalDate day = now.atZone(zone).toLocalDate();
    for (int i = 0; i <= 7; i++) {
      LocalDate d = day.plusDays(i);
      if (days.contains(d.getDayOfWeek())) {
        Instant opening = d.atTime(opens).atZone(zone).toInstant();
        if (opening.isAfter(now)) {
          return opening;
        }
      }
    }
    throw new IllegalStateException("a weekly window always opens within 8 days");
  }

  /** The partner's local day an instant falls in: the day a daily cap counts against. */
  public LocalDate localDay(Instant at) {
    return at.atZone(zone).toLocalDate();
  }
}
