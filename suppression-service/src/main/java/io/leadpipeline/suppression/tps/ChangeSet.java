package io.leadpipeline.suppression.tps;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lines of a change file, last line per number winning, applied lazily to the previous
 * register. Change files are daily deltas (thousands of lines), so they are held in a map.
 */
public final class ChangeSet {
  private static final long REMOVE = -1;
  private final TreeMap<Long, Long> changes = new TreeMap<>();

  public void add(long entry) {
    changes.put(RegisterEntry.number(entry), entry);
  }

  public void remove(long entry) {
    changes.put(RegisterEntry.number(entry), REMOVE);
  }

  public int size() {
    return changes.size();
  }

  /** The previous register with the changes applied, still sorted by number. */
  public EntryCursor applyTo(EntryCursor previous) {
    Iterator<Map.Entry<Long, Long>> it = changes.entrySet().iterator();
    return new EntryCursor() {
      private Map.Entry<Long, Long> change = it.hasNext() ? it.next() : null;
      private long pending = -1;
      private long prev = -2; // -2: not read yet

      private long peekPrevious() throws IOException {
        if (prev == -2) {
          prev = previous.hasNext() ? previous.next() : -1;
        }
        return prev;
      }

      private void advance() throws IOException {
        while (pending == -1) {
          long p = peekPrevious();
          long pNumber = p == -1 ? Long.MAX_VALUE : RegisterEntry.number(p);
          long cNumber = change == null ? Long.MAX_VALUE : change.getKey();
          if (p == -1 && change == null) {
            return;
          }
          if (pNumber < cNumber) {
            pending = p;
            prev = -2;
          } else {
            long value = change.getValue();
            if (pNumber == cNumber) {
              prev = -2; // the change replaces the previous entry
            }
            change = it.hasNext() ? it.next() : null;
            if (value != REMOVE) {
              pending = value;
            }
          }
        }
      }

      @Override
      public boolean hasNext() throws IOException {
        advance();
        return pending != -1;
      }

      @Override
      public long next() throws IOException {
        advance();
        long out = pending;
        pending = -1;
        return out;
      }
    };
  }
}
