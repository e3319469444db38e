package io.leadpipeline.suppression;

import java.time.Instant;
import java.util.List;

/**
 * The result of a suppression write: every record acknowledged, and T, the newest broker
 * timestamp among them, from which the router enforces the whole change.
 */
public record Written(Instant acknowledgedAt, List<Record> records) {
  /** One acknowledged record; the key is a subject or phone key, never raw data. */
  public record Record(String topic, String key, boolean tombstone, Instant acknowledgedAt) {}

  public Written {
    records = List.copyOf(records);
  }

  static Written of(List<Record> records, Instant whenNothingWritten) {
    Instant t =
        records.stream().map(Record::acknowledgedAt).max(Instant::compareTo).orElse(whenNothingWritten);
    return new Written(t, records);
  }
}
