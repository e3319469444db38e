package io.leadpipeline.bench.router;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * What an application appends to the broker per enquiry: the end offsets of every topic under a
 * prefix, read before it starts and after it drained its backlog. Offsets count records and, under
 * exactly-once, the transaction markers each commit writes into every partition it wrote. A broker
 * does work for each, so the count bounds throughput as surely as the stream thread does: an
 * application appending n offsets per enquiry cannot pass the ceiling ÷ n.
 */
public final class RecordBudget {
  private final Admin admin;
  private final String prefix;
  private final Map<String, Long> before;

  private RecordBudget(Admin admin, String prefix) throws Exception {
    this.admin = admin;
    this.prefix = prefix;
    this.before = endOffsets();
  }

  /** Reads the end offsets under {@code prefix} now; {@link #appended} compares with them. */
  public static RecordBudget start(Admin admin, String prefix) throws Exception {
    return new RecordBudget(admin, prefix);
  }

  /** Offsets appended to each topic since the start, for topics that grew. */
  public Map<String, Long> appended() throws Exception {
    Map<String, Long> grown = new TreeMap<>();
    endOffsets().forEach((topic, end) -> {
      long n = end - before.getOrDefault(topic, 0L);
      if (n > 0) {
        grown.put(topic, n);
      }
    });
    return grown;
  }

  /** Offsets appended, summed by kind of topic (see {@link #kind}), in a stable order. */
  public static Map<String, Long> byKind(Map<String, Long> appended) {
    Map<String, Long> byKind = new TreeMap<>();
    appended.forEach((topic, n) -> byKind.merge(kind(topic), n, Long::sum));
    return byKind;
  }

  /** The kind of a topic under the prefix, by the names the router and Kafka Streams give them. */
  static String kind(String topic) {
    if (topic.endsWith("-repartition")) {
      return "internal hops (repartition topics)";
    }
    if (topic.endsWith("-changelog")) {
      return "state (changelog topics)";
    }
    if (topic.contains("leads.landlord.") || topic.contains("leads.operator.")) {
      return "leads";
    }
    if (topic.endsWith("lead-decisions")) {
      return "decisions";
    }
    if (topic.endsWith("enquiries-out")) {
      return "copies (the passthrough's output)";
    }
    return "other (" + topic + ")";
  }

  private Map<String, Long> endOffsets() throws ExecutionException, InterruptedException {
    List<String> topics = admin.listTopics().names().get().stream()
        .filter(t -> t.startsWith(prefix))
        .sorted()
        .toList();
    Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get();
    Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
    described.values().forEach(d -> d.partitions().forEach(
        p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
    return admin.listOffsets(latest).all().get().entrySet().stream()
        .collect(Collectors.groupingBy(e -> e.getKey().topic(), TreeMap::new,
            Collectors.summingLong(e -> e.getValue().offset())));
  }
}
