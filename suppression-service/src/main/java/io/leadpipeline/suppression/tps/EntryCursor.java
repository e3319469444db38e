package io.leadpipeline.suppression.tps;

import java.io.IOException;

/** A forward-only walk over packed entries in ascending number order, one per number. */
public interface EntryCursor {
  /** True if there is a next entry. */
  boolean hasNext() throws IOException;

  /** The next entry. */
  long next() throws IOException;

  static EntryCursor of(long[] sorted) {
    return new EntryCursor() {
      private int i;

      @Override
      public boolean hasNext() {
        return i < sorted.length;
      }

      @Override
      public long next() {
        return sorted[i++];
      }
    };
  }
}
