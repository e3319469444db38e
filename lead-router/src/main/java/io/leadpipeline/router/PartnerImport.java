package io.leadpipeline.router;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipeline.avro.DeliveryChannel;
import io.leadpipeline.avro.DeliveryHours;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.Weekday;
import io.leadpipeline.config.Settings;
import io.leadpipeline.router.delivery.DeliveryWindow;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The partner import: a JSON file of partners → the compacted {@code partners} topic. The
 * catalogue's fixed topics and each partner's lead and notice topics are created first (existing
 * ones are left as they are), so the router never routes to a partner whose topic does not exist.
 */
public final class PartnerImport {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  /** How long new topics may take to elect leaders before the import gives up. */
  static final Duration LEADER_WAIT = Duration.ofSeconds(30);

  private PartnerImport() {}

  /** One partner as written in the file; optional fields take the schema's defaults. */
  record PartnerJson(
      String partnerId,
      String name,
      PartnerKind kind,
      Boolean active,
      List<String> cities,
      List<String> postcodeDistricts,
      Integer minDesks,
      Integer maxDesks,
      List<OfficeType> officeTypes,
      Integer minPricePerDeskGbp,
      Integer dailyCap,
      String timeZone,
      Hours deliveryHours,
      Boolean exclusive,
      Integer weight,
      DeliveryChannel channel,
      String webhookUrl,
      String deliveryEmail,
      List<String> signingSecretIds) {}

  record Hours(List<Weekday> days, String opensAt, String closesAt) {}

  /** Reads and checks every partner; nothing is written when one is wrong. */
  public static List<Partner> read(Path file, Instant now) {
    PartnerJson[] parsed;
    try {
      parsed = JSON.readValue(file.toFile(), PartnerJson[].class);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read partners from " + file + ": " + e.getMessage(), e);
    }
    List<Partner> partners = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (PartnerJson j : parsed) {
      if (!Topics.isValidPartnerId(j.partnerId())) {
        throw new IllegalArgumentException("partner id must match [a-z0-9][a-z0-9-]{0,62}: " + j.partnerId());
      }
      if (!ids.add(j.partnerId())) {
        throw new IllegalArgumentException("partner " + j.partnerId() + " appears twice");
      }
      if (j.name() == null || j.kind() == null || j.cities() == null || j.cities().isEmpty()
          || j.maxDesks() == null || j.officeTypes() == null || j.officeTypes().isEmpty()) {
        throw new IllegalArgumentException(
            "partner " + j.partnerId() + " needs name, kind, cities, maxDesks and officeTypes");
      }
      int minDesks = j.minDesks() == null ? 1 : j.minDesks();
      if (minDesks < 1 || j.maxDesks() < minDesks) {
        throw new IllegalArgumentException("partner " + j.partnerId() + ": need 1 <= minDesks <= maxDesks");
      }
      if (j.dailyCap() != null && j.dailyCap() < 0) {
        throw new IllegalArgumentException("partner " + j.partnerId() + ": dailyCap must not be negative");
      }
      if (j.weight() != null && j.weight() < 1) {
        throw new IllegalArgumentException("partner " + j.partnerId() + ": weight must be at least 1");
      }
      if (j.channel() == DeliveryChannel.WEBHOOK
          && (j.webhookUrl() == null || j.signingSecretIds() == null || j.signingSecretIds().isEmpty())) {
        throw new IllegalArgumentException("partner " + j.partnerId() + ": WEBHOOK needs webhookUrl and signingSecretIds");
      }
      if (j.channel() == DeliveryChannel.EMAIL && (j.deliveryEmail() == null || !j.deliveryEmail().contains("@"))) {
        throw new IllegalArgumentException("partner " + j.partnerId() + ": EMAIL needs deliveryEmail");
      }
      String zone = j.timeZone() == null ? "Europe/London" : ZoneId.of(j.timeZone()).getId();
      Partner p =
          Partner.newBuilder()
              .setPartnerId(j.partnerId())
              .setName(j.name())
              .setKind(j.kind())
              .setActive(j.active() == null || j.active())
              .setCities(j.cities())
              .setPostcodeDistricts(j.postcodeDistricts() == null ? List.of() : j.postcodeDistricts())
              .setMinDesks(minDesks)
              .setMaxDesks(j.maxDesks())
              .setOfficeTypes(j.officeTypes())
              .setMinPricePerDeskGbp(j.minPricePerDeskGbp())
              .setDailyCap(j.dailyCap())
              .setTimeZone(zone)
              .setDeliveryHours(
                  j.deliveryHours() == null
                      ? null
                      : new DeliveryHours(j.deliveryHours().days(), j.deliveryHours().opensAt(), j.deliveryHours().closesAt()))
              .setExclusive(j.exclusive() != null && j.exclusive())
              .setWeight(j.weight() == null ? 1 : j.weight())
              .setUpdatedAt(now)
              // How partner-gateway delivers (docs/partner-delivery.md): secrets are named, never given.
              .setChannel(j.channel() == null ? DeliveryChannel.NONE : j.channel())
              .setWebhookUrl(j.webhookUrl())
              .setDeliveryEmail(j.deliveryEmail())
              .setSigningSecretIds(j.signingSecretIds() == null ? List.of() : j.signingSecretIds())
              .build();
      DeliveryWindow.of(p); // rejects unusable hours now, not at routing time
      partners.add(p);
    }
    return partners;
  }

