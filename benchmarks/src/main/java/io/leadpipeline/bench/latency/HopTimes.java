package io.leadpipeline.bench.latency;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each enquiry first became visible at each stage of a chain (the router's internal topics,
 * then its first lead), so an end-to-end latency splits into the segments between them. Times are
 * {@link System#nanoTime()}; a segment starts where the one before it ended, the first at the
 * enquiry's scheduled send time.
 */
public final class HopTimes {
  private final List<String> stages;
  private final Map<String, long[]> seen = new ConcurrentHashMap<>();

  /** One segment's spread over the enquiries seen at every stage, in milliseconds. */
  public record Segment(String to, double p50, double p99, double max, double slowestMean) {}

  /** @param stages the stages in the order an enquiry passes them */
  public HopTimes(List<String> stages) {
    this.stages = List.copyOf(stages);
  }

  /** The first time {@code enquiryId} was visible at {@code stage}; later sightings change nothing. */
  public void seen(String enquiryId, int stage, long nanos) {
    long[] t = seen.computeIfAbsent(enquiryId, k -> new long[stages.size()]);
    synchronized (t) {
      if (t[stage] == 0) {
        t[stage] = nanos;
      }
    }
  }

  /**
   * Each segment's p50, p99 and max over the enquiries seen at every stage, and its mean over the
   * slowest 1 % end to end (what the tail is made of).
   */
  public List<Segment> segments(Map<String, Long> sentNanos) {
    List<long[]> rows = new ArrayList<>();
    seen.forEach((id, t) -> {
      Long sent = sentNanos.get(id);
      if (sent != null && Arrays.stream(t).allMatch(x -> x != 0)) {
        long[] seg = new long[t.length];
        long from = sent;
        for (int i = 0; i < t.length; i++) {
          seg[i] = t[i] - from;
          from = t[i];
        }
        rows.add(seg);
      }
    });
    List<Segment> out = new ArrayList<>();
    if (rows.isEmpty()) {
      return out;
    }
    rows.sort((a, b) -> Long.compare(Arrays.stream(a).sum(), Arrays.stream(b).sum()));
    int n = rows.size();
    List<long[]> slowest = rows.subList(Math.min(n - 1, (int) (0.99 * n)), n);
    for (int i = 0; i < stages.size(); i++) {
      int s = i;
      long[] col = rows.stream().mapToLong(r -> r[s]).sorted().toArray();
      double slowestMean = slowest.stream().mapToLong(r -> r[s]).average().orElse(Double.NaN);
      out.add(new Segment(stages.get(i), ms(col[(n - 1) / 2]), ms(col[Math.min(n - 1, (int) Math.ceil(0.99 * n) - 1)]),
          ms(col[n - 1]), slowestMean / 1e6));
    }
    return out;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
