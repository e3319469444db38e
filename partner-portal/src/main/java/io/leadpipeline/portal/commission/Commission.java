package io.leadpipeline.portal.commission;

import io.leadpipeline.avro.FeeTerms;
import io.leadpipeline.avro.Licence;

/**
 * The fee a placement earns (docs/partner-portal.md §5): the rate of the first {@code feeMonths}
 * months' licence fee, in integer pence, rounded half up to the penny. Never floating point.
 */
public final class Commission {
  public static final int BASIS_POINTS = 10_000;

  private Commission() {}

  public static long feePence(Licence licence, FeeTerms terms) {
    long months = Math.min(licence.getTermMonths(), terms.getFeeMonths());
    long base = Math.multiplyExact(licence.getMonthlyFeePence(), months);
    long scaled = Math.multiplyExact(base, (long) terms.getRateBasisPoints());
    return Math.addExact(scaled, BASIS_POINTS / 2) / BASIS_POINTS;
  }

  /** {@code 123456} → {@code £1,234.56}. */
  public static String pounds(long pence) {
    String sign = pence < 0 ? "-" : "";
    long abs = Math.abs(pence);
    return String.format("%s£%,d.%02d", sign, abs / 100, abs % 100);
  }

  /** {@code 1000} basis points → {@code 10%}; {@code 1250} → {@code 12.5%}. */
  public static String percent(int basisPoints) {
    return basisPoints % 100 == 0
        ? (basisPoints / 100) + "%"
        : new java.math.BigDecimal(basisPoints).movePointLeft(2).stripTrailingZeros().toPlainString() + "%";
  }

  /** Parses {@code 1234.5}, {@code £1,234.50} or {@code 1234} into pence; digits only, no floating point. */
  public static long parsePence(String text) {
    if (text == null) {
      throw new NumberFormatException("no amount");
    }
    String t = text.strip().replace("£", "").replace(",", "");
    if (!t.matches("\\d{1,12}(\\.\\d{1,2})?")) {
      throw new NumberFormatException("not an amount in pounds and pence");
    }
    int dot = t.indexOf('.');
    if (dot < 0) {
      return Math.multiplyExact(Long.parseLong(t), 100L);
    }
    String pence = (t.substring(dot + 1) + "0").substring(0, 2);
    return Math.addExact(Math.multiplyExact(Long.parseLong(t.substring(0, dot)), 100L), Long.parseLong(pence));
  }
}
