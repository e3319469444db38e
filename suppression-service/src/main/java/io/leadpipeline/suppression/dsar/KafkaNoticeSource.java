package io.leadpipeline.suppression.dsar;

import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the notice topics of the partners a person went to, committed records only, from the
 * start to their current end, and keeps the notices naming the person's leads. Notice topics are
 * keyed by notice id, not by person, so each is read whole: the cost grows with those partners'
 * notices (kept as long as their lead topics), once per access request.
 */
public final class KafkaNoticeSource implements NoticeSource {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private final Map<String, Object> clientConfig;
  private final TopicSerdes serdes;
  private final String prefix;

  public KafkaNoticeSource(Map<String, Object> clientConfig, TopicSerdes serdes, String prefix) {
    this.clientConfig = new HashMap<>(clientConfig);
    this.clientConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.clientConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.clientConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "suppression-service-dsar-notices");
    this.clientConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.serdes = serdes;
    this.prefix = prefix;
  }

  @Override
  public Notices noticesNaming(Map<String, PartnerKind> partners, Set<String> leadIds) {
    List<ContactNotice> found = new ArrayList<>();
    long[] unreadable = {0};
    if (partners.isEmpty()) {
      return new Notices(found, 0);
    }
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(clientConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      for (Map.Entry<String, PartnerKind> p : new java.util.TreeMap<>(partners).entrySet()) {
        TopicSpec<String, ContactNotice> spec = Topics.notices(p.getValue(), p.getKey());
        found.addAll(read(consumer, spec.name(prefix), serdes.value(spec).deserializer(), leadIds, unreadable));
      }
    }
    return new Notices(found, unreadable[0]);
  }

  private static List<ContactNotice> read(
      KafkaConsumer<byte[], byte[]> consumer, String topic, Deserializer<ContactNotice> values, Set<String> leadIds,
      long[] unreadable) {
    List<PartitionInfo> info = consumer.partitionsFor(topic, Duration.ofSeconds(10));
    if (info == null || info.isEmpty()) {
      return List.of(); // no notice topic: the partner was never told anything
    }
    List<TopicPartition> parts = info.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    Map<TopicPartition, Long> end = consumer.endOffsets(parts);
    List<ContactNotice> found = new ArrayList<>();
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("reading " + topic + " took longer than " + DEADLINE.toSeconds() + " s");
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        if (r.value() == null) {
          continue;
        }
        ContactNotice n;
        try {
          n = values.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
          unreadable[0]++; // reported as a count: the report never guesses what it said
          continue;
        }
        if (n.getLeadIds().stream().anyMatch(leadIds::contains)) {
          found.add(n);
        }
      }
    }
    found.sort(Comparator.comparing(ContactNotice::getIssuedAt));
    return found;
  }
}
