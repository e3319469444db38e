package io.leadpipeline.router.ordering;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures each broker's clock against the router's, in band: a probe written to a {@code
 * LogAppendTime} topic with one partition per broker comes back stamped by the partition leader's
 * clock, compared with the midpoint of send and acknowledgement on the router's {@link Time} (the
 * same clock Kafka Streams runs on). {@link #releasesAllowed} is false while any broker's last
 * usable sample is beyond ε/2, or no usable sample is younger than {@link #STALE_AFTER}: unknown skew
 * holds releases rather than guessing.
 */
public final class SkewMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SkewMonitor.class);
  static final Duration EVERY = Duration.ofSeconds(1);
  static final Duration STALE_AFTER = Duration.ofSeconds(30);

  private record Measured(long offsetMs, long at) {}

  private final Time time;
  private final long epsilonMs;
  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Map<Integer, Measured> byPartition = new ConcurrentHashMap<>();
  private volatile boolean running = true;
  private final Thread thread;

  /**
   * @param topic the probe topic, created here when missing (LogAppendTime, one partition per broker)
   */
  public SkewMonitor(Map<String, Object> clientConfig, String topic, short replication, Time time, Duration epsilon) {
    this.time = time;
    this.epsilonMs = epsilon.toMillis();
    this.topic = topic;
    try (Admin admin = Admin.create(clientConfig)) {
      int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
      NewTopic t = new NewTopic(topic, Optional.of(Math.max(1, brokers)), replication < 1 ? Optional.empty() : Optional.of(replication))
          .configs(Map.of(
              TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime",
              TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis())));
      admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create the clock probe topic " + topic, e.getCause());
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the clock probe topic " + topic, e);
    }
    Map<String, Object> p = new HashMap<>(clientConfig);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, topic + "-probe");
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    this.thread = new Thread(this::run, topic + "-probe");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (running) {
      try {
        for (PartitionInfo partition : producer.partitionsFor(topic)) {
          probe(partition.partition());
        }
      } catch (RuntimeException e) {
        LOG.warn("clock probe failed ({}); releases wait once the last sample is stale", e.getClass().getSimpleName());
      }
      try {
        Thread.sleep(EVERY.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void probe(int partition) {
    long sent = time.milliseconds();
    RecordMetadata ack;
    try {
      ack = producer.send(new ProducerRecord<>(topic, partition, null, new byte[0])).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
      return;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    ClockSkew.Sample s = new ClockSkew.Sample(sent, ack.timestamp(), time.milliseconds());
    if (ClockSkew.usable(s, epsilonMs)) {
      byPartition.put(partition, new Measured(s.offsetMs(), System.nanoTime()));
    }
  }

  /** The largest broker clock offset from the router's, in ms, by its magnitude; NaN when never measured. */
  public double worstOffsetMs() {
    return byPartition.values().stream().mapToLong(Measured::offsetMs)
        .boxed().max((a, b) -> Long.compare(Math.abs(a), Math.abs(b))).map(Long::doubleValue).orElse(Double.NaN);
  }

  /** Every broker measured recently, and within ε/2 of the router's clock. */
  public boolean releasesAllowed() {
    if (byPartition.isEmpty()) {
      return false;
    }
    long now = System.nanoTime();
    for (Measured m : byPartition.values()) {
      if (now - m.at() > STALE_AFTER.toNanos() || !ClockSkew.withinBound(m.offsetMs(), epsilonMs)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
