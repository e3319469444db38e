package io.leadpipeline.suppression.tps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects packed entries in fixed-size chunks, so growing never copies the whole buffer, then
 * hands them back as one sorted array with one entry per number. Peak memory is the final array
 * plus one chunk: 20 million numbers need about 170 MB.
 */
public final class EntryBuffer {
  private static final int CHUNK = 1 << 20;

  private final List<long[]> chunks = new ArrayList<>();
  private long[] current = new long[CHUNK];
  private int used;
  private long size;

  public void add(long entry) {
    if (used == CHUNK) {
      chunks.add(current);
      current = new long[CHUNK];
      used = 0;
    }
    current[used++] = entry;
    size++;
  }

  public long size() {
    return size;
  }

  /**
   * The entries sorted by number, one per number: when a number appears twice the earliest
   * registration date is kept, since the register has applied to it since then. The buffer is
   * emptied.
   */
  public long[] sortedByNumber() {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("more entries than one array can hold");
    }
    long[] all = new long[(int) size];
    int at = 0;
    for (int i = 0; i < chunks.size(); i++) {
      System.arraycopy(chunks.get(i), 0, all, at, CHUNK);
      at += CHUNK;
      chunks.set(i, null); // let each chunk go as soon as it is copied
    }
    System.arraycopy(current, 0, all, at, used);
    chunks.clear();
    current = new long[0];
    used = 0;
    size = 0;
    Arrays.sort(all);
    int out = 0;
    for (int i = 0; i < all.length; i++) {
      if (out == 0 || RegisterEntry.number(all[out - 1]) != RegisterEntry.number(all[i])) {
        all[out++] = all[i];
      }
    }
    return out == all.length ? all : Arrays.copyOf(all, out);
  }
}
