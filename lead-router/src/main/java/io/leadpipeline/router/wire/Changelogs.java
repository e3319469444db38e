package io.leadpipeline.router.wire;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/** Settings of the changelog topics of the router's stores. */
public final class Changelogs {
  private Changelogs() {}

  /**
   * Changelogs of stores that hold personal data or whom a person was introduced to: compacted
   * within a day, so a deleted (erased, released, expired) entry's old values leave the broker in
   * about a day instead of when the segment rolls (7 days by default).
   */
  public static final Map<String, String> PERSONAL =
      Map.of(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, Long.toString(Duration.ofDays(1).toMillis()));
}
