package io.leadpipeline.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.router.ordering.OffsetWatch;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The barrier's fallback reads the router group's committed offsets (docs/ordering.md). Under
 * exactly-once the router nearly always has an offset commit in an open transaction; the read must
 * still answer with the last committed offset, or an enquiry waiting on it waits for as long as
 * the router keeps committing.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class OffsetWatchIT {

  @Test
  @Timeout(120)
  void aCommitInAnOpenTransactionLeavesTheLastCommittedOffsetReadable(LocalStack stack) throws Exception {
    String name = "offset-watch-" + UUID.randomUUID().toString().substring(0, 8);
    String group = name + ".router";
    TopicPartition p = new TopicPartition(name + ".suppression", 0);
    stack.createTopics(List.of(new NewTopic(p.topic(), 1, stack.replicationFactor())));
    ConsumerGroupMetadata router = new ConsumerGroupMetadata(group);

    Map<String, Object> c = new HashMap<>(stack.adminConfig());
    c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, name + "-tx");
    AtomicInteger failedReads = new AtomicInteger();
    try (KafkaProducer<byte[], byte[]> tx = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
      tx.initTransactions();
      tx.beginTransaction();
      tx.sendOffsetsToTransaction(Map.of(p, new OffsetAndMetadata(7)), router);
      tx.commitTransaction();

      // The next commit stays open, as the router's does between its commits, from before the
      // watch starts reading until after it has answered.
      tx.beginTransaction();
      tx.sendOffsetsToTransaction(Map.of(p, new OffsetAndMetadata(9)), router);
      try (OffsetWatch watch = new OffsetWatch(stack.adminConfig(), group, failedReads::incrementAndGet)) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
            .until(() -> watch.committed(p) == 7);

        tx.commitTransaction();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
            .until(() -> watch.committed(p) == 9);
      }
    }
    assertThat(failedReads).hasValue(0);
  }
}
