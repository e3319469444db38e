package io.leadpipeline.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

class RouterShapeTest {
  private static final String PREFIX = "t.";
  private static final String APP = "shape";

  /** What one enquiry makes the shape write, topic by topic: the router's budget (docs/BENCHMARKS.md). */
  @Test
  void writesTheRoutersRecordsForEachEnquiry() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try (TopologyTestDriver driver = new TopologyTestDriver(RouterShape.buildTopology(PREFIX + "enquiries", PREFIX), p)) {
      TestInputTopic<byte[], byte[]> in =
          driver.createInputTopic(PREFIX + "enquiries", new ByteArraySerializer(), new ByteArraySerializer());
      int enquiries = 8;
      for (int i = 0; i < enquiries; i++) {
        in.pipeInput(("k" + i).getBytes(), ("an enquiry's bytes " + i).getBytes());
      }
      Map<String, Integer> written = new HashMap<>();
      Map<String, Integer> bytes = new HashMap<>();
      Map<String, Set<String>> enquiryIds = new HashMap<>();
      for (String topic : driver.producedTopicNames()) {
        var out = driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
        written.put(topic, out.size());
        bytes.put(topic, out.stream().mapToInt(r -> r.value() == null ? 0 : r.value().length).max().orElse(0));
        if (RouterShape.outputTopics(PREFIX).contains(topic)) {
          out.forEach(r -> enquiryIds.computeIfAbsent(topic, t -> new TreeSet<>()).add(RouterShape.enquiryId(r.value())));
        }
      }
      // A latency run tells each output's enquiry by the id at its front.
      assertThat(enquiryIds.get(RouterShape.decisionTopic(PREFIX)))
          .containsExactlyElementsOf(IntStream.range(0, enquiries).mapToObj(i -> "k" + i).toList());
      assertThat(written).containsEntry(RouterShape.decisionTopic(PREFIX), enquiries)
          .containsEntry(APP + "-by-phone-repartition", enquiries)
          .containsEntry(APP + "-by-subject-repartition", enquiries)
          .containsEntry(APP + "-allocation-repartition", enquiries)
          .containsEntry(APP + "-shape-hold-changelog", 2 * enquiries)
          .containsEntry(APP + "-shape-decided-changelog", enquiries)
          .containsEntry(APP + "-shape-introductions-changelog", 2 * enquiries)
          .containsEntry(APP + "-shape-offered-enquiries-changelog", enquiries)
          .containsEntry(APP + "-shape-offered-leads-changelog", 3 * enquiries);
      int leads = RouterShape.outputTopics(PREFIX).stream()
          .filter(t -> !t.equals(RouterShape.decisionTopic(PREFIX)))
          .mapToInt(t -> written.getOrDefault(t, 0)).sum();
      assertThat(leads).isEqualTo(3 * enquiries);
      assertThat(written.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(16 * enquiries);
      assertThat(bytes).containsEntry(APP + "-by-subject-repartition", RouterShape.SCREENED_BYTES)
          .containsEntry(RouterShape.decisionTopic(PREFIX), RouterShape.DECISION_BYTES);
    }
  }

  @Test
  void spreadsKeysAsTheRoutersHashedKeysAre() {
    List<String> keys = List.of(
        RouterShape.hashKey("a".getBytes(), 1), RouterShape.hashKey("b".getBytes(), 1), RouterShape.hashKey("a".getBytes(), 2));
    assertThat(keys).doesNotHaveDuplicates().allSatisfy(k -> assertThat(k).hasSize(64));
  }
}
