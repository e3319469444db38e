package io.leadpipeline.suppression;

import io.leadpipeline.topics.TopicSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the service's own compacted topics from the beginning into the {@link SuppressionView},
 * then keeps following them. Assigned partitions, no consumer group: every instance reads all.
 * Decoding and failing closed are {@link ViewLoader}'s; this class only polls, rewinds and waits.
 */
public final class ViewFeeder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ViewFeeder.class);
  private static final long FIRST_RETRY_MS = 200;
  private static final long MAX_RETRY_MS = 5_000;

  private final KafkaConsumer<String, byte[]> consumer;
  private final SuppressionView view;
  private final ViewLoader loader;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean started;

  public ViewFeeder(
      Map<String, Object> clientConfig, TopicSerdes serdes, String prefix, SuppressionView view) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "suppression-service-view");
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    this.view = view;
    this.loader = new ViewLoader(view, serdes, prefix);
    this.thread = new Thread(this::run, "suppression-view-feeder");
    this.thread.setDaemon(true);
  }

  public void start() {
    started = true;
    thread.start();
  }

  private void run() {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : loader.topicNames()) {
        List<PartitionInfo> infos = waitForTopic(topic);
        if (infos == null) {
          return;
        }
        infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> target = consumer.endOffsets(partitions);
      long retryMs = FIRST_RETRY_MS;
      while (running) {
        if (apply(consumer.poll(Duration.ofMillis(500)))) {
          retryMs = FIRST_RETRY_MS;
        } else {
          pause(retryMs);
          retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
        }
        if (!view.caughtUp() && target.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          view.markCaughtUp();
          log.info("suppression view caught up with {} partitions", partitions.size());
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("suppression view feeder stopped: {}", e.getClass().getName());
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /**
   * Applies a batch in offset order per partition. When a record must wait for the registry, every
   * partition of the batch is rewound to its first record not applied, so nothing is skipped.
   *
   * @return false when the batch stopped at a record to retry
   */
  private boolean apply(ConsumerRecords<String, byte[]> batch) {
    Map<TopicPartition, Long> next = new HashMap<>();
    for (TopicPartition tp : batch.partitions()) {
      next.put(tp, batch.records(tp).get(0).offset());
    }
    for (TopicPartition tp : batch.partitions()) {
      for (ConsumerRecord<String, byte[]> r : batch.records(tp)) {
        if (loader.load(r.topic(), r.partition(), r.offset(), r.key(), r.value()) == ViewLoader.Result.RETRY) {
          next.forEach(consumer::seek);
          return false;
        }
        next.put(tp, r.offset() + 1);
      }
    }
    return true;
  }

  private void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private List<PartitionInfo> waitForTopic(String topic) {
    while (running) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos != null && !infos.isEmpty()) {
        return infos;
      }
      log.warn("waiting for topic {} to exist", topic);
    }
    return null;
  }

  @Override
  public void close() {
    running = false;
    if (!started) {
      consumer.close(Duration.ZERO);
      return;
    }
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
