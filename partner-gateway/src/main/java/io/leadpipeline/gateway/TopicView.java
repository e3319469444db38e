package io.leadpipeline.gateway;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole topic read from the beginning and kept up to date on a thread of its own, like a global
 * table: every gateway instance sees every partner, every suppression fact and every delivery
 * state, whichever partitions of the lead topics it owns. Read committed.
 */
final class TopicView<V> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicView.class);

  private final String topic;
  private final KafkaConsumer<String, V> consumer;
  private final BiConsumer<String, V> apply;
  private final Thread thread;
  private final Map<TopicPartition, Long> position = new ConcurrentHashMap<>();
  private volatile Map<TopicPartition, Long> startEnd = Map.of();
  private volatile boolean running = true;

  TopicView(String topic, Map<String, Object> client, Deserializer<V> values, BiConsumer<String, V> apply) {
    this.topic = topic;
    Map<String, Object> c = new HashMap<>(client);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), values);
    this.apply = apply;
    this.thread = new Thread(this::run, "view-" + topic);
    this.thread.setDaemon(true);
  }

  void start() {
    List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    startEnd = Map.copyOf(consumer.endOffsets(parts));
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(100))) {
          apply.accept(r.key(), r.value());
        }
        for (TopicPartition tp : consumer.assignment()) {
          position.put(tp, consumer.position(tp));
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("reading {} failed; the gateway holds deliveries until restarted", topic, e);
      running = false;
    } finally {
      consumer.close();
    }
  }

  /** True once everything committed before the view started has been read. */
  boolean caughtUp() {
    return running && reached(startEnd);
  }

  boolean healthy() {
    return running;
  }

  /** True once the view has read up to {@code ends} (offsets of this topic's partitions). */
  boolean reached(Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      if (position.getOrDefault(e.getKey(), -1L) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  String topic() {
    return topic;
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
