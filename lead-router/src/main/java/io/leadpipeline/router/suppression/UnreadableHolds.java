package io.leadpipeline.router.suppression;

import io.leadpipeline.router.ops.Redacted;
import io.leadpipeline.router.ops.RouterMetrics;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The enquiries a suppression stage holds because a record they need cannot be decoded: every
 * failed look-up is counted in {@code suppression_lookups_unreadable_total{table}}, but each held
 * enquiry is logged once, by enquiry id, so a tick that retries it does not repeat the line.
 */
final class UnreadableHolds {
  private final Logger log;
  private final RouterMetrics metrics;
  /** Hold keys of the enquiries logged already. */
  private final Set<String> reported = new HashSet<>();

  /** {@code log} is the stage's own logger, so the line names the stage that holds. */
  UnreadableHolds(Logger log, RouterMetrics metrics) {
    this.log = log;
    this.metrics = metrics;
  }

  /** The enquiry under {@code holdKey} stays held: {@code unreadable} says which table failed. */
  void held(String holdKey, String enquiryId, UnreadableRecord unreadable) {
    metrics.suppressionUnreadable(unreadable.table);
    if (reported.add(holdKey)) {
      log.error(
          "holding enquiry {}: its {} record cannot be decoded ({}); it stays held until the record is readable",
          enquiryId, unreadable.table, Redacted.describe(unreadable.getCause()));
    }
  }

  /** The enquiry left the hold store; should it be held again, that is news again. */
  void released(String holdKey) {
    reported.remove(holdKey);
  }
}