  /** Creates the partners' topics and writes them to the partners topic; returns the count. */
  public static int importPartners(Settings settings, Path jsonFile) {
    AvroPackages.allow();
    List<Partner> partners = read(jsonFile, Instant.now());
    String prefix = settings.string("topic.prefix", "");
    short rf = (short) settings.integer("replication.factor", -1);
    Map<String, Object> client = new java.util.HashMap<>(settings.under("kafka."));
    client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.require("bootstrap.servers"));
    // The catalogue's fixed topics too, so a fresh cluster is ready after one import.
    List<NewTopic> topics = new ArrayList<>();
    for (TopicSpec<?, ?> fixed : Topics.fixed()) {
      topics.add(fixed.newTopic(prefix, rf));
    }
    for (Partner p : partners) {
      for (TopicSpec<String, ?> spec : Topics.partnerTopics(p.getKind(), p.getPartnerId())) {
        topics.add(spec.newTopic(prefix, rf));
      }
    }
    try (Admin admin = Admin.create(client)) {
      Set<String> created = new HashSet<>();
      admin.createTopics(topics).values().forEach((name, f) -> {
        try {
          f.get();
          created.add(name);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted creating " + name, e);
        }
      });
      awaitLeaders(admin, created, LEADER_WAIT);
    }
    TopicSerdes serdes = TopicSerdes.from(settings);
    Map<String, Object> producer = new java.util.HashMap<>(client);
    producer.put(ProducerConfig.ACKS_CONFIG, "all");
    producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    Serializer<String> keys = serdes.key(Topics.PARTNERS).serializer();
    Serializer<Partner> values = serdes.value(Topics.PARTNERS).serializer();
    try (KafkaProducer<String, Partner> out = new KafkaProducer<>(producer, keys, values)) {
      List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
      for (Partner p : partners) {
        acks.add(out.send(new ProducerRecord<>(Topics.PARTNERS.name(prefix), p.getPartnerId(), p)));
      }
      for (java.util.concurrent.Future<?> ack : acks) {
        ack.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot write partners: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted writing partners", e);
    }
    return partners.size();
  }

  /**
   * Waits until every partition of the new topics has a leader that serves it. A topic that was
   * just created has none for a moment, and an idempotent producer writing then meets
   * UNKNOWN_TOPIC_OR_PARTITION or NOT_LEADER_OR_FOLLOWER or, once seen, retries
   * OUT_OF_ORDER_SEQUENCE without end. A topic this principal may not describe (it may create
   * leads.*, not read them) is not waited for: the import does not write to it, and its writer
   * retries.
   */
  private static void awaitLeaders(Admin admin, Set<String> topics, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<String> waiting = new HashSet<>(topics);
    Map<TopicPartition, OffsetSpec> led = new HashMap<>();
    List<String> leaderless = List.of();
    try {
      while (!waiting.isEmpty()) {
        List<TopicDescription> described = new ArrayList<>();
        for (var topic : admin.describeTopics(waiting).topicNameValues().entrySet()) {
          try {
            described.add(topic.getValue().get(remainingNanos(deadline), TimeUnit.NANOSECONDS));
          } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
              waiting.remove(topic.getKey());
            } else if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) { // else not in metadata yet
              throw new IllegalStateException("cannot describe topic " + topic.getKey() + ": " + e.getCause(), e.getCause());
            }
          }
        }
        leaderless = described.stream().flatMap(d -> withoutLeader(d).stream()).toList();
        for (TopicDescription d : described) {
          if (withoutLeader(d).isEmpty()) {
            waiting.remove(d.name());
            d.partitions().forEach(p -> led.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
          }
        }
        if (!waiting.isEmpty() && System.nanoTime() > deadline) {
          throw gaveUp(timeout, "leaders for " + (leaderless.isEmpty() ? waiting : leaderless), null);
        }
        if (!waiting.isEmpty()) {
          Thread.sleep(100);
        }
      }
      // The metadata can name a leader before that broker serves the partition; ListOffsets is
      // answered by the leader itself (the admin client retries NOT_LEADER_OR_FOLLOWER).
      long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos(deadline)));
      admin.listOffsets(led, new ListOffsetsOptions().timeoutMs((int) ms)).all().get(ms, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw gaveUp(timeout, waiting.isEmpty() ? "leaders to serve " + led.keySet() : "leaders for " + waiting, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for topic leaders", e);
    }
  }

  private static IllegalStateException gaveUp(Duration timeout, String pending, Exception cause) {
    return new IllegalStateException("new topics still wait for " + pending + " after " + timeout.toSeconds()
        + " s, so partners were not written" + (cause == null ? "" : " (" + cause + ")")
        + ". Check that the brokers are up and can elect leaders, then run the import again.", cause);
  }

  private static long remainingNanos(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  /** The topic's partitions that have no leader yet, as {@code topic-partition}. */
  static List<String> withoutLeader(TopicDescription topic) {
    return topic.partitions().stream()
        .filter(p -> p.leader() == null || p.leader().isEmpty())
        .map(p -> topic.name() + "-" + p.partition())
        .toList();
  }
}
