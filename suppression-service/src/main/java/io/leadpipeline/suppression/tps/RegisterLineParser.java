package io.leadpipeline.suppression.tps;

import io.leadpipeline.identity.InvalidIdentifierException;
import io.leadpipeline.identity.PhoneNumbers;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Reads one line of a register file.
 *
 * <p>Full files: {@code number[,registeredOn]}, one per line, the number in any form
 * libphonenumber reads as GB by default ({@code 01632 960001}, {@code +441632960001}), the date
 * ISO {@code yyyy-MM-dd}. Change files add a sign: {@code +number[,date]} adds or re-dates,
 * {@code -number} removes; an unsigned line adds. Blank lines and {@code #} comments are skipped.
 */
public final class RegisterLineParser {
  private static final int MAX_LINE = 128;

  /** A parsed line: its result, and for accepted lines the packed entry and whether it removes. */
  public record Parsed(LineResult result, long entry, boolean removal) {
    static Parsed rejected(LineResult r) {
      return new Parsed(r, 0, false);
    }
  }

  private RegisterLineParser() {}

  public static Parsed parse(String line, boolean changeFile) {
    if (line.length() > MAX_LINE) {
      return Parsed.rejected(LineResult.MALFORMED);
    }
    String text = line.strip();
    if (text.isEmpty() || text.startsWith("#")) {
      return Parsed.rejected(LineResult.SKIPPED);
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        return Parsed.rejected(LineResult.MALFORMED);
      }
    }
    boolean removal = false;
    if (changeFile && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
      // '+' is also how E.164 starts: "+44..." is an addition of +44..., "++44..." likewise.
      if (text.charAt(0) == '-') {
        removal = true;
        text = text.substring(1).strip();
      } else if (text.length() > 1 && (text.charAt(1) == '+' || text.charAt(1) == '0')) {
        text = text.substring(1).strip();
      }
    }
    String[] parts = text.split(",", -1);
    if (parts.length > 2 || (removal && parts.length != 1)) {
      return Parsed.rejected(LineResult.MALFORMED);
    }
    LocalDate date = RegisterEntry.UNKNOWN_DATE;
    if (parts.length == 2) {
      try {
        date = LocalDate.parse(parts[1].strip());
      } catch (DateTimeParseException e) {
        return Parsed.rejected(LineResult.INVALID_DATE);
      }
      if (date.isBefore(LocalDate.EPOCH) || date.isAfter(RegisterEntry.MAX_DATE)) {
        return Parsed.rejected(LineResult.INVALID_DATE);
      }
    }
    long number = PhoneNumbers.ukNumber(parts[0]);
    if (number == -1) {
      try {
        String e164 = PhoneNumbers.toE164(parts[0]);
        number = Long.parseLong(e164, 1, e164.length(), 10);
      } catch (InvalidIdentifierException | NumberFormatException e) {
        return Parsed.rejected(LineResult.INVALID_NUMBER);
      }
    }
    if (number > RegisterEntry.MAX_NUMBER) {
      return Parsed.rejected(LineResult.INVALID_NUMBER);
    }
    return new Parsed(LineResult.ACCEPTED, RegisterEntry.pack(number, date), removal);
  }
}
