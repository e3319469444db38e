package io.leadpipeline.bench.router;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a stream thread's wall time went, by what it was doing: inside each client call
 * ({@code producer.send}, {@code consumer.poll}, …) or between calls, running Kafka Streams and the
 * router's own code. Each part also says how much of it the thread spent on a core, so time lost
 * waiting (for a broker's answer, or for a core on a busy machine) is told apart from work.
 *
 * @param byActivity totals per activity since the thread started: {@link #BETWEEN_CALLS} or
 *     {@code <client>.<method>}
 * @param queuedNanos the time the kernel kept the threads runnable but off a core, waiting for one
 *     ({@code /proc/thread-self/schedstat}); empty where the kernel does not say
 */
public record StreamThreadTime(Map<String, Spent> byActivity, Optional<Long> queuedNanos) {
  /** The time between one client call's return and the next call: the thread's own processing. */
  public static final String BETWEEN_CALLS = "between calls";

  /** Calls that end or commit a transaction, or wait for sends to be acknowledged. */
  private static final Set<String> COMMIT_CALLS = Set.of("producer.flush", "producer.sendOffsetsToTransaction",
      "producer.commitTransaction", "producer.beginTransaction");

  /** The columns of a report, in order. */
  public enum Part {
    PROCESSING, SEND, COMMIT, POLL, OTHER;

    static Part of(String activity) {
      if (activity.equals(BETWEEN_CALLS)) {
        return PROCESSING;
      }
      if (activity.equals("producer.send")) {
        return SEND;
      }
      if (COMMIT_CALLS.contains(activity)) {
        return COMMIT;
      }
      return activity.equals("consumer.poll") ? POLL : OTHER;
    }
  }

  /** @param wallNanos time inside the activity; @param cpuNanos of which the thread was on a core */
  public record Spent(long calls, long wallNanos, long cpuNanos) {
    Spent minus(Spent earlier) {
      return new Spent(calls - earlier.calls, wallNanos - earlier.wallNanos, cpuNanos - earlier.cpuNanos);
    }

    Spent plus(Spent other) {
      return new Spent(calls + other.calls, wallNanos + other.wallNanos, cpuNanos + other.cpuNanos);
    }
  }

  /** @param wall the part's share of the thread's wall time; @param offCpu the share of it spent off a core */
  public record Share(double wall, double offCpu) {}

  public StreamThreadTime {
    byActivity = Map.copyOf(byActivity);
  }

  /** The share of all the wall time recorded that the threads spent waiting for a core. */
  public Optional<Double> queuedShare() {
    long total = byActivity.values().stream().mapToLong(Spent::wallNanos).sum();
    return total == 0 ? Optional.empty() : queuedNanos.map(q -> (double) q / total);
  }

  /** What was spent after {@code earlier}, a reading of the same threads. */
  public StreamThreadTime since(StreamThreadTime earlier) {
    Map<String, Spent> out = new HashMap<>();
    byActivity.forEach((activity, spent) ->
        out.put(activity, spent.minus(earlier.byActivity.getOrDefault(activity, new Spent(0, 0, 0)))));
    return new StreamThreadTime(out, queuedNanos.flatMap(q -> earlier.queuedNanos.map(e -> q - e)));
  }

  /** Each part's share of all the wall time recorded, in {@link Part} order; zeros when nothing was recorded. */
  public List<Share> shares() {
    Spent[] parts = new Spent[Part.values().length];
    java.util.Arrays.fill(parts, new Spent(0, 0, 0));
    long total = 0;
    for (Map.Entry<String, Spent> e : byActivity.entrySet()) {
      int i = Part.of(e.getKey()).ordinal();
      parts[i] = parts[i].plus(e.getValue());
      total += e.getValue().wallNanos();
    }
    double all = total;
    return java.util.Arrays.stream(parts)
        .map(p -> all == 0 ? new Share(0, 0)
            : new Share(p.wallNanos() / all, Math.max(0, p.wallNanos() - p.cpuNanos()) / all))
        .toList();
  }
}
