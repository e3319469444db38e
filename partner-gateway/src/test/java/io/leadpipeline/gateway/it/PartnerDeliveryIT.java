package io.leadpipeline.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.CorrectionNotice;
import io.leadpipeline.avro.DeliveryAttempt;
import io.leadpipeline.avro.DeliveryDeadLetter;
import io.leadpipeline.avro.DeliveryOutcome;
import io.leadpipeline.avro.DeliveryState;
import io.leadpipeline.avro.DeliveryStatus;
import io.leadpipeline.avro.Erasure;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.NoticeKind;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.config.Settings;
import io.leadpipeline.gateway.TestLeads;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.router.PartnerImport;
import io.leadpipeline.serde.ConfluentAvroDeserializer;
import io.leadpipeline.serde.ConfluentAvroSerializer;
import io.leadpipeline.topics.Topics;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/partner-delivery.md §11: the gateway against the real broker and registry, real HTTP
 * receivers on loopback that verify signatures with the Standard Webhooks library, and a real SMTP
 * server. Three webhook partners (one healthy with two signing secrets mid-rotation, one answering
 * 500 until the test lets it recover, one answering 410) and one email partner. The gateway runs
 * in its own JVM, is killed with SIGKILL while the failing partner is being retried, is started
 * again, and a second instance joins. The verdict is read from the receivers and the topics.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class PartnerDeliveryIT {
  static final int PER_PARTNER = 30;
  static final String SECRET = "gateway-it-subject-key-secret-0123456789";

  private final SecureRandom random = new SecureRandom();
  private volatile boolean flakyFailing = true;
  private volatile boolean goneFixed = false;

  private String newSecret() {
    byte[] k = new byte[32];
    random.nextBytes(k);
    return "whsec_" + Base64.getEncoder().encodeToString(k);
  }

  private static Process launch(Path config, Path log) throws IOException {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx256m", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.leadpipeline.avro",
            "-cp", System.getProperty("java.class.path"),
            "io.leadpipeline.gateway.PartnerGatewayMain", "run", "--config", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  @Test
  @Timeout(420)
  void everyLeadArrivesOnceAfterDedupeThroughFailuresAKillAndASecondInstance(LocalStack stack) throws Exception {
    String prefix = "gw-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    String okOld = newSecret();
    String okNew = newSecret();
    String flakySecret = newSecret();
    String goneSecret = newSecret();
    Path secrets = Files.createTempFile("gateway-secrets", ".properties");
    Files.writeString(secrets, "ok-2025=" + okOld + "\nok-2026=" + okNew + "\nflaky-1=" + flakySecret + "\ngone-1=" + goneSecret + "\n");

    GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    List<Process> gateways = new ArrayList<>();
    // The healthy receiver knows only the new secret: the rotation's second signature lets it in.
    try (PartnerReceiver ok = new PartnerReceiver(okNew, () -> 200);
        PartnerReceiver flaky = new PartnerReceiver(flakySecret, () -> flakyFailing ? 500 : 204);
        PartnerReceiver gone = new PartnerReceiver(goneSecret, () -> goneFixed ? 200 : 410)) {

      Map<String, String> base = new HashMap<>();
      base.put("bootstrap.servers", stack.bootstrapServers());
      base.put("schema.registry.url", stack.schemaRegistryUrl());
      base.put("topic.prefix", prefix);
      base.put("replication.factor", "1");
      Settings settings = Settings.of(base);
      PartnerImport.importPartners(settings, partnersFile(ok.url("/hooks"), flaky.url("/hooks"), gone.url("/old")));

      Map<String, String> gw = new HashMap<>(base);
      gw.remove("replication.factor"); // the partner import's key, not the gateway's: the gateway refuses it
      gw.put("subject.key.secret", SECRET);
      gw.put("gateway.group-id", prefix + "gateway");
      gw.put("gateway.secrets-file", secrets.toString());
      gw.put("webhook.allow-http", "true");
      gw.put("webhook.allowed-networks", "127.0.0.0/8,::1/128");
      gw.put("retry.base", "300ms");
      gw.put("retry.max-delay", "1500ms");
      gw.put("retry.give-up-after", "30m");
      gw.put("smtp.host", "127.0.0.1");
      gw.put("smtp.port", Integer.toString(smtp.getSmtp().getPort()));
      gw.put("smtp.tls", "none");
      gw.put("http.port", "0");
      gw.put("kafka.session.timeout.ms", "6000");
      gw.put("kafka.heartbeat.interval.ms", "1500");
      Path config = Files.createTempFile("gateway", ".properties");
      Properties p = new Properties();
      p.putAll(gw);
      try (Writer w = Files.newBufferedWriter(config)) {
        p.store(w, "PartnerDeliveryIT");
      }
      Path log = Paths.get("target", "partner-delivery-it-gateway.log");
      Files.createDirectories(log.getParent());

      SubjectKeys keys = new SubjectKeys(SECRET);
      Instant submitted = Instant.now().minusSeconds(60);
      // Objected people: erased before the gateway starts (ok-1, ok-2) and while being retried (flaky-0).
      Set<String> objected = Set.of("ok-1", "ok-2", "flaky-0");

      try (KafkaProducer<String, SpecificRecord> producer = producer(stack)) {
        for (String id : List.of("ok-1", "ok-2")) {
          erase(producer, prefix, keys, id);
        }
        // Notices produced before their leads: the gateway must hold them until the lead is settled.
        notice(producer, prefix, "ok", "notice-ok", List.of("ok-20"));
        notice(producer, prefix, "flaky", "notice-flaky", List.of("flaky-3"));
        // Correction notices too, by webhook and by email (docs/SPECIFICATION.md §8.5).
        correction(producer, prefix, "ok", "correction-ok", "ok-21");
        correction(producer, prefix, "mail", "correction-mail", "mail-5");
        produceLeads(producer, prefix, submitted, 0, PER_PARTNER / 2);

        gateways.add(launch(config, log));
        // Kill once the healthy partner is partly served and the failing one has been retried.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
            .until(() -> ok.acknowledged.size() >= 5 && attemptsOf(stack, prefix, "flaky-0") >= 2);
        erase(producer, prefix, keys, "flaky-0");
        int attemptsBeforeKill = attemptsOf(stack, prefix, "flaky-0");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> maxAttempt(stack, prefix, "flaky-1") >= 2);
        gateways.get(0).destroyForcibly().waitFor();
        int flakyAttemptsBeforeKill = maxAttempt(stack, prefix, "flaky-1");

        produceLeads(producer, prefix, submitted, PER_PARTNER / 2, PER_PARTNER);
        gateways.add(launch(config, log));
        // The restarted gateway goes on retrying the failing partner where the first stopped.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
            .until(() -> maxAttempt(stack, prefix, "flaky-1") > Math.max(flakyAttemptsBeforeKill, 0) + 1);
        gateways.add(launch(config, log)); // a second instance joins the group
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
            .until(() -> maxAttempt(stack, prefix, "flaky-1") > flakyAttemptsBeforeKill + 3);
        flakyFailing = false;

        Set<String> expectedOk = ids("ok", objected);
        Set<String> expectedFlaky = ids("flaky", objected);
        Set<String> expectedMail = ids("mail", objected);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() ->
            ok.acknowledged.keySet().containsAll(expectedOk) && ok.acknowledgedNotices.contains("notice-ok")
                && flaky.acknowledged.keySet().containsAll(expectedFlaky) && flaky.acknowledgedNotices.contains("notice-flaky")
                && mailIds(smtp).containsAll(expectedMail)
                && ok.acknowledged.containsKey("correction-ok") && mailIds(smtp).contains("correction-mail")
                && deadLetters(stack, prefix).keySet().containsAll(ids("gone", Set.of())));

        // Verdict from the receivers.
        assertThat(ok.badSignatures.get() + flaky.badSignatures.get() + gone.badSignatures.get()).as("bad signatures").isZero();
        Set<String> okLeads = new HashSet<>(ok.acknowledged.keySet());
        okLeads.remove("notice-ok");
        okLeads.remove("correction-ok");
        assertThat(okLeads).as("healthy partner: each lead once after dedupe, none for an objected person").isEqualTo(expectedOk);
        Set<String> flakyLeads = new HashSet<>(flaky.acknowledged.keySet());
        flakyLeads.remove("notice-flaky");
        assertThat(flakyLeads).as("failing-then-recovered partner").isEqualTo(expectedFlaky);
        Set<String> mailLeads = new HashSet<>(mailIds(smtp));
        mailLeads.remove("correction-mail");
        assertThat(mailLeads).as("email partner").isEqualTo(expectedMail);
        assertThat(ok.hits).filteredOn(h -> h.webhookId().equals("correction-ok"))
            .allSatisfy(h -> assertThat(h.type()).isEqualTo("contact.correction"));
        assertThat(ok.acknowledged.get("correction-ok")).as("correction after its lead").isGreaterThan(ok.acknowledged.get("ok-21"));
        assertThat(mailBody(smtp, "correction-mail")).contains("+447911123456").contains("mail-5");
        assertThat(gone.hits).as("a 410 disables the endpoint: only its first lead is ever tried")
            .isNotEmpty().allMatch(h -> h.webhookId().equals("gone-0") && h.status() == 410);
        assertThat(ok.acknowledged.get("notice-ok")).as("notice after its lead").isGreaterThan(ok.acknowledged.get("ok-20"));
        assertThat(flaky.acknowledged.get("notice-flaky")).as("notice after its lead").isGreaterThan(flaky.acknowledged.get("flaky-3"));
        assertThat(flaky.hits).filteredOn(h -> h.webhookId().equals("notice-flaky") && h.status() != 204)
            .as("the notice was not even tried while its lead failed").isEmpty();

        // Verdict from the topics.
        Map<String, DeliveryState> states = states(stack, prefix);
        for (String id : objected) {
          assertThat(states.get(id).getStatus()).as(id).isEqualTo(DeliveryStatus.SUPPRESSED);
          assertThat(states.get(id).getReason()).as(id).startsWith("ERASURE");
        }
        assertThat(states.get("flaky-0").getAttempts()).as("withheld on a retry").isGreaterThanOrEqualTo(attemptsBeforeKill);
        List<DeliveryAttempt> flakyLog = log(stack, prefix).stream().filter(a -> a.getDeliveryId().equals("flaky-1")).toList();
        List<Integer> numbers = flakyLog.stream().filter(a -> a.getAttempt() > 0).map(DeliveryAttempt::getAttempt).toList();
        assertThat(numbers).as("attempt numbers run on across the kill, never restarting from 1")
            .isSorted().doesNotHaveDuplicates();
        assertThat(numbers.get(numbers.size() - 1)).isGreaterThan(flakyAttemptsBeforeKill + 1);
        assertThat(flakyLog.get(flakyLog.size() - 1).getOutcome()).isEqualTo(DeliveryOutcome.DELIVERED);
        Map<String, DeliveryDeadLetter> dead = deadLetters(stack, prefix);
        assertThat(dead.keySet()).as("every lead of the 410 partner is dead-lettered by id").isEqualTo(ids("gone", Set.of()));

        // Operations fix the endpoint and redeliver the partner's dead letters.
        goneFixed = true;
        PartnerImport.importPartners(settings, partnersFile(ok.url("/hooks"), flaky.url("/hooks"), gone.url("/v2")));
        Settings ops = Settings.of(gw);
        assertThat(io.leadpipeline.gateway.PartnerGatewayMainAccess.redeliver(ops, null, "gone")).isEqualTo(PER_PARTNER);
        // The new URL reaches the gateway's partner view asynchronously: a request handled before
        // it dies again at once, and operations ask again, as they would.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(5))
            .until(() -> gone.acknowledged.keySet().containsAll(ids("gone", Set.of()))
                || io.leadpipeline.gateway.PartnerGatewayMainAccess.redeliver(ops, null, "gone") < 0);
        assertThat(gone.acknowledged.keySet()).isEqualTo(ids("gone", Set.of()));
        System.out.printf("partner-gateway IT: ok %d hits, flaky %d hits, gone %d hits, %d emails; flaky-1 attempts %s%n",
            ok.hits.size(), flaky.hits.size(), gone.hits.size(), smtp.getReceivedMessages().length, numbers);
      }
    } finally {
      for (Process g : gateways) {
        g.destroyForcibly().waitFor();
      }
      smtp.stop();
    }
  }

  private static Set<String> ids(String partner, Set<String> except) {
    Set<String> s = new HashSet<>();
    for (int i = 0; i < PER_PARTNER; i++) {
      String id = partner + "-" + i;
      if (!except.contains(id)) {
        s.add(id);
      }
    }
    return s;
  }

  private static Path partnersFile(String okUrl, String flakyUrl, String goneUrl) throws IOException {
    String common = "\"kind\": \"OPERATOR\", \"cities\": [\"London\"], \"maxDesks\": 100, \"officeTypes\": [\"SERVICED\"]";
    String json = "[\n"
        + "{\"partnerId\": \"ok\", \"name\": \"OK\", " + common + ", \"channel\": \"WEBHOOK\", \"webhookUrl\": \"" + okUrl
        + "\", \"signingSecretIds\": [\"ok-2025\", \"ok-2026\"]},\n"
        + "{\"partnerId\": \"flaky\", \"name\": \"Flaky\", " + common + ", \"channel\": \"WEBHOOK\", \"webhookUrl\": \"" + flakyUrl
        + "\", \"signingSecretIds\": [\"flaky-1\"]},\n"
        + "{\"partnerId\": \"gone\", \"name\": \"Gone\", " + common + ", \"channel\": \"WEBHOOK\", \"webhookUrl\": \"" + goneUrl
        + "\", \"signingSecretIds\": [\"gone-1\"]},\n"
        + "{\"partnerId\": \"mail\", \"name\": \"Mail\", " + common + ", \"channel\": \"EMAIL\", \"deliveryEmail\": \"leads@mail.example\"}\n"
        + "]";
    Path f = Files.createTempFile("partners", ".json");
    Files.writeString(f, json);
    return f;
  }

  private static String email(String leadId) {
    return leadId + "@people.example";
  }

  private static void produceLeads(KafkaProducer<String, SpecificRecord> producer, String prefix, Instant submitted, int from, int to)
      throws Exception {
    List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
    for (int i = from; i < to; i++) {
      for (String partner : List.of("ok", "flaky", "gone", "mail")) {
        String id = partner + "-" + i;
        Lead lead = TestLeads.lead(id, partner, email(id), "+447700900" + String.format("%03d", i), submitted);
        sent.add(producer.send(new ProducerRecord<>(Topics.leads(PartnerKind.OPERATOR, partner).name(prefix), id, lead)));
      }
    }
    for (var f : sent) {
      f.get();
    }
  }

  private static void notice(KafkaProducer<String, SpecificRecord> producer, String prefix, String partner, String id, List<String> leads)
      throws Exception {
    Instant now = Instant.now();
    ContactNotice n = ContactNotice.newBuilder().setNoticeId(id).setPartnerId(partner).setKind(NoticeKind.DO_NOT_CALL)
        .setLeadIds(leads).setEffectiveAt(now).setIssuedAt(now).build();
    producer.send(new ProducerRecord<>(Topics.notices(PartnerKind.OPERATOR, partner).name(prefix), id, n)).get();
  }

  private static void correction(KafkaProducer<String, SpecificRecord> producer, String prefix, String partner, String id, String leadId)
      throws Exception {
    Instant now = Instant.now();
    CorrectionNotice c = CorrectionNotice.newBuilder().setNoticeId(id).setPartnerId(partner).setLeadId(leadId)
        .setRequestId("request-1").setFullName("Corrected Name").setPhone("+447911123456")
        .setEffectiveAt(now).setIssuedAt(now).build();
    producer.send(new ProducerRecord<>(Topics.corrections(partner).name(prefix), id, c)).get();
  }

  private static String mailBody(GreenMail smtp, String deliveryId) {
    for (MimeMessage m : smtp.getReceivedMessages()) {
      try {
        if (deliveryId.equals(m.getHeader("X-Lead-Pipeline-Delivery-Id", null))) {
          return com.icegreen.greenmail.util.GreenMailUtil.getBody(m);
        }
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("no email for " + deliveryId);
  }

  private static void erase(KafkaProducer<String, SpecificRecord> producer, String prefix, SubjectKeys keys, String leadId)
      throws Exception {
    String subject = keys.ofEmail(email(leadId));
    Erasure e = Erasure.newBuilder().setSubjectKey(subject).setRequestedAt(Instant.now()).build();
    producer.send(new ProducerRecord<>(Topics.SUPPRESSION_ERASURES.name(prefix), subject, e)).get();
  }

  private static Set<String> mailIds(GreenMail smtp) {
    Set<String> ids = new HashSet<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      try {
        ids.add(m.getHeader("X-Lead-Pipeline-Delivery-Id", null));
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return ids;
  }

  private static KafkaProducer<String, SpecificRecord> producer(LocalStack stack) {
    Map<String, Object> p = new HashMap<>(stack.adminConfig());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new KafkaProducer<>(p, new StringSerializer(),
        new ConfluentAvroSerializer<>(Map.of("schema.registry.url", stack.schemaRegistryUrl()), false));
  }

  private static <V> List<V> readAll(LocalStack stack, String topic, Class<V> type) {
    Map<String, Object> c = new HashMap<>(stack.adminConfig());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    ConfluentAvroDeserializer<V> values = new ConfluentAvroDeserializer<>(type);
    values.configure(Map.of("schema.registry.url", stack.schemaRegistryUrl()), false);
    List<V> out = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(c, new StringDeserializer(), values)) {
      List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(pi -> new TopicPartition(topic, pi.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      Predicate<TopicPartition> behind = tp -> consumer.position(tp) < end.get(tp);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (parts.stream().anyMatch(behind) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(100))) {
          if (r.value() != null) {
            out.add(r.value());
          }
        }
      }
    }
    return out;
  }

  private static List<DeliveryAttempt> log(LocalStack stack, String prefix) {
    return readAll(stack, Topics.PARTNER_DELIVERY_LOG.name(prefix), DeliveryAttempt.class);
  }

  private static Map<String, DeliveryState> states(LocalStack stack, String prefix) {
    Map<String, DeliveryState> m = new HashMap<>();
    readAll(stack, Topics.PARTNER_DELIVERY_STATE.name(prefix), DeliveryState.class).forEach(s -> m.put(s.getDeliveryId(), s));
    return m;
  }

  private static Map<String, DeliveryDeadLetter> deadLetters(LocalStack stack, String prefix) {
    return readAll(stack, Topics.PARTNER_DELIVERY_DEAD_LETTERS.name(prefix), DeliveryDeadLetter.class).stream()
        .collect(Collectors.toMap(DeliveryDeadLetter::getDeliveryId, d -> d, (a, b) -> b));
  }

  private static int attemptsOf(LocalStack stack, String prefix, String id) {
    return maxAttempt(stack, prefix, id);
  }

  private static int maxAttempt(LocalStack stack, String prefix, String id) {
    return log(stack, prefix).stream().filter(a -> a.getDeliveryId().equals(id))
        .mapToInt(DeliveryAttempt::getAttempt).max().orElse(0);
  }
}
