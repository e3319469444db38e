package io.leadpipeline.bench.latency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A read_committed consumer on its own thread that tells a listener about every record the
 * moment it becomes visible — the moment a partner could see it.
 */
public final class OutputWatch implements AutoCloseable {

  /** Told about each record, with {@link System#nanoTime()} at the poll that returned it. */
  @FunctionalInterface
  public interface Listener {
    void seen(ConsumerRecord<byte[], byte[]> record, long nowNanos);
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final CountDownLatch positioned = new CountDownLatch(1);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean running = true;

  /**
   * Watches every partition of {@code topics}, from the end (only what appears from now on) or
   * from the beginning; returns once positioned.
   */
  public OutputWatch(Map<String, Object> config, Collection<String> topics, boolean fromEnd, Listener listener) {
    this.consumer = new KafkaConsumer<>(config);
    this.thread = new Thread(() -> loop(topics, fromEnd, listener), "bench-output-watch");
    thread.setDaemon(true);
    thread.start();
    try {
      if (!positioned.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new IllegalStateException("the output consumer found no position within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("the output consumer failed", failure.get());
    }
  }

  private void loop(Collection<String> topics, boolean fromEnd, Listener listener) {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        consumer.partitionsFor(topic, Duration.ofSeconds(30))
            .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      consumer.assign(partitions);
      if (fromEnd) {
        consumer.seekToEnd(partitions);
      } else {
        consumer.seekToBeginning(partitions);
      }
      partitions.forEach(consumer::position); // resolve now, not lazily at the first poll
      positioned.countDown();
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        long now = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          listener.seen(r, now);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (Throwable t) {
      failure.set(t);
    } finally {
      positioned.countDown();
      consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  /** Set when the consumer died; the caller should stop waiting. */
  public Throwable failure() {
    return failure.get();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
