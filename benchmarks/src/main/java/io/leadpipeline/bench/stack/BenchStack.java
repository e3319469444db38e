package io.leadpipeline.bench.stack;

import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.bench.load.SyntheticEnquiries;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The local real broker and registry, and the clients every phase uses on them. */
public final class BenchStack implements AutoCloseable {
  private final LocalStack stack;
  private final TopicSerdes serdes;

  private BenchStack(LocalStack stack) {
    this.stack = stack;
    this.serdes = TopicSerdes.forRegistry(stack.schemaRegistryUrl());
  }

  public static BenchStack start(Path logDir) {
    return new BenchStack(LocalStack.builder().logDir(logDir).progress(Progress::line).build().start());
  }

  public String bootstrapServers() {
    return stack.bootstrapServers();
  }

  public String schemaRegistryUrl() {
    return stack.schemaRegistryUrl();
  }

  public TopicSerdes serdes() {
    return serdes;
  }

  /**
   * Creates the topics and waits until the broker names a leader for every partition: an
   * idempotent producer that writes to a partition whose leader is not known yet can be told
   * NOT_LEADER_OR_FOLLOWER, then OUT_OF_ORDER_SEQUENCE_NUMBER on every retry, for ever.
   */
  public void createTopics(List<NewTopic> topics) {
    stack.createTopics(topics);
    List<String> names = topics.stream().map(NewTopic::name).toList();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    try (Admin admin = Admin.create(stack.adminConfig())) {
      while (true) {
        try {
          List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
          admin.describeTopics(names).allTopicNames().get().values().forEach(t -> t.partitions()
              .forEach(p -> partitions.add(new org.apache.kafka.common.TopicPartition(t.name(), p.partition()))));
          // ListOffsets is answered by the partition's leader itself, so it succeeds only once the
          // broker really leads it, not merely once the metadata names a leader.
          Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
          partitions.forEach(tp -> latest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
          admin.listOffsets(latest).all().get();
          return;
        } catch (java.util.concurrent.ExecutionException e) {
          if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)) {
            throw e;
          }
          // created on the controller, not yet led by the broker
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no leader for every partition of " + names + " within 30 s");
        }
        Thread.sleep(50);
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("cannot describe " + names, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The catalogue's fixed topics under {@code prefix}, as a deployment would create them. */
  public void createCatalogue(String prefix) {
    List<NewTopic> topics = new ArrayList<>();
    for (TopicSpec<?, ?> spec : Topics.fixed()) {
      topics.add(spec.newTopic(prefix, (short) 1));
    }
    createTopics(topics);
  }

  /** What a website backend would use: acks=all, idempotent, a little batching. */
  public Map<String, Object> producerConfig() {
    Map<String, Object> c = new HashMap<>();
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    osSocketBuffers(c);
    return c;
  }

  /**
   * The load generator's and the watchers' TCP buffers sized by the operating system, as the
   * router's are: with the clients' fixed 32–64 KiB the kernel dropped segments on loopback and a
   * retransmission timeout (200 ms or more) landed in the figures.
   */
  private static void osSocketBuffers(Map<String, Object> c) {
    c.put(CommonClientConfigs.RECEIVE_BUFFER_CONFIG, -1);
    c.put(CommonClientConfigs.SEND_BUFFER_CONFIG, -1);
  }

  /** A partner's view: read_committed, no group, positions set by the caller. */
  public Map<String, Object> committedReaderConfig() {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    osSocketBuffers(c);
    return c;
  }

  public KafkaProducer<String, Enquiry> enquiryProducer() {
    return new KafkaProducer<>(
        producerConfig(), serdes.key(Topics.ENQUIRIES).serializer(), serdes.value(Topics.ENQUIRIES).serializer());
  }

  public KafkaProducer<byte[], byte[]> rawProducer(Map<String, Object> overrides) {
    Map<String, Object> c = producerConfig();
    c.putAll(overrides);
    c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaProducer<>(c);
  }

  /** Writes enquiries {@code from} .. {@code from + count - 1} to {@code topic} and waits for every ack. */
  public void produceEnquiries(String topic, SyntheticEnquiries people, long from, long count) {
    AtomicReference<Exception> failed = new AtomicReference<>();
    try (KafkaProducer<String, Enquiry> producer = enquiryProducer()) {
      for (long i = from; i < from + count; i++) {
        Enquiry e = people.enquiry(i);
        producer.send(new ProducerRecord<>(topic, e.getEnquiryId(), e), (m, ex) -> {
          if (ex != null) {
            failed.compareAndSet(null, ex);
          }
        });
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw new IllegalStateException("could not write the input enquiries", failed.get());
    }
  }

  @Override
  public void close() {
    stack.close();
  }
}
