package io.leadpipeline.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/** Phone numbers in E.164, the one form every phone key is computed from. */
public final class PhoneNumbers {
  /** Enquiries come from UK sites; a number without a country code is a UK number. */
  public static final String DEFAULT_REGION = "GB";

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final int MAX_INPUT_LENGTH = 64;

  private PhoneNumbers() {}

  /** The number in E.164 (for example {@code +442079460018}), read as GB unless it says otherwise. */
  public static String toE164(String raw) {
    return toE164(raw, DEFAULT_REGION);
  }

  /**
   * @throws InvalidIdentifierException if it is not a valid number (the message omits the value,
   *     which is personal data)
   */
  public static String toE164(String raw, String defaultRegion) {
    if (raw == null || raw.isBlank()) {
      throw new InvalidIdentifierException("phone number is missing");
    }
    if (raw.length() > MAX_INPUT_LENGTH) {
      throw new InvalidIdentifierException("phone number is longer than 64 characters");
    }
    PhoneNumber number;
    try {
      number = UTIL.parse(raw, defaultRegion);
    } catch (NumberParseException e) {
      throw new InvalidIdentifierException("phone number cannot be parsed: " + e.getErrorType());
    }
    if (!UTIL.isValidNumber(number)) {
      throw new InvalidIdentifierException("phone number is not a valid number for its region");
    }
    return UTIL.format(number, PhoneNumberFormat.E164);
  }
}
