package io.leadpipeline.router.it;

import io.leadpipeline.config.Settings;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.router.Fixtures;
import io.leadpipeline.router.RouterConfig;
import io.leadpipeline.serde.ConfluentAvroDeserializer;
import io.leadpipeline.serde.ConfluentAvroSerializer;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the integration tests share: a topic prefix of their own on the one local stack. */
final class ItSupport {
  final LocalStack stack;
  final String prefix;
  final Path stateDir;

  ItSupport(LocalStack stack, String name) {
    this.stack = stack;
    this.prefix = name + "-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    try {
      this.stateDir = Files.createTempDirectory("router-it-state");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    List<org.apache.kafka.clients.admin.NewTopic> topics = new ArrayList<>();
    for (TopicSpec<?, ?> t : Topics.fixed()) {
      topics.add(t.newTopic(prefix, (short) 1));
    }
    stack.createTopics(topics);
  }

  Map<String, String> settingsMap(Map<String, String> extra) {
    Map<String, String> m = new HashMap<>(RouterConfig.DEFAULTS);
    m.put("bootstrap.servers", stack.bootstrapServers());
    m.put("schema.registry.url", stack.schemaRegistryUrl());
    m.put("topic.prefix", prefix);
    m.put("subject.key.secret", Fixtures.SECRET);
    m.put("application.id", prefix + "router");
    m.put("state.dir", stateDir.toString());
    m.put("http.port", "0");
    m.put("replication.factor", "1");
    m.put("suppression.max-register-age", "0");
    m.putAll(extra);
    return m;
  }

  Settings settings(Map<String, String> extra) {
    return Settings.of(settingsMap(extra));
  }

  KafkaProducer<String, SpecificRecord> producer() {
    Map<String, Object> p = new HashMap<>(stack.adminConfig());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    ConfluentAvroSerializer<SpecificRecord> values =
        new ConfluentAvroSerializer<>(Map.of("schema.registry.url", stack.schemaRegistryUrl()), false);
    return new KafkaProducer<>(p, new StringSerializer(), values);
  }

  KafkaProducer<byte[], byte[]> rawProducer() {
    Map<String, Object> p = new HashMap<>(stack.adminConfig());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new org.apache.kafka.common.serialization.ByteArraySerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer());
  }

  /** Everything committed on {@code topic} so far, read until {@code done} holds or the timeout. */
  <V> List<ConsumerRecord<String, V>> readCommitted(
      String topic, Class<V> type, Duration timeout, Predicate<List<ConsumerRecord<String, V>>> done) {
    Map<String, Object> c = new HashMap<>(stack.adminConfig());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    ConfluentAvroDeserializer<V> values = new ConfluentAvroDeserializer<>(type);
    values.configure(Map.of("schema.registry.url", stack.schemaRegistryUrl()), false);
    List<ConsumerRecord<String, V>> out = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(c, new StringDeserializer(), values)) {
      List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        if (done.test(out)) {
          break;
        }
      }
    }
    return out;
  }

  List<ConsumerRecord<byte[], byte[]>> readRaw(String topic, Duration timeout, int atLeast) {
    Map<String, Object> c = new HashMap<>(stack.adminConfig());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline && out.size() < atLeast) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  Path partnersFile(String json) {
    try {
      Path f = Files.createTempFile("partners", ".json");
      Files.writeString(f, json);
      return f;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
