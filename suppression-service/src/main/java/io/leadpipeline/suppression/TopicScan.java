package io.leadpipeline.suppression;

import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads whole topics, committed records only, from their start to the end they had when the read
 * began: how a data-subject request finds what was sent about a person on topics that are not
 * keyed by person. A value that does not decode is counted, never guessed at. One scan per
 * request; not thread-safe.
 */
public final class TopicScan implements AutoCloseable {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final TopicSerdes serdes;
  private final String prefix;
  private long unreadable;

  /** A scan with the service's client settings, under its own client id and no consumer group. */
  public TopicScan(Map<String, Object> clientConfig, String clientId, TopicSerdes serdes, String prefix) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.serdes = serdes;
    this.prefix = prefix;
  }

  /** The values of {@code spec}'s topic that {@code keep} accepts; none when the topic does not exist yet. */
  public <V> List<V> read(TopicSpec<String, V> spec, Predicate<V> keep) {
    String topic = spec.name(prefix);
    Deserializer<V> values = serdes.value(spec).deserializer();
    List<PartitionInfo> info = consumer.partitionsFor(topic, Duration.ofSeconds(10));
    if (info == null || info.isEmpty()) {
      return List.of(); // no topic yet: nothing was ever written to it
    }
    List<TopicPartition> parts = info.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    Map<TopicPartition, Long> end = consumer.endOffsets(parts);
    List<V> found = new ArrayList<>();
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("reading " + topic + " took longer than " + DEADLINE.toSeconds() + " s");
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        if (r.value() == null) {
          continue;
        }
        V v;
        try {
          v = values.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
          unreadable++; // reported as a count: the report never guesses what it said
          continue;
        }
        if (keep.test(v)) {
          found.add(v);
        }
      }
    }
    return found;
  }

  /** How many values did not decode so far. */
  public long unreadable() {
    return unreadable;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
