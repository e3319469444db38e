package io.leadpipeline.suppression.tps;

import java.time.LocalDate;

/**
 * One register entry packed into a {@code long}: the E.164 digits in the high 47 bits and the
 * registration date (days since 1970) in the low 17. Twenty million entries are then 160 MB in
 * one sorted {@code long[]}, never strings, and sorting the packed values sorts by number first,
 * date second.
 */
public final class RegisterEntry {
  static final int DATE_BITS = 17;
  static final long DATE_MASK = (1L << DATE_BITS) - 1;
  /** E.164 numbers up to this value fit (every UK number, +44 and ten digits, does by far). */
  public static final long MAX_NUMBER = (1L << (63 - DATE_BITS)) - 1;
  public static final LocalDate MAX_DATE = LocalDate.ofEpochDay(DATE_MASK);
  /** Stored when a line gives no date: in force, as if registered long ago (fail closed). */
  public static final LocalDate UNKNOWN_DATE = LocalDate.EPOCH;

  private RegisterEntry() {}

  public static long pack(long number, LocalDate registeredOn) {
    if (number <= 0 || number > MAX_NUMBER) {
      throw new IllegalArgumentException("number out of range");
    }
    long day = registeredOn.toEpochDay();
    if (day < 0 || day > DATE_MASK) {
      throw new IllegalArgumentException("date out of range");
    }
    return (number << DATE_BITS) | day;
  }

  public static long number(long entry) {
    return entry >>> DATE_BITS;
  }

  public static LocalDate registeredOn(long entry) {
    return LocalDate.ofEpochDay(entry & DATE_MASK);
  }

  /** The E.164 form, {@code +} and the digits, that phone keys are computed from. */
  public static String e164(long entry) {
    return "+" + number(entry);
  }
}
