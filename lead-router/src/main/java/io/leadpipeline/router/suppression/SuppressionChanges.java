package io.leadpipeline.router.suppression;

import io.leadpipeline.router.ops.Redacted;
import io.leadpipeline.router.ops.RouterMetrics;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new preferences or do-not-repeat record on its way to the allocation step, which narrows
 * waiting leads and tells partners who already received the person (docs/SPECIFICATION.md §6).
 * One that does not decode cannot say what changed: it is not passed on (its key's enquiries are
 * held by the stages, which read the same record from the store), but counted and logged. A
 * registry outage fails the task, which is retried.
 */
public final class SuppressionChanges {
  private static final Logger LOG = LoggerFactory.getLogger(SuppressionChanges.class);

  private SuppressionChanges() {}

  /** The change decoded, or nothing when it is a deletion or cannot be decoded. */
  public static <V> List<V> readable(SuppressionTable<V> table, RouterMetrics metrics, byte[] bytes) {
    if (bytes == null) {
      return List.of();
    }
    try {
      return List.of(UnreadableRecord.decode(table, bytes));
    } catch (UnreadableRecord u) {
      metrics.suppressionUnreadable(table.label());
      LOG.error("a {} change cannot be decoded ({}); its key's enquiries are held until a readable record supersedes it",
          table.label(), Redacted.describe(u.getCause()));
      return List.of();
    }
  }
}
