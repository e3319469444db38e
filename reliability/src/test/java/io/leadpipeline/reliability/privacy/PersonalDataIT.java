package io.leadpipeline.reliability.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipeline.avro.ConsentShown;
import io.leadpipeline.avro.ConsentWording;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.reliability.corpus.BadEnquiries;
import io.leadpipeline.reliability.harness.ChildJvm;
import io.leadpipeline.reliability.harness.Pipeline;
import io.leadpipeline.reliability.harness.SuppressionApi;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No personal data where it does not belong (issue 7, part 5): the pipeline runs with known
 * emails and phone numbers (typed with capitals, spaces and national prefixes, as people type
 * them) through every path that handles them — the API's writes, a TPS upload, access reports,
 * enquiries valid and invalid, routing — and then the routers' and the service's logs, both
 * {@code /metrics} pages, every {@code suppression.*} topic and {@code lead-decisions} are
 * scanned for those identifiers in every form (as typed, lower-cased, E.164, national, digits).
 * Leads (which partners are meant to receive) and the dead-letter topic (which keeps the original
 * bytes by design) are not scanned.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class PersonalDataIT {
  static final int PEOPLE = 12;

  @Test
  @Timeout(420)
  void noEmailOrPhoneReachesLogsMetricsSuppressionTopicsOrDecisions(LocalStack stack) throws Exception {
    Pipeline pipeline = new Pipeline(stack, "privacy");
    pipeline.importPartners("""
        [{"partnerId": "privacy-a", "name": "A", "kind": "OPERATOR", "cities": ["London"],
          "maxDesks": 100, "officeTypes": ["SERVICED"]},
         {"partnerId": "privacy-b", "name": "B", "kind": "LANDLORD", "cities": ["London"],
          "maxDesks": 100, "officeTypes": ["SERVICED"]}]
        """);
    String tag = pipeline.prefix.replace(".", "");
    List<String> emails = new ArrayList<>();
    List<String> phones = new ArrayList<>();
    for (int i = 0; i < PEOPLE; i++) {
      emails.add("  Grace.Hopper" + i + "@Navy-" + tag + ".Example ");
      phones.add(String.format("020 7946 0%03d", 100 + i));
    }

    ChildJvm service = pipeline.startService();
    SuppressionApi api = pipeline.api();
    String uploadDay = java.time.LocalDate.now(java.time.ZoneId.of("Europe/London")).toString();
    // A TPS file holding some of them, uploaded through the API.
    StringBuilder tps = new StringBuilder();
    for (int i = 0; i < PEOPLE; i += 3) {
      tps.append(phones.get(i)).append(",2020-01-01\n");
    }
    pipeline.uploadRegister("TPS", tps.toString());
    pipeline.uploadRegister("CTPS", "0161 496 0999,2020-01-01\n");
    ChildJvm router = pipeline.startRouter(0);
    pipeline.awaitRouterReady(0, router);

    // Every kind of write, an access report, and invalid requests that name them.
    for (int i = 0; i < PEOPLE; i++) {
      switch (i % 4) {
        case 0 -> api.doNotCall(emails.get(i), phones.get(i)).acknowledgedAt();
        case 1 -> api.optOut(emails.get(i), "EMAIL_MARKETING", "PHONE_MARKETING").acknowledgedAt();
        case 2 -> api.doNotRepeat(emails.get(i), "privacy-b").acknowledgedAt();
        default -> api.post("/v1/call-consents", java.util.Map.of("phone", phones.get(i))).acknowledgedAt();
      }
      assertThat(api.get("/v1/subjects/access-report?email=" + java.net.URLEncoder.encode(emails.get(i).strip(), "UTF-8")).status())
          .isEqualTo(200);
      assertThat(api.post("/v1/do-not-call", java.util.Map.of("email", emails.get(i).replace("@", " at "))).status()).isEqualTo(400);
    }

    // Enquiries: valid ones from each person, and invalid ones that carry their identifiers.
    List<String> ids = new ArrayList<>();
    try (KafkaProducer<String, Enquiry> website = pipeline.website()) {
      for (int i = 0; i < PEOPLE; i++) {
        Enquiry.Builder b = BadEnquiries.valid(tag, i);
        b.getContactBuilder().setEmail(emails.get(i)).setPhone(phones.get(i));
        b.setMarketingConsentShown(SHOWN); // names privacy-a only (docs/enquiry-contract.md §1)
        Enquiry e = b.build();
        ids.add(e.getEnquiryId());
        website.send(new ProducerRecord<>(Topics.ENQUIRIES.name(pipeline.prefix), e.getEnquiryId(), e)).get();
        Enquiry bad = BadEnquiries.valid(tag, 500 + i).build();
        bad.getContact().setEmail(emails.get(i));
        bad.getContact().setPhone(phones.get(i) + "99999999");
        website.send(new ProducerRecord<>(Topics.ENQUIRIES.name(pipeline.prefix), bad.getEnquiryId(), bad)).get();
      }
    }
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .until(() -> pipeline.reader().decisions().size() >= PEOPLE && pipeline.reader().deadLetters().size() >= PEOPLE);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(
        () -> accessReportShowsTheConsentAndRegistersPerRecipient(api, emails.get(3), uploadDay));

    String routerMetrics = pipeline.routerGet(0, "/metrics").body();
    String serviceMetrics = api.get("/metrics").body();
    assertThat(routerMetrics).contains("leads_routed_total");
    assertThat(serviceMetrics).contains("suppression_updates_total");
    router.close();
    service.close();

    PersonalDataScanner scanner = new PersonalDataScanner(emails, phones);
    List<PersonalDataScanner.Finding> findings = new ArrayList<>();
    int logLines = 0;
    for (Path log : List.of(router.log(), service.log())) {
      String text = Files.readString(log);
      logLines += (int) text.lines().count();
      findings.addAll(scanner.scan(log.getFileName().toString(), text));
    }
    findings.addAll(scanner.scan("router /metrics", routerMetrics));
    findings.addAll(scanner.scan("service /metrics", serviceMetrics));
    int records = 0;
    List<TopicSpec<String, ?>> scanned = new ArrayList<>(List.of(Topics.SUPPRESSION_TPS, Topics.SUPPRESSION_CALL_CONSENTS,
        Topics.SUPPRESSION_PREFERENCES, Topics.SUPPRESSION_DO_NOT_REPEAT, Topics.SUPPRESSION_TPS_LOADS,
        Topics.SUPPRESSION_AUDIT, Topics.SUPPRESSION_ERASURES, Topics.LEAD_DECISIONS));
    for (TopicSpec<String, ?> topic : scanned) {
      for (ConsumerRecord<byte[], byte[]> r : pipeline.reader().raw(topic.name(pipeline.prefix))) {
        records++;
        String where = topic.baseName() + "@" + r.partition() + ":" + r.offset();
        findings.addAll(scanner.scan(where + " key", r.key()));
        findings.addAll(scanner.scan(where + " value", r.value()));
        r.headers().forEach(h -> findings.addAll(scanner.scan(where + " header " + h.key(), h.value())));
      }
    }
    System.out.printf("PRIVACY %s: %d emails and %d phones in every form; scanned %d log lines, %d + %d metric lines, "
            + "%d records on %d topics; %d findings%s%n",
        findings.isEmpty() ? "PASS" : "FAIL", PEOPLE, PEOPLE, logLines, routerMetrics.lines().count(),
        serviceMetrics.lines().count(), records, scanned.size(), findings.size(),
        findings.isEmpty() ? "" : ": " + findings.subList(0, Math.min(10, findings.size())));
    assertThat(records).as("records scanned").isGreaterThan(PEOPLE * 3);
    assertThat(findings).isEmpty();
    // Control: the same scanner does find them where they belong, in the partners' leads.
    List<PersonalDataScanner.Finding> inLeads = new ArrayList<>();
    for (String partner : List.of("privacy-a")) {
      for (ConsumerRecord<byte[], byte[]> r : pipeline.reader().raw(
          Topics.leads(io.leadpipeline.avro.PartnerKind.OPERATOR, partner).name(pipeline.prefix))) {
        inLeads.addAll(scanner.scan("lead", r.value()));
      }
    }
    assertThat(inLeads).as("identifiers found in leads (the scanner's control)").isNotEmpty();
  }

  /** The email box's wording: it names privacy-a by id, and no category. */
  static final ConsentShown SHOWN = new ConsentShown(
      new ConsentWording("privacy-email-named", "2026-03", List.of("privacy-a"), List.of()), null);

  /**
   * Evidence for every share (docs/enquiry-contract.md §2, §3), through the real router and
   * service: the person (who only granted a call consent) reached both partners; only privacy-a,
   * which the wording named, may market, and each recipient shows the register loads uploaded above.
   */
  private static void accessReportShowsTheConsentAndRegistersPerRecipient(
      SuppressionApi api, String email, String uploadDay) throws Exception {
    // The loads were made between the upload and now (a run may span midnight).
    List<String> loadDays =
        List.of(uploadDay, java.time.LocalDate.now(java.time.ZoneId.of("Europe/London")).toString());
    JsonNode recipients = api.get("/v1/subjects/access-report?email="
        + java.net.URLEncoder.encode(email.strip(), "UTF-8")).json().get("recipients");
    java.util.Map<String, JsonNode> byPartner = new java.util.HashMap<>();
    recipients.forEach(r -> byPartner.put(r.get("partnerId").asText(), r));
    assertThat(byPartner).containsOnlyKeys("privacy-a", "privacy-b");
    JsonNode a = byPartner.get("privacy-a");
    assertThat(a.get("marketingPermitted").asBoolean()).isTrue();
    assertThat(a.get("marketingConsents")).hasSize(1);
    assertThat(a.get("marketingConsents").get(0).get("channel").asText()).isEqualTo("EMAIL");
    assertThat(a.get("marketingConsents").get(0).get("wordingId").asText()).isEqualTo("privacy-email-named");
    assertThat(a.get("marketingConsents").get(0).get("wordingVersion").asText()).isEqualTo("2026-03");
    JsonNode b = byPartner.get("privacy-b");
    assertThat(b.get("marketingPermitted").asBoolean()).as("the wording did not name privacy-b").isFalse();
    assertThat(b.get("marketingConsents")).isEmpty();
    for (JsonNode r : List.of(a, b)) {
      List<String> registers = new ArrayList<>();
      r.get("registersScreenedAgainst").forEach(l -> {
        registers.add(l.get("register").asText());
        assertThat(l.get("registerDate").asText()).isIn(loadDays);
        assertThat(l.get("loadId").asText()).isNotBlank();
      });
      assertThat(registers).as(r.get("partnerId").asText()).containsExactly("TPS", "CTPS");
    }
  }
}
