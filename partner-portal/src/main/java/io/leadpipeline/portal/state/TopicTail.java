package io.leadpipeline.portal.state;

import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.FeeTerms;
import io.leadpipeline.avro.Introduction;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.LeadOutcome;
import io.leadpipeline.avro.LeadResponse;
import io.leadpipeline.avro.NoticeAcknowledgement;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.PortalLinkClaim;
import io.leadpipeline.serde.SchemaRegistryException;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.Topics;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the partners' lead and notice topics, {@code partners} and the portal's own topics from
 * the beginning into {@link PortalState}, then follows them. No consumer group: every instance
 * reads everything. New partner topics are picked up as they appear.
 *
 * <p>{@link #awaitRead} lets a writer wait until its own record has been read back, which is how
 * the portal decides races by log order and shows a user their change on the next page.
 */
public final class TopicTail implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicTail.class);
  private static final Duration TOPIC_SCAN = Duration.ofSeconds(2);

  private final KafkaConsumer<String, byte[]> consumer;
  private final PortalState state;
  private final String prefix;
  private final Pattern partnerTopic;
  private final Map<String, Deserializer<?>> deserializers = new HashMap<>();
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  private final Consumer<StoredLead> onNewLead;
  private final Thread thread;
  private volatile Map<TopicPartition, Long> startEnds;
  private volatile boolean ready;
  private volatile boolean running = true;
  private long unreadable;

  public TopicTail(
      Map<String, Object> kafka, TopicSerdes serdes, String prefix, PortalState state, Consumer<StoredLead> onNewLead) {
    Map<String, Object> config = new HashMap<>(kafka);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    this.state = state;
    this.prefix = prefix == null ? "" : prefix;
    this.onNewLead = onNewLead;
    this.partnerTopic =
        Pattern.compile(Pattern.quote(this.prefix) + "(leads|notices)\\.(landlord|operator)\\.[a-z0-9][a-z0-9-]*");
    deserializers.put("lead", serdes.value(Topics.leads(io.leadpipeline.avro.PartnerKind.LANDLORD, "x")).deserializer());
    deserializers.put("notice", serdes.value(Topics.notices(io.leadpipeline.avro.PartnerKind.LANDLORD, "x")).deserializer());
    deserializers.put(Topics.PARTNERS.name(prefix), serdes.value(Topics.PARTNERS).deserializer());
    for (var spec : Topics.portal()) {
      deserializers.put(spec.name(prefix), serdes.value(spec).deserializer());
    }
    this.thread = new Thread(this::run, "portal-topic-tail");
    this.thread.setDaemon(true);
  }

  public TopicTail start() {
    thread.start();
    return this;
  }

  /** True once every topic has been read up to where it ended when the portal started. */
  public boolean ready() {
    return ready;
  }

  public void awaitReady(Duration timeout) throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (positions) {
      while (!ready) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException("the portal's topics were not read within " + timeout);
        }
        positions.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Waits until the record at {@code offset} of {@code topic}-{@code partition} has been applied. */
  public void awaitRead(String topic, int partition, long offset, Duration timeout)
      throws TimeoutException, InterruptedException {
    TopicPartition tp = new TopicPartition(topic, partition);
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (positions) {
      while (positions.getOrDefault(tp, 0L) <= offset) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(topic + " was not read back within " + timeout);
        }
        positions.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  public long unreadableRecords() {
    synchronized (positions) {
      return unreadable;
    }
  }

  private boolean wanted(String topic) {
    return partnerTopic.matcher(topic).matches() || deserializers.containsKey(topic);
  }

  private void run() {
    long lastScan = 0;
    try {
      while (running) {
        if (System.nanoTime() - lastScan > TOPIC_SCAN.toNanos()) {
          assignNewTopics();
          lastScan = System.nanoTime();
        }
        if (consumer.assignment().isEmpty()) {
          synchronized (positions) {
            if (!ready && startEnds != null && startEnds.isEmpty()) {
              ready = true; // nothing existed at start, so nothing is left to read
              positions.notifyAll();
            }
          }
          Thread.sleep(200); // nothing to read yet: wait for the topics to be created
          continue;
        }
        Set<TopicPartition> stalled = new java.util.HashSet<>();
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (!stalled.contains(tp) && !apply(r)) {
            // The registry did not answer: not bad data, so read the same record again.
            consumer.seek(tp, r.offset());
            stalled.add(tp);
          }
        }
        if (!stalled.isEmpty()) {
          log.warn("schema registry unavailable while reading {}; retrying", stalled);
          Thread.sleep(1000);
        }
        synchronized (positions) {
          for (TopicPartition tp : consumer.assignment()) {
            positions.put(tp, consumer.position(tp));
          }
          if (!ready && startEnds != null && caughtUp()) {
            ready = true;
            log.info("portal state read: {} partitions", positions.size());
          }
          positions.notifyAll();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("the portal stopped reading its topics: {}", e.getClass().getName(), e);
    }
  }

  private boolean caughtUp() {
    return startEnds.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
  }

  private void assignNewTopics() {
    Map<String, List<PartitionInfo>> topics = consumer.listTopics(Duration.ofSeconds(10));
    Set<TopicPartition> wanted =
        topics.entrySet().stream()
            .filter(e -> wanted(e.getKey()))
            .flatMap(e -> e.getValue().stream().map(p -> new TopicPartition(p.topic(), p.partition())))
            .collect(Collectors.toSet());
    Set<TopicPartition> current = consumer.assignment();
    if (!current.containsAll(wanted)) {
      Set<TopicPartition> added = wanted.stream().filter(tp -> !current.contains(tp)).collect(Collectors.toSet());
      Set<TopicPartition> all = new java.util.HashSet<>(current);
      all.addAll(added);
      consumer.assign(all);
      consumer.seekToBeginning(added);
    }
    if (startEnds == null) {
      // Ready means: read up to where every topic ended when the portal started.
      startEnds = Map.copyOf(consumer.endOffsets(wanted));
    }
  }

  /** @return false when the record must be read again later. */
  private boolean apply(ConsumerRecord<String, byte[]> r) {
    String topic = r.topic();
    try {
      if (partnerTopic.matcher(topic).matches()) {
        if (r.value() == null) {
          return true;
        }
        if (topic.startsWith(prefix + "leads.")) {
          Lead lead = (Lead) deserializers.get("lead").deserialize(topic, r.value());
          StoredLead stored = new StoredLead(lead, sha256(r.value()));
          if (state.lead(stored) && ready) {
            onNewLead.accept(stored);
          }
        } else {
          state.notice((ContactNotice) deserializers.get("notice").deserialize(topic, r.value()));
        }
        return true;
      }
      Object value = r.value() == null ? null : deserializers.get(topic).deserialize(topic, r.value());
      String base = topic.substring(prefix.length());
      if (base.equals(Topics.PARTNERS.baseName())) {
        state.partner(r.key(), (Partner) value);
      } else if (value == null) {
        return true; // no portal topic deletes by tombstone
      } else if (value instanceof PortalLinkClaim c) {
        state.claim(c);
      } else if (value instanceof LeadResponse resp) {
        state.response(resp);
      } else if (value instanceof LeadOutcome o) {
        state.outcome(o);
      } else if (value instanceof NoticeAcknowledgement a) {
        state.acknowledgement(a);
      } else if (value instanceof FeeTerms t) {
        state.feeTerms(t);
      } else if (value instanceof Introduction i) {
        state.ledgerEntry(i);
      }
      // PortalAuditEvent: written for the record, not read back.
      return true;
    } catch (SchemaRegistryException.Unavailable e) {
      return false;
    } catch (RuntimeException e) {
      synchronized (positions) {
        unreadable++;
      }
      // Types only: a message may quote the record.
      log.error("cannot read {}-{}@{}: {}", topic, r.partition(), r.offset(), e.getClass().getName());
      return true;
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(Duration.ofSeconds(5));
  }
}
