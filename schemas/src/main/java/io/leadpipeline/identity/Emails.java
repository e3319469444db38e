package io.leadpipeline.identity;

import java.util.Locale;

/** Email addresses in the one form every key is computed from: trimmed and lower-cased. */
public final class Emails {
  private static final int MAX_LENGTH = 254;

  private Emails() {}

  /**
   * The normalised address.
   *
   * @throws InvalidIdentifierException if it cannot be an address (the message omits the value,
   *     which is personal data)
   */
  public static String normalise(String raw) {
    if (raw == null) {
      throw new InvalidIdentifierException("email is missing");
    }
    String email = raw.strip().toLowerCase(Locale.ROOT);
    if (email.isEmpty() || email.length() > MAX_LENGTH) {
      throw new InvalidIdentifierException("email is empty or longer than 254 characters");
    }
    int at = email.indexOf('@');
    if (at <= 0 || at != email.lastIndexOf('@') || at == email.length() - 1) {
      throw new InvalidIdentifierException("email must have one '@' with text either side");
    }
    String domain = email.substring(at + 1);
    if (!domain.contains(".") || domain.startsWith(".") || domain.endsWith(".")) {
      throw new InvalidIdentifierException("email domain is not a domain name");
    }
    for (int i = 0; i < email.length(); i++) {
      char c = email.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '<' || c == '>') {
        throw new InvalidIdentifierException("email contains spaces or control characters");
      }
    }
    return email;
  }
}
