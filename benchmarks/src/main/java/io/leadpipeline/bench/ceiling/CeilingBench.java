package io.leadpipeline.bench.ceiling;

import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.bench.latency.DrainCounter;
import io.leadpipeline.bench.latency.OutputWatch;
import io.leadpipeline.bench.load.SyntheticEnquiries;
import io.leadpipeline.bench.stack.BenchStack;
import io.leadpipeline.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The physical limit of this machine: a plain producer writing the very bytes the router's input
 * would hold (the synthetic enquiries in Confluent wire format) and a read_committed consumer
 * reading them, both at full speed, on the same broker and partition count.
 */
public final class CeilingBench {
  private static final int DISTINCT_PAYLOADS = 1_000;

  public record Result(long records, double avgRecordBytes, double producerPerSecond, double consumerPerSecond,
      double endToEndPerSecond) {
    /** What an application that reads and writes every record could do at best. */
    public double ceilingPerSecond() {
      return Math.min(producerPerSecond, consumerPerSecond);
    }
  }

  private CeilingBench() {}

  public static Result run(BenchStack stack, String topic, SyntheticEnquiries people, int records) {
    stack.createTopics(List.of(new NewTopic(topic, Topics.PARTITIONS, (short) 1)));
    byte[][] keys = new byte[DISTINCT_PAYLOADS][];
    byte[][] values = new byte[DISTINCT_PAYLOADS][];
    long bytes = 0;
    try (Serializer<Enquiry> avro = stack.serdes().value(Topics.ENQUIRIES).serializer()) {
      for (int i = 0; i < DISTINCT_PAYLOADS; i++) {
        Enquiry e = people.enquiry(i);
        keys[i] = e.getEnquiryId().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        values[i] = avro.serialize(topic, e);
        bytes += keys[i].length + values[i].length;
      }
    }
    DrainCounter counter = new DrainCounter(records);
    AtomicReference<Exception> failed = new AtomicReference<>();
    double producerRate;
    try (OutputWatch watch = new OutputWatch(stack.committedReaderConfig(), List.of(topic), false, counter);
        KafkaProducer<byte[], byte[]> producer = stack.rawProducer(Map.of(
            // Batched as hard as Kafka Streams batches its own writes (linger.ms=100 by default).
            ProducerConfig.LINGER_MS_CONFIG, 100, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024))) {
      long start = System.nanoTime();
      for (int i = 0; i < records; i++) {
        int p = i % DISTINCT_PAYLOADS;
        producer.send(new ProducerRecord<>(topic, keys[p], values[p]), (m, ex) -> {
          if (ex != null) {
            failed.compareAndSet(null, ex);
          }
        });
      }
      producer.flush();
      producerRate = records * 1e9 / (System.nanoTime() - start);
      if (!counter.await(watch, Duration.ofMinutes(3))) {
        throw new IllegalStateException("ceiling: only " + counter.count() + " of " + records + " records came back");
      }
      if (failed.get() != null) {
        throw new IllegalStateException("ceiling: a send failed", failed.get());
      }
      DrainCounter.Drain drain = counter.result(start);
      return new Result(records, (double) bytes / DISTINCT_PAYLOADS, producerRate, consumerOnly(stack, topic, records),
          records / drain.seconds());
    }
  }

  /** A fresh consumer reading the whole topic from the start: records per second. */
  private static double consumerOnly(BenchStack stack, String topic, int records) {
    DrainCounter counter = new DrainCounter(records);
    long start;
    try (OutputWatch watch = new OutputWatch(stack.committedReaderConfig(), List.of(topic), false, counter)) {
      start = System.nanoTime(); // positioned: what follows is fetching only
      if (!counter.await(watch, Duration.ofMinutes(3))) {
        throw new IllegalStateException("ceiling: the consumer read only " + counter.count() + " of " + records);
      }
    }
    return records / counter.result(start).seconds();
  }
}
