package io.leadpipeline.bench.router;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Kafka Streams' own clients, with every call a stream thread makes on its producer or main
 * consumer timed, in wall time and in the thread's CPU time, and the time between calls too
 * ({@link StreamThreadTime}). The clients underneath are the ones Kafka Streams would create
 * itself; only the timing is added, about four clock readings per call, and at each poll a read of
 * the kernel's scheduler figures for the thread. The timing starts at {@link #start}, so a drain
 * measured before it runs on the clients untimed.
 */
public final class TimedClients implements KafkaClientSupplier {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");

  private record Tally(LongAdder calls, LongAdder wallNanos, LongAdder cpuNanos) {
    Tally() {
      this(new LongAdder(), new LongAdder(), new LongAdder());
    }

    void add(long wall, long cpu) {
      calls.increment();
      wallNanos.add(wall);
      cpuNanos.add(cpu);
    }
  }

  private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
  /** Per stream thread, its kernel's queued time at its latest poll; absent where unreadable. */
  private final Map<Thread, Long> queued = new ConcurrentHashMap<>();
  private volatile boolean schedstatReadable = Files.isReadable(SCHEDSTAT);
  /** Per stream thread: wall and CPU nanoseconds when its last client call returned. */
  private final ThreadLocal<long[]> lastReturn = new ThreadLocal<>();
  private volatile boolean timing;

  /** Starts timing the stream threads' calls (until then they pass straight through). */
  public void start() {
    timing = true;
  }

  /** Totals so far over every stream thread. */
  public StreamThreadTime read() {
    Map<String, StreamThreadTime.Spent> out = new HashMap<>();
    tallies.forEach((activity, t) -> out.put(activity,
        new StreamThreadTime.Spent(t.calls.sum(), t.wallNanos.sum(), t.cpuNanos.sum())));
    Optional<Long> queuedNanos = schedstatReadable && !queued.isEmpty()
        ? Optional.of(queued.values().stream().mapToLong(Long::longValue).sum()) : Optional.empty();
    return new StreamThreadTime(out, queuedNanos);
  }

  /** Reads the calling thread's queued time: the second of schedstat's three figures (on a core, queued, slices). */
  private void readQueued() {
    try {
      String[] fields = Files.readString(SCHEDSTAT).trim().split(" ");
      queued.put(Thread.currentThread(), Long.parseLong(fields[1]));
    } catch (IOException | RuntimeException e) {
      schedstatReadable = false; // not Linux, or not this kernel's format: report no figure rather than a wrong one
    }
  }

  private <T> T timed(Class<T> type, T client, String name) {
    Map<Method, Tally> byMethod = new ConcurrentHashMap<>();
    Tally between = tallies.computeIfAbsent(StreamThreadTime.BETWEEN_CALLS, k -> new Tally());
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      // Only stream threads: the clients are also closed and read from other threads.
      boolean streamThread = timing && Thread.currentThread().getName().contains("StreamThread");
      long wall = streamThread ? System.nanoTime() : 0;
      long cpu = streamThread ? THREADS.getCurrentThreadCpuTime() : 0;
      if (streamThread) {
        long[] last = lastReturn.get();
        if (last != null) {
          between.add(wall - last[0], cpu - last[1]);
        }
      }
      try {
        return method.invoke(client, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      } finally {
        if (streamThread) {
          long wallAfter = System.nanoTime();
          long cpuAfter = THREADS.getCurrentThreadCpuTime();
          byMethod.computeIfAbsent(method, m -> tallies.computeIfAbsent(name + "." + m.getName(), k -> new Tally()))
              .add(wallAfter - wall, cpuAfter - cpu);
          long[] end = {wallAfter, cpuAfter};
          if (schedstatReadable && method.getName().equals("poll")) {
            // Once per poll (a file read per call would cost more than most calls), and left out of the timing.
            readQueued();
            end = new long[] {System.nanoTime(), THREADS.getCurrentThreadCpuTime()};
          }
          lastReturn.set(end);
        }
      }
    }));
  }

  @Override
  public Admin getAdmin(Map<String, Object> config) {
    return Admin.create(config);
  }

  @Override
  public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
    return timed(Producer.class, new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()), "producer");
  }

  @Override
  public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
    return timed(Consumer.class, new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()), "consumer");
  }

  @Override
  public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
