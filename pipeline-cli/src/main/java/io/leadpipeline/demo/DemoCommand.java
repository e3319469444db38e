package io.leadpipeline.demo;

import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.config.Settings;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.router.LeadRouter;
import io.leadpipeline.router.PartnerImport;
import io.leadpipeline.suppression.SuppressionService;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./pipeline demo}: the whole pipeline on the local stack, fed a seeded sample of
 * enquiries, with a running tally and a summary.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run the whole pipeline on a local Kafka broker and schema registry with sample data.")
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--duration",
      description = "Stop after this long (e.g. 60s, 5m) and exit 0; default: run until Ctrl-C.")
  String duration;

  @Option(names = "--rate", defaultValue = "10", description = "Enquiries per second (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--seed", defaultValue = "20261127", description = "Seed for the sample data.")
  long seed;

  @Option(names = "--people", defaultValue = "400", description = "Distinct people in the sample.")
  int people;

  @Option(
      names = "--partners",
      defaultValue = "examples/partners.json",
      description = "Partner list to import (default ${DEFAULT-VALUE}).")
  Path partners;

  @Option(
      names = "--brokers",
      defaultValue = "1",
      description = "Kafka brokers: 1 (default, fastest), or 3 for a cluster with one controller, "
          + "three replicas per partition and two in sync (docs/cluster.md).")
  int brokers;

  private static final String API_KEY_ID = "demo";
  private static final String API_KEY_SECRET = "demo-api-key-secret";

  @Override
  public Integer call() throws Exception {
    Duration limit = duration == null ? null : Settings.parseDuration("--duration", duration);
    AtomicBoolean stopping = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(1);
    DemoTally tally = new DemoTally();
    Path work = Files.createTempDirectory("lead-pipeline-demo");

    say("Starting the local stack (the first run downloads Kafka and Apicurio through Maven)…");
    say("Logs: " + DemoLogs.file());
    try (LocalStack stack = LocalStack.builder().brokers(brokers).progress(DemoCommand::say).build().start()) {
      stack.createTopics(Topics.fixed().stream().map(t -> t.newTopic("", stack.replicationFactor())).toList());
      stack.createTopics(Topics.portal().stream().map(t -> t.newTopic("", stack.replicationFactor())).toList());
      Map<String, String> common = DemoSettings.common(stack.bootstrapServers(), stack.schemaRegistryUrl());

      say("Starting the suppression-service…");
      SuppressionService service =
          SuppressionService.start(
              Settings.of(DemoSettings.service(common, work, DemoSuppressions.apiKeyEntry(API_KEY_ID, API_KEY_SECRET))));
      say("Starting the lead-router…");
      LeadRouter router = LeadRouter.start(Settings.of(DemoSettings.router(common, work)));
      java.util.List<AutoCloseable> closeLater = new java.util.ArrayList<>();
      try {
        int imported = PartnerImport.importPartners(Settings.of(common), partners);
        say("Imported " + imported + " partners from " + partners + ".");
        say("Starting partner-gateway, a sample webhook receiver and an SMTP server…");
        DemoPartnerDelivery delivery = DemoPartnerDelivery.start(common, DemoPartnerDelivery.secretIds(partners));
        say("Starting the partner portal…");
        DemoPortal portal =
            DemoPortal.start(
                stack, common, PartnerImport.read(partners, Instant.now()).stream().map(p -> p.getPartnerId()).toList(), seed);
        closeLater.add(portal);
        Thread partnersAtWork = portalAtWork(portal, stopping);

        DemoPopulation population = new DemoPopulation(seed, people);
        DemoSuppressions suppressions =
            new DemoSuppressions(
                "http://127.0.0.1:" + service.httpPort(),
                API_KEY_ID,
                API_KEY_SECRET,
                population,
                new SubjectKeys(DemoSettings.SUBJECT_KEY_SECRET));
        say("Recording sample suppressions through the suppression-service API…");
        say("  " + suppressions.seed());

        Thread watcher = watch(stack, tally, stopping);
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      stopping.set(true);
                      try {
                        finished.await(20, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }));

        say("");
        say("Metrics:           http://127.0.0.1:" + router.httpPort() + "/metrics (lead-router)");
        say("                   http://127.0.0.1:" + service.httpPort() + "/metrics (suppression-service)");
        say("Unsubscribe page:  " + service.unsubscribeUrl(population.people().get(0).email()));
        say("Partner portal:    " + portal.baseUrl());
        say("  sign in as " + DemoPortal.userOf(DemoPortal.SAMPLE_PARTNER) + ": "
            + portal.signInLink(DemoPortal.SAMPLE_PARTNER).orElse("(no such partner)"));
        say("Schema registry:   " + stack.schemaRegistryUrl());
        say("Kafka:             " + stack.bootstrapServers());
        if (delivery != null) {
          say(delivery.describe());
        }
        say(limit == null ? "Producing enquiries until Ctrl-C…" : "Producing enquiries for " + duration + "…");

        // The duration counts from the first enquiry, not from start-up.
        Instant started = Instant.now();
        produce(stack, population, suppressions, tally, started, limit, stopping);
        Duration producing = Duration.between(started, Instant.now());
        say("Waiting for the last decisions…");
        drain(tally, Duration.ofSeconds(30));
        stopping.set(true);
        watcher.join(10_000);
        partnersAtWork.join(10_000);
        System.out.println(tally.summary(producing));
        if (delivery != null) {
          System.out.println(delivery.summary());
          delivery.close();
        }
        say(portal.summary());
      } finally {
        for (AutoCloseable c : closeLater) {
          c.close();
        }
        router.close();
        service.close();
      }
    } finally {
      finished.countDown();
    }
    return 0;
  }

  private void produce(
      LocalStack stack,
      DemoPopulation population,
      DemoSuppressions suppressions,
      DemoTally tally,
      Instant started,
      Duration limit,
      AtomicBoolean stopping)
      throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    TopicSerdes serdes = TopicSerdes.forRegistry(stack.schemaRegistryUrl());
    Serializer<Enquiry> enquiries = serdes.value(Topics.ENQUIRIES).serializer();
    String topic = Topics.ENQUIRIES.name("");
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / Math.max(1, rate);
    long next = System.nanoTime();
    Instant lastProgress = Instant.now();
    boolean laterSuppressionsDone = false;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      while (!stopping.get()
          && (limit == null || Duration.between(started, Instant.now()).compareTo(limit) < 0)) {
        Instant now = Instant.now();
        if (population.random().nextInt(40) == 0) {
          DemoMalformed.Record bad = DemoMalformed.next(population, enquiries, topic, now);
          producer.send(new ProducerRecord<>(topic, bad.key(), bad.value()));
          tally.malformedSent++;
        } else {
          Enquiry enquiry = population.enquiryFrom(population.anyPerson(), now);
          producer.send(
              new ProducerRecord<>(topic, enquiry.getEnquiryId(), enquiries.serialize(topic, enquiry)));
          tally.enquiriesSent++;
        }
        Duration halfway = limit == null ? Duration.ofSeconds(60) : limit.dividedBy(2);
        if (!laterSuppressionsDone && Duration.between(started, now).compareTo(halfway) > 0) {
          // People change their minds after their details went out: partners must be told.
          say("  " + suppressions.later(tally.routedSubjects()));
          laterSuppressionsDone = true;
        }
        if (Duration.between(lastProgress, now).toSeconds() >= 10) {
          say(tally.progressLine(Duration.between(started, now)));
          lastProgress = now;
        }
        next += intervalNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      producer.flush();
    }
  }

  /** Reads decisions, leads, notices and dead letters as a partner or auditor would: committed only. */
  private Thread watch(LocalStack stack, DemoTally tally, AtomicBoolean stopping) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "demo-watcher-" + ProcessHandle.current().pid());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "2000");
    TopicSerdes serdes = TopicSerdes.forRegistry(stack.schemaRegistryUrl());
    Deserializer<RoutingDecision> decisions = serdes.value(Topics.LEAD_DECISIONS).deserializer();
    Deserializer<Lead> leads =
        serdes.value(Topics.leads(io.leadpipeline.avro.PartnerKind.LANDLORD, "any")).deserializer();
    Thread thread =
        new Thread(
            () -> {
              try (KafkaConsumer<String, byte[]> consumer =
                  new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(
                    Pattern.compile(
                        Pattern.quote(Topics.LEAD_DECISIONS.name(""))
                            + "|"
                            + Pattern.quote(Topics.ENQUIRIES_DLQ.name(""))
                            + "|leads\\..+|notices\\..+"));
                while (!stopping.get()) {
                  for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    String topic = record.topic();
                    if (topic.equals(Topics.LEAD_DECISIONS.name(""))) {
                      tally.decision(decisions.deserialize(topic, record.value()));
                    } else if (topic.equals(Topics.ENQUIRIES_DLQ.name(""))) {
                      tally.deadLetter(reason(record));
                    } else if (topic.startsWith("leads.")) {
                      tally.lead(leads.deserialize(topic, record.value()));
                    } else {
                      tally.notice();
                    }
                  }
                }
              }
            },
            "demo-watcher");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Partners' staff answering leads in the portal every two seconds while the demo runs. */
  private static Thread portalAtWork(DemoPortal portal, AtomicBoolean stopping) {
    Thread thread =
        new Thread(
            () -> {
              while (!stopping.get()) {
                try {
                  portal.work();
                  Thread.sleep(2000);
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  say("  partner portal: " + e.getClass().getSimpleName() + " (retrying)");
                }
              }
            },
            "demo-partners-at-work");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Waits until every sent enquiry has a decision or a dead letter, or {@code max} passes. */
  private void drain(DemoTally tally, Duration max) throws InterruptedException {
    long deadline = System.currentTimeMillis() + max.toMillis();
    while (System.currentTimeMillis() < deadline) {
      synchronized (tally) {
        if (tally.decisions >= tally.enquiriesSent && tally.deadLetters() >= tally.malformedSent) {
          break;
        }
      }
      Thread.sleep(250);
    }
  }

  private static String reason(ConsumerRecord<String, byte[]> record) {
    for (Header header : record.headers()) {
      if (header.key().endsWith("reason")) {
        return new String(header.value(), StandardCharsets.UTF_8);
      }
    }
    return "(no reason header)";
  }

  static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
