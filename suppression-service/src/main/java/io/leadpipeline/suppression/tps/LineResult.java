package io.leadpipeline.suppression.tps;

/** Why a register line was accepted or not, as counted in {@code tps_ingest_lines_total{result}}. */
public enum LineResult {
  ACCEPTED,
  /** Blank lines and {@code #} comments. */
  SKIPPED,
  /** Not a valid phone number (the number itself is never logged). */
  INVALID_NUMBER,
  /** A date that is not {@code yyyy-MM-dd} or is out of range. */
  INVALID_DATE,
  /** Anything else: wrong shape, control characters, too long. */
  MALFORMED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
