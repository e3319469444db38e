package io.leadpipeline.suppression.dsar;

import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.Topics;
import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads a subject's decisions: {@code lead-decisions} is keyed by subject key, so all of them are
 * in the one partition the default partitioner picks for that key, which is read from the start
 * to its current end. Cost grows with that partition (retention is unlimited): a sixth of the
 * topic per request.
 */
public final class KafkaDecisionSource implements DecisionSource {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private final Map<String, Object> clientConfig;
  private final Deserializer<RoutingDecision> deserializer;
  private final String topic;

  public KafkaDecisionSource(Map<String, Object> clientConfig, TopicSerdes serdes, String prefix) {
    this.clientConfig = new HashMap<>(clientConfig);
    this.clientConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.clientConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.clientConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "suppression-service-dsar");
    this.clientConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.deserializer = serdes.value(Topics.LEAD_DECISIONS).deserializer();
    this.topic = Topics.LEAD_DECISIONS.name(prefix);
  }

  @Override
  public Decisions decisionsFor(String subjectKey) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(clientConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (partitions == null || partitions.isEmpty()) {
        return new Decisions(List.of(), 0); // the router has not written any decision yet
      }
      int p = Utils.toPositive(Utils.murmur2(subjectKey.getBytes(StandardCharsets.UTF_8))) % partitions.size();
      TopicPartition tp = new TopicPartition(topic, p);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      List<RoutingDecision> found = new ArrayList<>();
      long unreadable = 0;
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (consumer.position(tp) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("reading lead-decisions took longer than " + DEADLINE.toSeconds() + " s");
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (!subjectKey.equals(r.key()) || r.value() == null) {
            continue;
          }
          try {
            found.add(deserializer.deserialize(r.topic(), r.value()));
          } catch (RuntimeException e) {
            unreadable++;
          }
        }
      }
      return new Decisions(found, unreadable);
    }
  }
}
