package io.leadpipeline.portal.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.config.Settings;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.portal.PartnerPortal;
import io.leadpipeline.portal.PortalConfig;
import io.leadpipeline.portal.signin.PartnerApiKeys;
import io.leadpipeline.serde.ConfluentAvroSerializer;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The portal's integration tests share this: topics of their own on the one local stack, a real
 * GreenMail SMTP server to receive the sign-in emails, and partner users and API keys for two
 * partners, acme and rival.
 */
final class PortalStack implements AutoCloseable {
  static final String SUBJECT_SECRET = "subject-key-secret-for-portal-tests";
  static final String LINK_SECRET = "link-secret-for-portal-tests";
  static final String ACME_USER = "ana@acme.example";
  static final String RIVAL_USER = "raj@rival.example";
  static final String STAFF_USER = "sam@broker.example";
  static final String ACME_KEY = "acme-int.acme-api-secret";
  static final String RIVAL_KEY = "rival-int.rival-api-secret";

  final LocalStack stack;
  final String prefix;
  final GreenMail mail;
  private final List<PartnerPortal> started = new ArrayList<>();

  PortalStack(LocalStack stack, String name) {
    this.stack = stack;
    this.prefix = name + "-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    List<org.apache.kafka.clients.admin.NewTopic> topics = new ArrayList<>();
    for (TopicSpec<?, ?> t : Topics.portal()) {
      topics.add(t.newTopic(prefix, (short) 1));
    }
    topics.add(Topics.PARTNERS.newTopic(prefix, (short) 1));
    for (String partner : List.of("acme", "rival")) {
      for (TopicSpec<?, ?> t : Topics.partnerTopics(PartnerKind.OPERATOR, partner)) {
        topics.add(t.newTopic(prefix, (short) 1));
      }
    }
    stack.createTopics(topics);
    this.mail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
  }

  Map<String, String> settings() {
    Map<String, String> m = new HashMap<>(PortalConfig.DEFAULTS);
    m.put("bootstrap.servers", stack.bootstrapServers());
    m.put("schema.registry.url", stack.schemaRegistryUrl());
    m.put("topic.prefix", prefix);
    m.put("subject.key.secret", SUBJECT_SECRET);
    m.put("portal.link.secret", LINK_SECRET);
    m.put("http.host", "127.0.0.1");
    m.put("http.port", "0");
    m.put("portal.users", ACME_USER + "=acme," + RIVAL_USER + "=rival");
    m.put("portal.staff-users", STAFF_USER);
    m.put("portal.api-keys", key(ACME_KEY, "acme") + "," + key(RIVAL_KEY, "rival"));
    m.put("smtp.host", "127.0.0.1");
    m.put("smtp.port", Integer.toString(mail.getSmtp().getPort()));
    m.put("smtp.tls", "none");
    m.put("smtp.from", "portal@broker.example");
    return m;
  }

  PartnerPortal startPortal() throws Exception {
    PartnerPortal p = PartnerPortal.start(PortalConfig.from(Settings.of(settings())), Clock.systemUTC());
    started.add(p);
    return p;
  }

  private static String key(String bearer, String partner) {
    String[] parts = bearer.split("\\.", 2);
    return parts[0] + ":" + partner + ":" + HexFormat.of().formatHex(PartnerApiKeys.sha256(parts[1]));
  }

  /** Writes a lead to the partner's topic as the router would. */
  void produce(Lead lead) throws Exception {
    Map<String, Object> p = new HashMap<>(stack.adminConfig());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    ConfluentAvroSerializer<SpecificRecord> values =
        new ConfluentAvroSerializer<>(Map.of("schema.registry.url", stack.schemaRegistryUrl()), false);
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(p, new StringSerializer(), values)) {
      producer.send(new ProducerRecord<>(
          Topics.leads(lead.getPartnerKind(), lead.getPartnerId()).name(prefix), lead.getLeadId(), lead)).get();
    }
  }

  void producePartner(io.leadpipeline.avro.Partner partner) throws Exception {
    Map<String, Object> p = new HashMap<>(stack.adminConfig());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    ConfluentAvroSerializer<SpecificRecord> values =
        new ConfluentAvroSerializer<>(Map.of("schema.registry.url", stack.schemaRegistryUrl()), false);
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(p, new StringSerializer(), values)) {
      producer.send(new ProducerRecord<>(Topics.PARTNERS.name(prefix), partner.getPartnerId(), partner)).get();
    }
  }

  void produce(io.leadpipeline.avro.ContactNotice notice) throws Exception {
    Map<String, Object> p = new HashMap<>(stack.adminConfig());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    ConfluentAvroSerializer<SpecificRecord> values =
        new ConfluentAvroSerializer<>(Map.of("schema.registry.url", stack.schemaRegistryUrl()), false);
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(p, new StringSerializer(), values)) {
      producer.send(new ProducerRecord<>(
          Topics.notices(PartnerKind.OPERATOR, notice.getPartnerId()).name(prefix), notice.getNoticeId(), notice)).get();
    }
  }

  /** Every record now on a topic, raw. */
  List<ConsumerRecord<String, byte[]>> read(TopicSpec<?, ?> topic) {
    Map<String, Object> c = new HashMap<>(stack.adminConfig());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
      String name = topic.name(prefix);
      List<TopicPartition> parts = consumer.partitionsFor(name).stream().map(i -> new TopicPartition(name, i.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
      List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out;
    }
  }

  /** The sign-in link in the newest email to {@code to}. */
  String linkMailedTo(String to, int expectedCount) throws Exception {
    mail.waitForIncomingEmail(30_000, expectedCount);
    MimeMessage last = null;
    for (MimeMessage m : mail.getReceivedMessages()) {
      if (m.getAllRecipients()[0].toString().equals(to)) {
        last = m;
      }
    }
    if (last == null) {
      throw new AssertionError("no email to " + to);
    }
    Matcher link = Pattern.compile("(http://\\S+/sign-in/link\\?token=\\S+)").matcher((String) last.getContent());
    if (!link.find()) {
      throw new AssertionError("no sign-in link in the email");
    }
    return link.group(1).strip();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    for (PartnerPortal p : started) {
      try {
        p.close();
      } catch (RuntimeException e) {
        // the next one still closes
      }
    }
    mail.stop();
  }
}
