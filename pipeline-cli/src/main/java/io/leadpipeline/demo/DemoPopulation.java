package io.leadpipeline.demo;

import io.leadpipeline.avro.Channel;
import io.leadpipeline.avro.Contact;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.MarketingConsent;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.Requirements;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * A seeded, realistic population of people looking for offices, and the enquiries they make.
 * Phone numbers come from Ofcom's drama ranges (for example 020 7946 0xxx), which are valid
 * numbers that are never allocated to anyone.
 */
final class DemoPopulation {

  record City(String name, String dramaPrefix, List<String> districts) {}

  record Person(
      String fullName, String company, String email, String phone, City city, boolean onBehalf) {}

  static final List<City> CITIES =
      List.of(
          new City("London", "020 7946 ", List.of("EC1V", "EC2A", "WC2H", "SE1", "W1F", "E14")),
          new City("Manchester", "0161 496 ", List.of("M1", "M2", "M3", "M4")),
          new City("Birmingham", "0121 496 ", List.of("B1", "B2", "B3", "B4")),
          new City("Leeds", "0113 496 ", List.of("LS1", "LS2", "LS11")),
          new City("Bristol", "0117 496 ", List.of("BS1", "BS2", "BS8")),
          new City("Edinburgh", "0131 496 ", List.of("EH1", "EH2", "EH3")));

  private static final String[] FIRST =
      {"Amara", "Ben", "Chloe", "Dev", "Ella", "Farid", "Grace", "Hugo", "Isla", "Jamal", "Kate",
        "Liam", "Maya", "Noah", "Olu", "Priya", "Quentin", "Rosa", "Sam", "Tariq", "Uma", "Vik",
        "Wren", "Yusuf", "Zoe"};
  private static final String[] LAST =
      {"Adeyemi", "Brown", "Chen", "Davies", "Evans", "Fraser", "Gupta", "Hughes", "Iqbal",
        "Jones", "Khan", "Lewis", "Morgan", "Nowak", "O'Brien", "Patel", "Quinn", "Roberts",
        "Singh", "Taylor", "Walsh", "Young"};
  private static final String[] COMPANY_WORDS =
      {"Northwind", "Brightpath", "Copperleaf", "Harbour", "Kestrel", "Lumen", "Meridian",
        "Oakridge", "Pennine", "Quayside", "Redbrick", "Saltire", "Thistle", "Vantage"};
  private static final String[] COMPANY_KINDS =
      {"Analytics", "Design", "Legal", "Labs", "Consulting", "Health", "Logistics", "Studio"};
  static final String[] SITES = {"offices.example", "deskfinder.example", "flexspace.example"};

  private final Random random;
  private final List<Person> people = new ArrayList<>();

  DemoPopulation(long seed, int size) {
    this.random = new Random(seed);
    for (int i = 0; i < size; i++) {
      people.add(newPerson(i));
    }
  }

  List<Person> people() {
    return people;
  }

  private Person newPerson(int i) {
    String first = pick(FIRST);
    String last = pick(LAST);
    String company = pick(COMPANY_WORDS) + " " + pick(COMPANY_KINDS);
    String domain = company.toLowerCase(Locale.ROOT).replace(' ', '-') + ".example";
    String email =
        (first + "." + last).toLowerCase(Locale.ROOT).replace("'", "") + i + "@" + domain;
    City city = pick(CITIES);
    // Some people type their address with stray capitals and spaces; keys must not care.
    if (random.nextInt(10) == 0) {
      email = "  " + email.toUpperCase(Locale.ROOT) + " ";
    }
    String phone =
        random.nextInt(8) == 0 ? null : city.dramaPrefix() + String.format("0%03d", i % 1000);
    return new Person(first + " " + last, company, email, phone, city, random.nextInt(25) == 0);
  }

  /** A plausible enquiry from {@code person}, submitted at {@code now}. */
  Enquiry enquiryFrom(Person person, Instant now) {
    int desks = desks();
    List<OfficeType> types = new ArrayList<>();
    types.add(pick(OfficeType.values()));
    if (random.nextBoolean()) {
      OfficeType second = pick(OfficeType.values());
      if (!types.contains(second)) {
        types.add(second);
      }
    }
    City city = person.city();
    Enquiry enquiry = Enquiry.newBuilder()
        .setEnquiryId(new UUID(random.nextLong(), random.nextLong()).toString())
        .setSubmittedAt(now)
        .setChannel(random.nextInt(10) < 8 ? Channel.WEB_FORM : pick(Channel.values()))
        .setSite(pick(SITES))
        .setContact(
            Contact.newBuilder()
                .setFullName(person.fullName())
                .setCompany(person.company())
                .setEmail(person.email())
                .setPhone(person.phone())
                .setPhoneProvidedBySubject(!person.onBehalf())
                .setOnBehalfOfAnother(person.onBehalf())
                .build())
        .setRequirements(
            Requirements.newBuilder()
                .setCity(city.name())
                .setPostcodeDistrict(random.nextBoolean() ? pick(city.districts()) : null)
                .setDesks(desks)
                .setOfficeTypes(types)
                .setMaxBudgetPerDeskGbp(random.nextInt(4) == 0 ? null : 250 + random.nextInt(40) * 25)
                .setMoveInDate(
                    random.nextBoolean()
                        ? null
                        : LocalDate.ofInstant(now, java.time.ZoneOffset.UTC)
                            .plusWeeks(2 + random.nextInt(20)))
                .setTermMonths(random.nextBoolean() ? null : 6 + 6 * random.nextInt(6))
                .build())
        .setMarketingConsent(new MarketingConsent(random.nextInt(3) > 0, random.nextInt(3) == 0))
        .build();
    // After the seeded draws, so the same seed still makes the same people and enquiries.
    enquiry.setMarketingConsentShown(DemoConsentWordings.shownOn(enquiry.getSite()));
    return enquiry;
  }

  /** Most teams are small; a few are large. */
  private int desks() {
    int roll = random.nextInt(100);
    if (roll < 55) {
      return 1 + random.nextInt(10);
    }
    if (roll < 90) {
      return 10 + random.nextInt(40);
    }
    return 50 + random.nextInt(200);
  }

  Person anyPerson() {
    return pick(people);
  }

  Random random() {
    return random;
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
