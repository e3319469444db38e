package io.leadpipeline.suppression;

import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One idempotent producer with {@code acks=all} for every topic the service writes. Values are
 * serialised with the catalogue's serdes before they reach the producer, so one producer serves
 * every record type.
 */
public final class KafkaSuppressionLog implements SuppressionLog {
  private final KafkaProducer<String, byte[]> producer;
  private final TopicSerdes serdes;
  private final String prefix;
  private final Map<String, Serializer<?>> serializers = new ConcurrentHashMap<>();
  /** Outcome of the newest append: null until the first one, then whether it was acknowledged. */
  private volatile Boolean lastAcknowledged;

  public KafkaSuppressionLog(Map<String, Object> clientConfig, TopicSerdes serdes, String prefix) {
    Map<String, Object> config = new HashMap<>();
    // Defaults chosen for "a 2xx means it is durable"; kafka.* settings may tighten them.
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.putAll(clientConfig);
    // Not overridable: the API's promise rests on them.
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "suppression-service");
    this.producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    this.serdes = serdes;
    this.prefix = prefix;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> CompletableFuture<Ack> append(TopicSpec<String, V> topic, String key, V value) {
    String name = topic.name(prefix);
    Serializer<V> serializer =
        (Serializer<V>) serializers.computeIfAbsent(topic.baseName(), n -> serdes.value(topic).serializer());
    CompletableFuture<Ack> done = new CompletableFuture<>();
    try {
      byte[] bytes = value == null ? null : serializer.serialize(name, value);
      producer.send(
          new ProducerRecord<>(name, key, bytes),
          (metadata, error) -> {
            lastAcknowledged = error == null;
            if (error != null) {
              done.completeExceptionally(error);
            } else {
              done.complete(
                  new Ack(
                      name,
                      metadata.partition(),
                      metadata.offset(),
                      Instant.ofEpochMilli(metadata.timestamp())));
            }
          });
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
    return done;
  }

  @Override
  public void flush() {
    producer.flush();
  }

  @Override
  public boolean available() {
    Boolean last = lastAcknowledged;
    if (last != null) {
      return last;
    }
    try {
      // Before the first write: asking for a partition list proves the broker answers.
      producer.partitionsFor(Topics.SUPPRESSION_AUDIT.name(prefix));
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
