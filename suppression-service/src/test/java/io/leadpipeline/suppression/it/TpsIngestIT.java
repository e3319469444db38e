package io.leadpipeline.suppression.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.TpsFileKind;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.suppression.KafkaSuppressionLog;
import io.leadpipeline.suppression.SuppressionView;
import io.leadpipeline.suppression.Suppressions;
import io.leadpipeline.suppression.ops.ServiceMetrics;
import io.leadpipeline.suppression.tps.RegisterStore;
import io.leadpipeline.suppression.tps.TpsIngest;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.Topics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million-number register on the real broker: the first full load publishes every number, the
 * next full file (1% removed, 1% added) publishes only the difference, tombstones included.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(300)
class TpsIngestIT {
  private static final String PREFIX = "tps-it.";
  private static final int NUMBERS = 1_000_000;
  private static final int CHURN = 10_000;
  private static final long FIRST = 442070000000L; // +44 20 7000 0000: London numbers libphonenumber accepts

  @Test
  void aMillionNumbersLoadThenOnlyTheDifferenceIsPublished(LocalStack stack, @TempDir Path dir) throws IOException {
    stack.createTopics(List.of(
        Topics.SUPPRESSION_TPS.newTopic(PREFIX, (short) 1),
        Topics.SUPPRESSION_TPS_LOADS.newTopic(PREFIX, (short) 1),
        Topics.SUPPRESSION_AUDIT.newTopic(PREFIX, (short) 1)));
    SubjectKeys keys = new SubjectKeys("it-subject-key-secret-0123456789");
    Path first = dir.resolve("tps-full-1.txt");
    Path second = dir.resolve("tps-full-2.txt");
    // File 1: numbers 0..N-1. File 2: drops the first CHURN, adds CHURN past the end.
    write(first, 0, NUMBERS);
    write(second, CHURN, NUMBERS + CHURN);

    TopicSerdes serdes = TopicSerdes.forRegistry(stack.schemaRegistryUrl());
    TopicReader reader = new TopicReader(stack.bootstrapServers());
    SuppressionView view = new SuppressionView();
    view.markCaughtUp();
    try (KafkaSuppressionLog log = new KafkaSuppressionLog(Map.of("bootstrap.servers", stack.bootstrapServers()), serdes, PREFIX);
        ServiceMetrics metrics = new ServiceMetrics()) {
      TpsIngest ingest = new TpsIngest(new RegisterStore(dir.resolve("state")), new Suppressions(log, view, metrics, Clock.systemUTC()), keys, metrics, Clock.systemUTC());

      TpsIngest.Result r1 = load(ingest, first);
      assertThat(r1.numbers()).isEqualTo(NUMBERS);
      assertThat(r1.added()).isEqualTo(NUMBERS);
      assertThat(r1.recordsWritten()).isEqualTo(NUMBERS);
      String topic = Topics.SUPPRESSION_TPS.name(PREFIX);
      assertThat(reader.endOffsetSum(topic)).isEqualTo(NUMBERS);
      System.out.printf("TPS ingest IT: first full load of %,d numbers in %,d ms%n", NUMBERS, r1.took().toMillis());

      Map<TopicPartition, Long> before = reader.endOffsets(topic);
      TpsIngest.Result r2 = load(ingest, second);
      System.out.printf("TPS ingest IT: second full load (%,d removed, %,d added) in %,d ms%n", CHURN, CHURN, r2.took().toMillis());
      assertThat(r2.added()).isEqualTo(CHURN);
      assertThat(r2.removed()).isEqualTo(CHURN);
      assertThat(r2.numbers()).isEqualTo(NUMBERS);

      List<ConsumerRecord<String, byte[]>> delta = reader.readFrom(topic, before);
      assertThat(delta).hasSize(2 * CHURN);
      Set<String> tombstoned = new HashSet<>();
      Set<String> added = new HashSet<>();
      delta.forEach(rec -> (rec.value() == null ? tombstoned : added).add(rec.key()));
      assertThat(tombstoned).hasSize(CHURN).contains(keys.ofE164("+" + FIRST), keys.ofE164("+" + (FIRST + CHURN - 1)));
      assertThat(added).hasSize(CHURN).contains(keys.ofE164("+" + (FIRST + NUMBERS)), keys.ofE164("+" + (FIRST + NUMBERS + CHURN - 1)));
      assertThat(metrics.scrape()).contains("tps_ingest_lines_total{register=\"TPS\",result=\"accepted\"} 2000000.0");
    }
  }

  private static TpsIngest.Result load(TpsIngest ingest, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return ingest.ingest(Register.TPS, TpsFileKind.FULL, file.getFileName().toString(), in, "cli/it", (s, l, b) -> {});
    }
  }

  private static void write(Path file, int from, int to) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      for (int i = from; i < to; i++) {
        w.write("+");
        w.write(Long.toString(FIRST + i));
        w.write(",2024-03-01\n");
      }
    }
  }
}
