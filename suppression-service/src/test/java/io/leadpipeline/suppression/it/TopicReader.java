package io.leadpipeline.suppression.it;

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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic on the real broker, as raw bytes, up to its end at the time of the call. */
final class TopicReader {
  private final String bootstrap;

  TopicReader(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  private KafkaConsumer<String, byte[]> consumer() {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    return new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** The sum of the end offsets of every partition. */
  long endOffsetSum(String topic) {
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      List<TopicPartition> tps = partitions(consumer, topic);
      return consumer.endOffsets(tps).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  Map<TopicPartition, Long> endOffsets(String topic) {
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      return consumer.endOffsets(partitions(consumer, topic));
    }
  }

  List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    return readFrom(topic, Map.of());
  }

  /** Every record from {@code from} (beginning where absent) to the current end. */
  List<ConsumerRecord<String, byte[]>> readFrom(String topic, Map<TopicPartition, Long> from) {
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      List<TopicPartition> tps = partitions(consumer, topic);
      consumer.assign(tps);
      for (TopicPartition tp : tps) {
        consumer.seek(tp, from.getOrDefault(tp, 0L));
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(tps);
      List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out;
    }
  }

  private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
    List<TopicPartition> tps = new ArrayList<>();
    for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
      tps.add(new TopicPartition(topic, p.partition()));
    }
    return tps;
  }
}
