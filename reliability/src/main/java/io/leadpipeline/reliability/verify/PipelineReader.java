package io.leadpipeline.reliability.verify;

import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.PartnerDecision;
import io.leadpipeline.avro.PartnerStatus;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads what the pipeline committed, as a partner or an auditor would (read_committed, from the
 * beginning, up to the last stable offset at the time of the call), into the verifier's values.
 */
public final class PipelineReader {
  /** The header the router puts the dead-letter reason in. */
  public static final String DLQ_REASON = "dlq.reason";

  private final Map<String, Object> clientConfig;
  private final TopicSerdes serdes;
  private final String prefix;

  public PipelineReader(Map<String, Object> clientConfig, TopicSerdes serdes, String prefix) {
    this.clientConfig = Map.copyOf(clientConfig);
    this.serdes = serdes;
    this.prefix = prefix;
  }

  public List<RoutingDecision> routingDecisions() {
    return values(Topics.LEAD_DECISIONS);
  }

  public List<Run.Decision> decisions() {
    return routingDecisions().stream().map(PipelineReader::decision).toList();
  }

  public static Run.Decision decision(RoutingDecision d) {
    return new Run.Decision(
        d.getEnquiryId(), d.getOutcome().name(), partners(d, PartnerStatus.CHOSEN), partners(d, PartnerStatus.DEFERRED));
  }

  private static Set<String> partners(RoutingDecision d, PartnerStatus status) {
    return d.getPartners().stream().filter(p -> p.getStatus() == status).map(PartnerDecision::getPartnerId)
        .collect(Collectors.toSet());
  }

  public List<Run.Lead> leads(List<TopicSpec<String, Lead>> partnerTopics) {
    List<Run.Lead> leads = new ArrayList<>();
    for (TopicSpec<String, Lead> topic : partnerTopics) {
      for (Lead l : values(topic)) {
        leads.add(new Run.Lead(l.getLeadId(), l.getEnquiryId(), l.getPartnerId(),
            l.getContact().getPhone(), l.getMarketingPermitted(), l.getRoutedAt()));
      }
    }
    return leads;
  }

  public List<Run.DeadLetter> deadLetters() {
    List<Run.DeadLetter> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : raw(Topics.ENQUIRIES_DLQ.name(prefix))) {
      Header reason = r.headers().lastHeader(DLQ_REASON);
      out.add(new Run.DeadLetter(
          r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8),
          reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8)));
    }
    return out;
  }

  /** Every committed value on a catalogue topic. */
  public <V> List<V> values(TopicSpec<String, V> topic) {
    Deserializer<V> values = serdes.value(topic).deserializer();
    String name = topic.name(prefix);
    List<V> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : raw(name)) {
      out.add(r.value() == null ? null : values.deserialize(name, r.value()));
    }
    return out;
  }

  /** How many records {@code topic} holds now: the sum of its partitions' end offsets. */
  public long size(String topic) {
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      return consumer.endOffsets(parts, Duration.ofSeconds(30)).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Every committed record of {@code topic} up to its last stable offset now. */
  public List<ConsumerRecord<byte[], byte[]>> raw(String topic) {
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end within 2 minutes");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
