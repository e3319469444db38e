package io.leadpipeline.suppression.rectify;

import io.leadpipeline.avro.CorrectionNotice;
import io.leadpipeline.avro.RectificationRequest;
import io.leadpipeline.suppression.Subject;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads {@code requests.rectifications} (7 days) and the partners' correction topics, committed
 * records only, from the start to their current end, once per access request, as
 * {@code KafkaNoticeSource} reads the notice topics.
 */
public final class KafkaRectificationSource implements RectificationSource {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private final Map<String, Object> clientConfig;
  private final TopicSerdes serdes;
  private final String prefix;

  public KafkaRectificationSource(Map<String, Object> clientConfig, TopicSerdes serdes, String prefix) {
    this.clientConfig = new HashMap<>(clientConfig);
    this.clientConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.clientConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.clientConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "suppression-service-dsar-rectifications");
    this.clientConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.serdes = serdes;
    this.prefix = prefix;
  }

  @Override
  public Found requestsOf(Subject subject) {
    Set<String> keys = Set.copyOf(subject.keys());
    long[] unreadable = {0};
    List<RectificationRequest> found;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      found = scan(consumer, Topics.REQUESTS_RECTIFICATIONS,
          r -> isOneOf(r.getSubjectKey(), keys) || isOneOf(r.getPhoneKey(), keys), unreadable);
    }
    return new Found(found, List.of(), unreadable[0]);
  }

  @Override
  public Found correctionsNaming(Set<String> partnerIds, Set<String> leadIds) {
    long[] unreadable = {0};
    List<CorrectionNotice> found = new ArrayList<>();
    if (partnerIds.isEmpty()) {
      return new Found(List.of(), found, 0);
    }
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      for (String partnerId : new TreeSet<>(partnerIds)) {
        found.addAll(scan(consumer, Topics.corrections(partnerId), n -> leadIds.contains(n.getLeadId()), unreadable));
      }
    }
    return new Found(List.of(), found, unreadable[0]);
  }

  /** A request names one key or both: the other is null, which an immutable set cannot be asked about. */
  private static boolean isOneOf(String key, Set<String> keys) {
    return key != null && keys.contains(key);
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    return new KafkaConsumer<>(clientConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private <V> List<V> scan(KafkaConsumer<byte[], byte[]> consumer, TopicSpec<String, V> spec, Predicate<V> keep, long[] unreadable) {
    String topic = spec.name(prefix);
    Deserializer<V> values = serdes.value(spec).deserializer();
    List<PartitionInfo> info = consumer.partitionsFor(topic, Duration.ofSeconds(10));
    if (info == null || info.isEmpty()) {
      return List.of(); // no topic yet: nothing was requested or sent
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
          unreadable[0]++;
          continue;
        }
        if (keep.test(v)) {
          found.add(v);
        }
      }
    }
    return found;
  }
}
