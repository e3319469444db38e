package io.leadpipeline.router.it;

import static io.leadpipeline.router.Fixtures.enquiry;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.PartnerDecision;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.PartnerStatus;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.router.PartnerImport;
import io.leadpipeline.topics.Topics;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/SPECIFICATION.md §7 exactly once: the router runs in its own JVM and is killed with SIGKILL in the
 * middle of the work, then started again. A read_committed consumer then sees every enquiry
 * decided once, every chosen lead delivered once, none missing, and the daily cap held.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class ExactlyOnceIT {
  static final int ENQUIRIES = 400;
  static final int CAP = 60;

  private static final String PARTNERS = """
      [
        {"partnerId": "eos-open", "name": "Open", "kind": "OPERATOR", "cities": ["London"],
         "maxDesks": 100, "officeTypes": ["SERVICED"]},
        {"partnerId": "eos-capped", "name": "Capped", "kind": "LANDLORD", "cities": ["London"],
         "maxDesks": 100, "officeTypes": ["SERVICED"], "dailyCap": %d}
      ]
      """.formatted(CAP);

  private static Process launch(ItSupport it, Path config, Path log) throws IOException {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java, "-Xmx384m", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.leadpipeline.avro",
            "-cp", System.getProperty("java.class.path"),
            "io.leadpipeline.router.LeadRouter", "run", "--config", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  @Test
  @Timeout(300)
  void aKilledRouterNeitherDuplicatesNorLosesLeadsAndCapsHold(LocalStack stack) throws Exception {
    ItSupport it = new ItSupport(stack, "eos-it");
    PartnerImport.importPartners(it.settings(Map.of()), it.partnersFile(PARTNERS));
    Properties p = new Properties();
    p.putAll(it.settingsMap(Map.of(
        "kafka.session.timeout.ms", "6000",
        "kafka.heartbeat.interval.ms", "1500",
        "commit.interval.ms", "200", "processing.guarantee", System.getProperty("eos.it.guarantee", "exactly_once_v2"))));
    Path config = Files.createTempFile("router", ".properties");
    try (Writer w = Files.newBufferedWriter(config)) {
      p.store(w, "ExactlyOnceIT");
    }
    Path log = Paths.get("target", "eos-it-router.log");
    Files.createDirectories(log.getParent());

    Set<String> enquiryIds = new HashSet<>();
    Process first = launch(it, config, log);
    try (KafkaProducer<String, SpecificRecord> producer = it.producer()) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < ENQUIRIES; i++) {
        Enquiry e = enquiry("eos" + i + "@example.com", null).build();
        enquiryIds.add(e.getEnquiryId());
        sent.add(producer.send(new ProducerRecord<>(Topics.ENQUIRIES.name(it.prefix), e.getEnquiryId(), e)));
        if (i % 50 == 49) {
          Thread.sleep(300); // spread the load so the kill lands mid-stream
        }
      }
      for (Future<RecordMetadata> f : sent) {
        f.get();
      }
    }
    // Kill it once part of the work is committed, and some is certainly in flight.
    List<ConsumerRecord<String, RoutingDecision>> before = it.readCommitted(
        Topics.LEAD_DECISIONS.name(it.prefix), RoutingDecision.class, Duration.ofSeconds(120), l -> l.size() >= ENQUIRIES / 4);
    first.destroyForcibly().waitFor();
    int decidedBeforeKill = before.size();
    assertThat(decidedBeforeKill).isLessThan(ENQUIRIES);

    Process second = launch(it, config, log);
    try {
      List<ConsumerRecord<String, RoutingDecision>> decisions = it.readCommitted(
          Topics.LEAD_DECISIONS.name(it.prefix), RoutingDecision.class, Duration.ofSeconds(150), l -> l.size() >= ENQUIRIES);
      // Let anything extra (a duplicate) surface before judging.
      Thread.sleep(2000);
      decisions = it.readCommitted(Topics.LEAD_DECISIONS.name(it.prefix), RoutingDecision.class, Duration.ofSeconds(5), l -> false);
      List<ConsumerRecord<String, Lead>> open = it.readCommitted(
          Topics.leads(PartnerKind.OPERATOR, "eos-open").name(it.prefix), Lead.class, Duration.ofSeconds(5), l -> false);
      List<ConsumerRecord<String, Lead>> capped = it.readCommitted(
          Topics.leads(PartnerKind.LANDLORD, "eos-capped").name(it.prefix), Lead.class, Duration.ofSeconds(5), l -> false);

      System.out.printf("exactly-once: killed after %d committed decisions; %d decisions, %d + %d leads%n",
          decidedBeforeKill, decisions.size(), open.size(), capped.size());
      assertThat(decisions).extracting(r -> r.value().getEnquiryId())
          .as("one decision per enquiry").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(enquiryIds);
      Set<String> chosen = new HashSet<>();
      for (ConsumerRecord<String, RoutingDecision> r : decisions) {
        for (PartnerDecision pd : r.value().getPartners()) {
          if (pd.getStatus() == PartnerStatus.CHOSEN) {
            chosen.add(pd.getLeadId());
          }
        }
      }
      List<String> delivered = new ArrayList<>();
      open.forEach(r -> delivered.add(r.value().getLeadId()));
      capped.forEach(r -> delivered.add(r.value().getLeadId()));
      assertThat(delivered).as("no lead twice").doesNotHaveDuplicates();
      assertThat(new HashSet<>(delivered)).as("no lead missing, none unaccounted for").isEqualTo(chosen);
      assertThat(open).hasSize(ENQUIRIES);
      assertThat(capped).as("the daily cap holds across the crash").hasSize(CAP);
    } finally {
      second.destroy();
      second.waitFor();
    }
  }
}
