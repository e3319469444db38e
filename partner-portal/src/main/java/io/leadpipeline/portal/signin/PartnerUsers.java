package io.leadpipeline.portal.signin;

import io.leadpipeline.topics.Topics;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who may sign in for which partner, from configuration ({@code portal.users}, {@code
 * email=partnerId} pairs separated by commas). Configuration, not a topic: the addresses are
 * personal data of the partners' staff and stay out of Kafka, and the broker's staff grant access
 * the way they grant API keys.
 */
public final class PartnerUsers {
  private final Map<String, String> partnerByEmail;

  private PartnerUsers(Map<String, String> partnerByEmail) {
    this.partnerByEmail = Map.copyOf(partnerByEmail);
  }

  /**
   * The session "partner" of the broker's own staff: no partner id can start with '_', so staff
   * never see a partner's leads and partners never reach the staff view.
   */
  public static final String STAFF = "_staff";

  public static PartnerUsers parse(String spec) {
    return parse(spec, "");
  }

  /** Partner users, plus the broker's staff ({@code portal.staff-users}, comma-separated addresses). */
  public static PartnerUsers parse(String spec, String staff) {
    Map<String, String> users = new HashMap<>();
    if (spec != null) {
      for (String pair : spec.split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        String[] parts = pair.strip().split("=", 2);
        if (parts.length != 2 || !parts[0].contains("@") || !Topics.isValidPartnerId(parts[1].strip())) {
          throw new IllegalArgumentException(
              "portal.users: each entry is email=partnerId; this one is not: " + masked(pair));
        }
        users.put(normal(parts[0]), parts[1].strip());
      }
    }
    if (staff != null) {
      for (String email : staff.split(",")) {
        if (email.isBlank()) {
          continue;
        }
        if (!email.contains("@")) {
          throw new IllegalArgumentException("portal.staff-users: a comma-separated list of addresses");
        }
        users.put(normal(email), STAFF);
      }
    }
    return new PartnerUsers(users);
  }

  public Optional<String> partnerOf(String email) {
    return email == null ? Optional.empty() : Optional.ofNullable(partnerByEmail.get(normal(email)));
  }

  private static String normal(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  /** An error names the entry without the address. */
  private static String masked(String pair) {
    int eq = pair.indexOf('=');
    return eq < 0 ? "(no '=')" : "…" + pair.substring(eq);
  }
}
