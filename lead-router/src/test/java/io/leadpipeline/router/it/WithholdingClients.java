package io.leadpipeline.router.it;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Kafka Streams' clients, with a main consumer that can withhold every record of the suppression
 * topics — as a slow fetch, a TPS bulk load or a GC pause would — while the real consumer underneath
 * has fetched them and reports no lag. Its position stays at the first withheld record, so nothing
 * past it is committed; released, the records come out in order at the next poll.
 */
final class WithholdingClients implements KafkaClientSupplier {
  private final String suppressionPrefix;
  private volatile boolean withholding;
  private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> withheld = new LinkedHashMap<>();
  private final AtomicInteger withheldCount = new AtomicInteger();

  /** @param suppressionPrefix the suppression topics' common prefix, e.g. {@code <prefix>suppression.} */
  WithholdingClients(String suppressionPrefix) {
    this.suppressionPrefix = suppressionPrefix;
  }

  void withhold(boolean on) {
    withholding = on;
  }

  /** Suppression records withheld so far (released ones included). */
  int withheldCount() {
    return withheldCount.get();
  }

  @Override
  public Admin getAdmin(Map<String, Object> config) {
    return Admin.create(config);
  }

  @Override
  public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
    Consumer<byte[], byte[]> real = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    @SuppressWarnings("unchecked")
    Consumer<byte[], byte[]> proxy = (Consumer<byte[], byte[]>) Proxy.newProxyInstance(
        Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class}, (p, method, args) -> {
          try {
            if (method.getName().equals("poll") && args != null && args.length == 1 && args[0] instanceof Duration d) {
              return poll(real.poll(d));
            }
            if (method.getName().equals("position") && args != null && args[0] instanceof TopicPartition tp) {
              synchronized (withheld) {
                List<ConsumerRecord<byte[], byte[]>> w = withheld.get(tp);
                if (w != null && !w.isEmpty()) {
                  return w.get(0).offset();
                }
              }
            }
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    return proxy;
  }

  private ConsumerRecords<byte[], byte[]> poll(ConsumerRecords<byte[], byte[]> fetched) {
    Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> out = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>(fetched.nextOffsets());
    synchronized (withheld) {
      if (!withholding) {
        withheld.forEach((tp, records) -> {
          out.computeIfAbsent(tp, k -> new ArrayList<>()).addAll(records);
          next.putIfAbsent(tp, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
        });
        withheld.clear();
      }
      for (TopicPartition tp : fetched.partitions()) {
        List<ConsumerRecord<byte[], byte[]>> records = fetched.records(tp);
        if ((withholding || withheld.containsKey(tp)) && tp.topic().startsWith(suppressionPrefix)) {
          withheld.computeIfAbsent(tp, k -> new ArrayList<>()).addAll(records);
          withheldCount.addAndGet(records.size());
          next.remove(tp);
        } else {
          out.computeIfAbsent(tp, k -> new ArrayList<>()).addAll(records);
        }
      }
    }
    return new ConsumerRecords<>(out, next);
  }

  @Override
  public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
