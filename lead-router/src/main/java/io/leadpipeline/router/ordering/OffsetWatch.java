package io.leadpipeline.router.ordering;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the suppression partitions' end offsets for the router's stages on a thread of its own, so
 * the stream thread never blocks. A plain consumer without a group, {@code read_uncommitted}: its
 * end offset is the high watermark, which includes records of a transaction still open — an open
 * transaction then holds the enquiry instead of being skipped (the last stable offset would stop
 * below it). The consumer sends its leader epoch with each offset request, so a deposed leader
 * cannot answer with an older end.
 *
 * <p>A ticket is the number of the next read to start; each read takes the partitions asked for
 * until it starts, so a read numbered n ≥ ticket was sent after the request. Reads run back to back
 * while requests wait (about one round trip each), and not at all while nothing waits. Committed
 * offsets of the router's group are read too, at most every {@link #COMMITTED_EVERY}, while a stage
 * has asked for them in the last second.
 */
public final class OffsetWatch implements OffsetSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OffsetWatch.class);
  static final Duration COMMITTED_EVERY = Duration.ofMillis(50);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  private record Stamp(long read, long endOffset) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Admin admin;
  private final String groupId;
  private final Runnable onFailure;
  private final Object lock = new Object();
  private final Set<TopicPartition> pending = new HashSet<>();
  private long nextRead;
  private final Map<TopicPartition, Stamp> ends = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();
  /** When a stage last asked for committed offsets; far enough back at the start that none are read unasked. */
  private final AtomicLong committedWantedAt = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(2));
  private volatile boolean running = true;
  private final Thread thread;

  /**
   * @param clientConfig bootstrap servers and security settings, as the router's clients use them
   * @param groupId the router's consumer group (its application id)
   * @param onFailure called when a read fails (counted; the enquiries stay held, and it is retried)
   */
  public OffsetWatch(Map<String, Object> clientConfig, String groupId, Runnable onFailure) {
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-offset-watch");
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.admin = Admin.create(clientConfig);
    this.groupId = groupId;
    this.onFailure = onFailure;
    this.thread = new Thread(this::run, groupId + "-offset-watch");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public long request(Collection<TopicPartition> partitions) {
    synchronized (lock) {
      pending.addAll(partitions);
      lock.notifyAll();
      return nextRead;
    }
  }

  @Override
  public Optional<Map<TopicPartition, Long>> targets(long ticket, Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> out = new HashMap<>();
    for (TopicPartition p : partitions) {
      Stamp s = ends.get(p);
      if (s == null || s.read() < ticket) {
        return Optional.empty();
      }
      out.put(p, s.endOffset());
    }
    return Optional.of(out);
  }

  @Override
  public long committed(TopicPartition partition) {
    committedWantedAt.set(System.nanoTime());
    return committed.getOrDefault(partition, -1L);
  }

  private void run() {
    long committedReadAt = System.nanoTime() - COMMITTED_EVERY.toNanos();
    while (running) {
      Set<TopicPartition> batch;
      long read;
      synchronized (lock) {
        if (pending.isEmpty()) {
          try {
            lock.wait(COMMITTED_EVERY.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        batch = new HashSet<>(pending);
        pending.clear();
        read = batch.isEmpty() ? -1 : nextRead++;
      }
      if (!batch.isEmpty()) {
        try {
          Map<TopicPartition, Long> result = consumer.endOffsets(batch, CALL_TIMEOUT);
          result.forEach((p, end) -> ends.merge(p, new Stamp(read, end),
              (old, now) -> now.endOffset() >= old.endOffset() ? now : new Stamp(now.read(), old.endOffset())));
        } catch (RuntimeException e) {
          // Leader moving, broker away: keep the enquiries held and ask again with a later read.
          LOG.warn("reading suppression end offsets failed ({}); retrying", e.getClass().getSimpleName());
          onFailure.run();
          synchronized (lock) {
            pending.addAll(batch);
          }
          pause();
        }
      }
      long now = System.nanoTime();
      if (now - committedWantedAt.get() < TimeUnit.SECONDS.toNanos(1)
          && now - committedReadAt >= COMMITTED_EVERY.toNanos()) {
        committedReadAt = now;
        readCommitted();
      }
    }
  }

  private void readCommitted() {
    try {
      // Without requireStable the coordinator answers with each partition's last committed offset,
      // leaving out offsets in a transaction still open: a sound lower bound of what the task
      // applied. With it, the partitions of a task that commits every interval (as a ticking
      // barrier does) were refused as unstable almost every time (docs/cluster.md).
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(
              groupId, new ListConsumerGroupOffsetsOptions().requireStable(false))
          .partitionsToOffsetAndMetadata().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      offsets.forEach((p, o) -> {
        if (o != null) {
          committed.merge(p, o.offset(), Math::max);
        }
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } catch (Exception e) {
      LOG.warn("reading the router's committed offsets failed ({}); retrying", e.getClass().getSimpleName());
      onFailure.run();
    }
  }

  private void pause() {
    try {
      Thread.sleep(100); // a failed read is not retried in a tight loop
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    synchronized (lock) {
      lock.notifyAll();
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
  }
}
