package io.leadpipeline.portal.settings;

import io.leadpipeline.avro.DeliveryHours;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.Weekday;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a partner may change itself (docs/partner-portal.md §6): pause, daily cap, delivery hours
 * and areas. A change becomes a new version of the partner's record built from the current one,
 * so every other field (and any field added to {@code Partner} later) is kept as it was.
 */
public final class PartnerSettings {
  private static final Pattern CITY = Pattern.compile("[\\p{L}][\\p{L} .'-]{0,59}");
  private static final Pattern DISTRICT = Pattern.compile("[A-Z]{1,2}[0-9][A-Z0-9]?");
  public static final int MAX_AREAS = 50;
  public static final int MAX_DAILY_CAP = 10_000;

  private PartnerSettings() {}

  /** The form as submitted. */
  public record Change(
      boolean paused,
      String dailyCap,
      boolean anyTime,
      List<String> days,
      String opensAt,
      String closesAt,
      String cities,
      String postcodeDistricts) {}

  public sealed interface Verdict {
    record Changed(Partner next) implements Verdict {}

    record Invalid(String message) implements Verdict {}
  }

  public static Verdict apply(Partner current, Change c, Instant now) {
    Integer cap = null;
    if (c.dailyCap() != null && !c.dailyCap().isBlank()) {
      try {
        cap = Integer.parseInt(c.dailyCap().strip());
      } catch (NumberFormatException e) {
        return new Verdict.Invalid("the daily cap is a whole number, or empty for no cap");
      }
      if (cap < 1 || cap > MAX_DAILY_CAP) {
        return new Verdict.Invalid("the daily cap is between 1 and " + MAX_DAILY_CAP + ", or empty for no cap");
      }
    }
    DeliveryHours hours = null;
    if (!c.anyTime()) {
      List<Weekday> days = new ArrayList<>();
      for (String d : c.days() == null ? List.<String>of() : c.days()) {
        try {
          days.add(Weekday.valueOf(d));
        } catch (IllegalArgumentException e) {
          return new Verdict.Invalid("unknown day: choose from Monday to Sunday");
        }
      }
      if (days.isEmpty()) {
        return new Verdict.Invalid("choose at least one day for deliveries, or take leads at any time");
      }
      Optional<LocalTime> opens = time(c.opensAt());
      Optional<LocalTime> closes = time(c.closesAt());
      if (opens.isEmpty() || closes.isEmpty()) {
        return new Verdict.Invalid("give the delivery hours as HH:mm");
      }
      if (!opens.get().isBefore(closes.get())) {
        return new Verdict.Invalid("deliveries must start before they end on the same day");
      }
      hours = new DeliveryHours(days.stream().distinct().sorted().toList(), opens.get().toString(), closes.get().toString());
    }
    List<String> cities = split(c.cities());
    if (cities.isEmpty() || cities.size() > MAX_AREAS || !cities.stream().allMatch(x -> CITY.matcher(x).matches())) {
      return new Verdict.Invalid("list 1 to " + MAX_AREAS + " cities, separated by commas");
    }
    List<String> districts = split(c.postcodeDistricts()).stream().map(x -> x.toUpperCase(Locale.ROOT)).toList();
    if (districts.size() > MAX_AREAS || !districts.stream().allMatch(x -> DISTRICT.matcher(x).matches())) {
      return new Verdict.Invalid("postcode districts are outward codes such as EC2A, separated by commas");
    }
    Partner next = Partner.newBuilder(current)
        .setActive(!c.paused())
        .setDailyCap(cap)
        .setDeliveryHours(hours)
        .setCities(cities)
        .setPostcodeDistricts(districts)
        .setUpdatedAt(now)
        .build();
    return new Verdict.Changed(next);
  }

  private static Optional<LocalTime> time(String text) {
    if (text == null || !text.strip().matches("\\d{2}:\\d{2}")) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalTime.parse(text.strip()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static List<String> split(String text) {
    if (text == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.strip().replaceAll("\\s+", " ");
      if (!p.isEmpty() && !out.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }
}
