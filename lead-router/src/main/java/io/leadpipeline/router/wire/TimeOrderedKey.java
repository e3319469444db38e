package io.leadpipeline.router.wire;

/**
 * A store key that sorts by time, then by id: the time in milliseconds zero-padded to 13 digits,
 * a bar, the id. Held enquiries and waiting leads are keyed so; the keys are in changelogs, so the
 * spelling never changes.
 */
public final class TimeOrderedKey {
  private static final int DIGITS = 13;

  private TimeOrderedKey() {}

  /** The same text as {@code String.format("%013d|%s", millis, id)}, without the formatter's cost on the hot path. */
  public static String of(long millis, String id) {
    if (millis < 0) {
      return String.format("%013d|%s", millis, id); // never a broker timestamp; kept exact all the same
    }
    String digits = Long.toString(millis);
    StringBuilder key = new StringBuilder(Math.max(DIGITS, digits.length()) + 1 + id.length());
    for (int i = digits.length(); i < DIGITS; i++) {
      key.append('0');
    }
    return key.append(digits).append('|').append(id).toString();
  }
}
