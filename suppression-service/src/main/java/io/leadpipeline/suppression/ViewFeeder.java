package io.leadpipeline.suppression;

import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the service's own compacted topics from the beginning into the {@link SuppressionView},
 * then keeps following them. Assigned partitions, no consumer group: every instance reads all.
 */
public final class ViewFeeder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ViewFeeder.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final SuppressionView view;
  private final Map<String, TopicSpec<String, ?>> byName = new HashMap<>();
  private final Map<String, Deserializer<?>> deserializers = new HashMap<>();
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
    for (TopicSpec<String, ?> topic : SuppressionView.TOPICS) {
      byName.put(topic.name(prefix), topic);
      deserializers.put(topic.name(prefix), serdes.value(topic).deserializer());
    }
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
      for (String topic : byName.keySet()) {
        List<PartitionInfo> infos = waitForTopic(topic);
        if (infos == null) {
          return;
        }
        infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> target = consumer.endOffsets(partitions);
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          apply(r);
        }
        if (!view.caughtUp() && target.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          view.markCaughtUp();
          log.info("suppression view caught up with {} partitions", partitions.size());
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("suppression view feeder stopped: {}", e.toString());
    } finally {
      consumer.close(Duration.ofSeconds(5));
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

  private void apply(ConsumerRecord<String, byte[]> r) {
    TopicSpec<String, ?> topic = byName.get(r.topic());
    Object value;
    try {
      value = r.value() == null ? null : deserializers.get(r.topic()).deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      // The service wrote this record; failing here would stop the view, so skip and say so.
      log.error("skipping undecodable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
      return;
    }
    view.apply(topic, r.key(), value, r.offset());
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
