package io.leadpipeline.router.validation;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers a dead letter carries next to the original key, value and headers: why it was
 * refused and where it came from, so it can be fixed and replayed.
 */
public final class DeadLetters {
  public static final String REASON = "dlq.reason";
  public static final String DETAIL = "dlq.detail";
  public static final String TOPIC = "dlq.topic";
  public static final String PARTITION = "dlq.partition";
  public static final String OFFSET = "dlq.offset";
  public static final String FAILED_AT = "dlq.failed.at";

  private DeadLetters() {}

  public static Headers headers(
      Headers original, Rejection rejection, String topic, int partition, long offset, long now) {
    Headers h = new RecordHeaders(original == null ? new RecordHeaders().toArray() : original.toArray());
    add(h, REASON, rejection.reason().name());
    add(h, DETAIL, rejection.detail());
    add(h, TOPIC, topic);
    add(h, PARTITION, Integer.toString(partition));
    add(h, OFFSET, Long.toString(offset));
    add(h, FAILED_AT, Long.toString(now));
    return h;
  }

  private static void add(Headers h, String key, String value) {
    h.remove(key);
    h.add(key, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
  }
}
