package io.leadpipeline.bench.load;

import io.leadpipeline.avro.Channel;
import io.leadpipeline.avro.ConsentShown;
import io.leadpipeline.avro.ConsentWording;
import io.leadpipeline.avro.Contact;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.MarketingConsent;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.Requirements;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Deterministic, valid enquiries: enquiry {@code i} is the same in every run and in every phase,
 * so the passthrough and the router see the same input. Every person is new (no dedupe hits);
 * half typed their own number (consent beats TPS), half did not (the TPS lookup decides).
 */
public final class SyntheticEnquiries {
  public static final List<String> CITIES = List.of("London", "Manchester", "Birmingham", "Leeds", "Bristol");
  private static final List<List<OfficeType>> TYPES =
      List.of(
          List.of(OfficeType.SERVICED),
          List.of(OfficeType.SERVICED, OfficeType.COWORKING),
          List.of(OfficeType.MANAGED, OfficeType.LEASED),
          List.of(OfficeType.COWORKING));

  /** What a site shows beside its boxes (docs/enquiry-contract.md §1): every partner category named. */
  private static final ConsentShown SHOWN = new ConsentShown(
      new ConsentWording("bench-email-partners", "1", List.of(), List.of(PartnerKind.LANDLORD, PartnerKind.OPERATOR)),
      new ConsentWording("bench-phone-partners", "1", List.of(), List.of(PartnerKind.LANDLORD, PartnerKind.OPERATOR)));

  private final String run;

  /** {@code run} keeps ids and people of different runs apart on a reused broker. */
  public SyntheticEnquiries(String run) {
    this.run = run;
  }

  public Enquiry enquiry(long i) {
    return Enquiry.newBuilder()
        .setEnquiryId(UUID.nameUUIDFromBytes((run + "/" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())
        .setSubmittedAt(Instant.now())
        .setChannel(Channel.WEB_FORM)
        .setSite("bench.example")
        .setContact(
            Contact.newBuilder()
                .setFullName("Bench Person " + i)
                .setCompany(i % 3 == 0 ? null : "Bench Ltd " + (i % 97))
                .setEmail(email(i))
                .setPhone(phone(i))
                .setPhoneProvidedBySubject(i % 2 == 0)
                .setOnBehalfOfAnother(false)
                .build())
        .setRequirements(
            Requirements.newBuilder()
                .setCity(CITIES.get((int) (i % CITIES.size())))
                .setPostcodeDistrict(null)
                .setDesks(1 + (int) (i % 40))
                .setOfficeTypes(TYPES.get((int) (i % TYPES.size())))
                .setMaxBudgetPerDeskGbp(i % 5 == 0 ? null : 400 + (int) (i % 300))
                .setMoveInDate(null)
                .setTermMonths(12)
                .build())
        .setMarketingConsent(new MarketingConsent(i % 4 != 0, i % 8 == 0))
        .setMarketingConsentShown(SHOWN)
        .build();
  }

  public String email(long i) {
    return "bench." + run.toLowerCase(Locale.ROOT) + "." + i + "@example.com";
  }

  /** A valid UK mobile number (07400 000000 upwards), one per person. */
  public static String phone(long i) {
    return String.format(Locale.ROOT, "07%09d", 400_000_000L + (i % 500_000_000L));
  }

  /**
   * Partners for {@code import-partners}: in each city two operators and two landlords that take
   * every desk count and office type, no caps and no delivery hours, so every enquiry matches
   * and the router does its whole job (three partners per lead).
   */
  public static String partnersJson(String idPrefix) {
    StringBuilder json = new StringBuilder("[\n");
    int n = 0;
    for (String city : CITIES) {
      for (String kind : List.of("OPERATOR", "OPERATOR", "LANDLORD", "LANDLORD")) {
        if (n > 0) {
          json.append(",\n");
        }
        json.append(String.format(Locale.ROOT,
            "{\"partnerId\": \"%s%s-%d\", \"name\": \"Bench %s %d\", \"kind\": \"%s\", \"cities\": [\"%s\"],"
                + " \"maxDesks\": 500, \"officeTypes\": [\"SERVICED\", \"MANAGED\", \"COWORKING\", \"LEASED\"],"
                + " \"weight\": %d}",
            idPrefix, city.toLowerCase(Locale.ROOT), n, city, n, kind, city, 1 + n % 3));
        n++;
      }
    }
    return json.append("\n]\n").toString();
  }
}
