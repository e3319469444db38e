package io.leadpipeline.bench.latency;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A read_committed consumer on the router's internal topics that records when each enquiry of a
 * latency run became visible on each of them ({@code --hop-breakdown}). The internal records are
 * the router's own wire format, which the harness does not decode: the enquiry is found by the
 * first id in the bytes that belongs to this run (ids are UUIDs; Smile writes strings as bytes).
 */
final class HopWatch implements AutoCloseable {
  private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private final OutputWatch watch;

  HopWatch(Map<String, Object> readerConfig, List<String> topics, Map<String, Long> due, HopTimes times) {
    this.watch = new OutputWatch(readerConfig, topics, true, (r, now) -> {
      Matcher m = UUID.matcher(new String(r.value(), StandardCharsets.ISO_8859_1));
      while (m.find()) {
        if (due.containsKey(m.group())) {
          times.seen(m.group(), topics.indexOf(r.topic()), now);
          return;
        }
      }
    });
  }

  @Override
  public void close() {
    watch.close();
  }
}
