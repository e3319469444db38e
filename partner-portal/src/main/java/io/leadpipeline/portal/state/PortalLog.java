package io.leadpipeline.portal.state;

import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the portal's records and, for {@link #append}, waits until {@link TopicTail} has read the
 * record back: the caller then sees its write in {@link PortalState}, and for first-wins topics
 * can tell whether its own record is the one that counts.
 */
public final class PortalLog implements AutoCloseable {
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);

  private final KafkaProducer<String, byte[]> producer;
  private final TopicSerdes serdes;
  private final String prefix;
  private final TopicTail tail;
  private final Map<Class<?>, Serializer<Object>> serializers = new HashMap<>();

  /** Kafka did not acknowledge a write, or it was not read back in time: nothing was promised. */
  public static final class WriteFailedException extends RuntimeException {
    public WriteFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public PortalLog(Map<String, Object> kafka, TopicSerdes serdes, String prefix, TopicTail tail) {
    Map<String, Object> config = new HashMap<>(kafka);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis() - 1000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    this.serdes = serdes;
    this.prefix = prefix;
    this.tail = tail;
  }

  /** Writes and waits until the portal's own state holds the record. */
  public <V> RecordMetadata append(TopicSpec<String, V> topic, String key, V value) {
    RecordMetadata written = send(topic, key, value);
    try {
      tail.awaitRead(written.topic(), written.partition(), written.offset(), WRITE_TIMEOUT);
    } catch (TimeoutException e) {
      throw new WriteFailedException("written but not read back: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WriteFailedException("interrupted", e);
    }
    return written;
  }

  /** Writes and waits for the broker's acknowledgement only (audit records). */
  public <V> RecordMetadata send(TopicSpec<String, V> topic, String key, V value) {
    String name = topic.name(prefix);
    byte[] bytes = serializer(topic).serialize(name, value);
    try {
      return producer.send(new ProducerRecord<>(name, key, bytes)).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new WriteFailedException("not acknowledged by Kafka: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WriteFailedException("interrupted", e);
    }
  }

  @SuppressWarnings("unchecked")
  private synchronized Serializer<Object> serializer(TopicSpec<String, ?> topic) {
    return serializers.computeIfAbsent(
        topic.valueType(), t -> (Serializer<Object>) serdes.value(topic).serializer());
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
