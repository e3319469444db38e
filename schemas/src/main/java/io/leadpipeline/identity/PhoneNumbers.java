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
    if (DEFAULT_REGION.equals(defaultRegion)) {
      long uk = ukNumber(raw);
      if (uk != -1) {
        return "+" + uk;
      }
    }
    return general(raw, defaultRegion);
  }

  /** libphonenumber's general parser: any form, any region. */
  static String general(String raw, String defaultRegion) {
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

  /**
   * The fast path for plain UK forms, {@code 0} or {@code +44} and the national digits (spaces
   * allowed), as the TPS register and most web forms write them: libphonenumber's validity check
   * without its general parser, about three times faster. It returns the E.164 digits as a number
   * (the same number the general path gives, tested), and -1 for anything else, which then takes
   * the general path.
   */
  public static long ukNumber(String text) {
    long national = 0;
    int digits = 0;
    int i = 0;
    int n = text.length();
    while (i < n && text.charAt(i) == ' ') {
      i++;
    }
    if (text.startsWith("+44", i)) {
      i += 3;
    } else if (i < n && text.charAt(i) == '0') {
      i += 1;
    } else {
      return -1;
    }
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits == 0 && c == '0') {
          return -1; // "+440..." or "00...": leave the odd forms to the general parser
        }
        national = national * 10 + (c - '0');
        if (++digits > 10) {
          return -1;
        }
      } else if (c != ' ') {
        return -1;
      }
    }
    if (digits < 7) {
      return -1;
    }
    PhoneNumber candidate = new PhoneNumber().setCountryCode(44).setNationalNumber(national);
    // GB is the first of +44's regions, so a number valid for GB is valid (isValidNumber would pick
    // GB and check it again): checking GB first halves the cost for most numbers. Jersey, Guernsey
    // and the Isle of Man share +44 and take the full check.
    if (!UTIL.isValidNumberForRegion(candidate, DEFAULT_REGION) && !UTIL.isValidNumber(candidate)) {
      return -1;
    }
    long scale = 1;
    for (int d = 0; d < digits; d++) {
      scale *= 10;
    }
    return 44 * scale + national;
  }

}
