package io.leadpipeline.suppression.tps;

import java.io.IOException;

/**
 * Walks the previous and the new register side by side, both sorted by number, and reports what
 * changed. Memory stays constant: neither side is loaded by this class.
 */
public final class RegisterDiff {
  /** Receives every entry of the new register, and each difference from the previous one. */
  public interface Listener {
    /** Every entry of the new register, in order, so the caller can write it out as it goes. */
    void entry(long entry) throws IOException;

    void added(long entry) throws IOException;

    void removed(long previous) throws IOException;

    /** Same number, different registration date. */
    void redated(long previous, long entry) throws IOException;
  }

  /** Counts of one diff. */
  public record Counts(long entries, long added, long removed, long redated) {}

  private RegisterDiff() {}

  public static Counts diff(EntryCursor previous, EntryCursor next, Listener listener)
      throws IOException {
    long entries = 0;
    long added = 0;
    long removed = 0;
    long redated = 0;
    long p = previous.hasNext() ? previous.next() : -1;
    long n = next.hasNext() ? next.next() : -1;
    while (p != -1 || n != -1) {
      long pNumber = p == -1 ? Long.MAX_VALUE : RegisterEntry.number(p);
      long nNumber = n == -1 ? Long.MAX_VALUE : RegisterEntry.number(n);
      if (pNumber < nNumber) {
        listener.removed(p);
        removed++;
        p = previous.hasNext() ? previous.next() : -1;
      } else {
        listener.entry(n);
        entries++;
        if (nNumber < pNumber) {
          listener.added(n);
          added++;
        } else {
          if (p != n) {
            listener.redated(p, n);
            redated++;
          }
          p = previous.hasNext() ? previous.next() : -1;
        }
        n = next.hasNext() ? next.next() : -1;
      }
    }
    return new Counts(entries, added, removed, redated);
  }
}
