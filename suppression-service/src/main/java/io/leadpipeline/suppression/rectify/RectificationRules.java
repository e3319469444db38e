package io.leadpipeline.suppression.rectify;

import io.leadpipeline.identity.Emails;
import io.leadpipeline.identity.InvalidIdentifierException;
import io.leadpipeline.identity.PhoneNumbers;

/**
 * What a correction may say (docs/SPECIFICATION.md §8.5): the contact details a lead carries —
 * name, company, email, phone — each optional, at least one given. A blank field is not a
 * correction (nothing is erased by a correction: that is an erasure's job). Messages name the field
 * and the rule, never the value, which is personal data.
 */
public final class RectificationRules {
  /** As long as the enquiry contract allows for a name or a company. */
  static final int MAX_TEXT = 200;

  private RectificationRules() {}

  /** A correction that cannot be accepted, with a message safe to show and log. */
  public static final class InvalidCorrection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidCorrection(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The corrections, validated and normalised; blank fields are left out.
   *
   * @throws InvalidCorrection naming the first field that breaks a rule, or when none is given
   */
  public static Corrections validate(String fullName, String company, String email, String phone) {
    String name = text("fullName", fullName);
    String org = text("company", company);
    String mail = blank(email) ? null : identifier("email", () -> Emails.normalise(email));
    String e164 = blank(phone) ? null : identifier("phone", () -> PhoneNumbers.toE164(phone));
    if (name == null && org == null && mail == null && e164 == null) {
      throw new InvalidCorrection("give at least one corrected field: fullName, company, email or phone");
    }
    return new Corrections(name, org, mail, e164);
  }

  private static String text(String field, String raw) {
    if (blank(raw)) {
      return null;
    }
    String v = raw.strip();
    if (v.length() > MAX_TEXT) {
      throw new InvalidCorrection(field + " is longer than " + MAX_TEXT + " characters");
    }
    for (int i = 0; i < v.length(); i++) {
      if (Character.isISOControl(v.charAt(i))) {
        throw new InvalidCorrection(field + " contains control characters");
      }
    }
    return v;
  }

  private static String identifier(String field, java.util.function.Supplier<String> normalise) {
    try {
      return normalise.get();
    } catch (InvalidIdentifierException e) {
      throw new InvalidCorrection(field + " is not valid: " + e.getMessage());
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
