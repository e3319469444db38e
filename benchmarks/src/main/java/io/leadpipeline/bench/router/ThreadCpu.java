package io.leadpipeline.bench.router;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU time an application's own threads used while it drained its backlog: every live thread
 * whose name contains its application id (Kafka Streams names its stream threads, their producers'
 * network threads and the router's end-offset reader after it), in total and by thread, so a cost
 * can be placed: the stream thread's own work, or the producer's. A thread that ended before the
 * reading is not counted.
 */
public final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private final String nameContains;
  private final Map<Long, Long> before;

  private ThreadCpu(String nameContains) {
    this.nameContains = nameContains;
    this.before = read(nameContains);
  }

  /** Reads the CPU time of the threads named with {@code nameContains} now (none, before the application starts). */
  public static ThreadCpu start(String nameContains) {
    return new ThreadCpu(nameContains);
  }

  /** Nanoseconds of CPU those threads, and any started since, used after {@link #start}. */
  public long usedNanos() {
    long used = 0;
    for (Map.Entry<Long, Long> t : read(nameContains).entrySet()) {
      used += t.getValue() - before.getOrDefault(t.getKey(), 0L);
    }
    return used;
  }

  /** The same, by thread name with the parts that differ between runs (ids, numbers) left out. */
  public Map<String, Long> usedNanosByThread() {
    Map<String, Long> byName = new TreeMap<>();
    Map<Long, String> names = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null) {
        names.put(info.getThreadId(), info.getThreadName());
      }
    }
    for (Map.Entry<Long, Long> t : read(nameContains).entrySet()) {
      String name = names.getOrDefault(t.getKey(), "?").replace(nameContains, "")
          .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "")
          .replaceAll("[0-9]+", "N");
      byName.merge(name, t.getValue() - before.getOrDefault(t.getKey(), 0L), Long::sum);
    }
    return byName;
  }

  private static Map<Long, Long> read(String nameContains) {
    Map<Long, Long> cpu = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains(nameContains)) {
        long ns = THREADS.getThreadCpuTime(info.getThreadId());
        if (ns >= 0) {
          cpu.put(info.getThreadId(), ns);
        }
      }
    }
    return cpu;
  }
}
