package io.leadpipeline.suppression.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipeline.avro.AuditEvent;
import io.leadpipeline.avro.CallConsent;
import io.leadpipeline.avro.CallDecision;
import io.leadpipeline.avro.CallReason;
import io.leadpipeline.avro.ConsentStatus;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DecisionOutcome;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.avro.Erasure;
import io.leadpipeline.avro.MarketingDecision;
import io.leadpipeline.avro.MarketingReason;
import io.leadpipeline.avro.PartnerDecision;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.PartnerReason;
import io.leadpipeline.avro.PartnerStatus;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.avro.TpsLoad;
import io.leadpipeline.avro.TpsRegistration;
import io.leadpipeline.config.Settings;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.suppression.SuppressionService;
import io.leadpipeline.suppression.access.ApiKeys;
import io.leadpipeline.suppression.access.Scope;
import io.leadpipeline.suppression.api.Bodies;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint on the real broker and registry: a 2xx means the record is on the topic, under
 * the right key, stamped by the broker with the returned time T, and no raw email or phone
 * reached any topic.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class SuppressionServiceIT {
  private static final String PREFIX = "svc-it.";
  private static final String SUBJECT_SECRET = "it-subject-key-secret-0123456789";
  private static final String KEY = "it.it-api-secret";
  private static final String EMAIL = "Ada.Lovelace@Example.org";
  private static final String PHONE = "020 7946 0321";
  private static final String PHONE_DIGITS = "79460321";

  private final SubjectKeys keys = new SubjectKeys(SUBJECT_SECRET);
  private final HttpClient http = HttpClient.newHttpClient();
  private LocalStack stack;
  private Settings settings;
  private SuppressionService service;
  private TopicSerdes serdes;
  private TopicReader reader;

  @BeforeAll
  void start(LocalStack stack, @TempDir Path state) {
    this.stack = stack;
    List<NewTopic> topics = new ArrayList<>();
    Topics.fixed().forEach(t -> topics.add(t.newTopic(PREFIX, (short) 1)));
    topics.add(Topics.notices(PartnerKind.LANDLORD, "acme").newTopic(PREFIX, (short) 1));
    stack.createTopics(topics);
    Map<String, String> s = new HashMap<>();
    s.put("bootstrap.servers", stack.bootstrapServers());
    s.put("schema.registry.url", stack.schemaRegistryUrl());
    s.put("topic.prefix", PREFIX);
    s.put("subject.key.secret", SUBJECT_SECRET);
    s.put("unsubscribe.token.secret", "it-token-secret-0123456789");
    s.put("http.port", "0");
    s.put("http.host", "127.0.0.1");
    s.put("api.keys", ApiKeys.configLine("it", "it-api-secret", EnumSet.allOf(Scope.class)));
    s.put("tps.state.dir", state.toString());
    settings = Settings.of(s);
    service = SuppressionService.start(settings);
    serdes = TopicSerdes.forRegistry(stack.schemaRegistryUrl());
    reader = new TopicReader(stack.bootstrapServers());
  }

  @AfterAll
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  private HttpResponse<String> call(String method, String path, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
        .header("Authorization", "Bearer " + KEY)
        .timeout(Duration.ofSeconds(60));
    if (json != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The newest record under {@code key}, decoded, with its broker timestamp. */
  private <V> Found<V> newest(TopicSpec<String, V> topic, String key) {
    ConsumerRecord<String, byte[]> last = null;
    for (ConsumerRecord<String, byte[]> r : reader.readAll(topic.name(PREFIX))) {
      if (key.equals(r.key())) {
        last = r;
      }
    }
    assertThat(last).as("a record under the key on " + topic.baseName()).isNotNull();
    V value = last.value() == null ? null : serdes.value(topic).deserializer().deserialize(last.topic(), last.value());
    return new Found<>(value, Instant.ofEpochMilli(last.timestamp()), last.timestampType().name);
  }

  record Found<V>(V value, Instant timestamp, String timestampType) {}

  private static Instant acknowledgedAt(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Instant.parse(Bodies.MAPPER.readTree(r.body()).get("acknowledgedAt").asText());
  }

  @Test
  @Order(1)
  void anOptOutIsOnTheTopicUnderTheSubjectKeyStampedByTheBrokerAtT() throws Exception {
    Instant t = acknowledgedAt(call("POST", "/v1/opt-outs", "{\"email\":\"" + EMAIL + "\",\"channels\":[\"EMAIL_MARKETING\"]}"));
    Found<ContactPreferences> f = newest(Topics.SUPPRESSION_PREFERENCES, keys.ofEmail(EMAIL));
    assertThat(f.timestamp()).isEqualTo(t);
    assertThat(f.timestampType()).isEqualTo("LogAppendTime");
    assertThat(f.value().getEmailMarketingOptOutAt()).isNotNull();
    assertThat(f.value().getSource()).isEqualTo("api:it");
  }

  @Test
  @Order(2)
  void doNotCallMergesIntoThePreferencesOfEachKey() throws Exception {
    Instant t = acknowledgedAt(call("POST", "/v1/do-not-call", "{\"email\":\"" + EMAIL + "\",\"phone\":\"" + PHONE + "\"}"));
    Found<ContactPreferences> byEmail = newest(Topics.SUPPRESSION_PREFERENCES, keys.ofEmail(EMAIL));
    assertThat(byEmail.value().getDoNotCallAt()).isNotNull();
    assertThat(byEmail.value().getEmailMarketingOptOutAt()).as("the earlier opt-out survives the merge").isNotNull();
    Found<ContactPreferences> byPhone = newest(Topics.SUPPRESSION_PREFERENCES, keys.ofPhone(PHONE));
    assertThat(byPhone.value().getDoNotCallAt()).isNotNull();
    assertThat(List.of(byEmail.timestamp(), byPhone.timestamp())).contains(t);
  }

  @Test
  @Order(3)
  void callConsentsAreGrantedAndRevokedUnderThePhoneKey() throws Exception {
    Instant granted = acknowledgedAt(call("POST", "/v1/call-consents", "{\"phone\":\"" + PHONE + "\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}"));
    Found<CallConsent> g = newest(Topics.SUPPRESSION_CALL_CONSENTS, keys.ofPhone(PHONE));
    assertThat(g.timestamp()).isEqualTo(granted);
    assertThat(g.value().getStatus()).isEqualTo(ConsentStatus.GRANTED);
    assertThat(g.value().getExpiresAt()).isEqualTo(Instant.parse("2099-01-01T00:00:00Z"));
    Instant revoked = acknowledgedAt(call("DELETE", "/v1/call-consents", "{\"phone\":\"" + PHONE + "\"}"));
    Found<CallConsent> r = newest(Topics.SUPPRESSION_CALL_CONSENTS, keys.ofPhone(PHONE));
    assertThat(r.timestamp()).isEqualTo(revoked);
    assertThat(r.value().getStatus()).isEqualTo(ConsentStatus.REVOKED);
  }

  @Test
  @Order(4)
  void doNotRepeatIsAddedAndLifted() throws Exception {
    Instant t = acknowledgedAt(call("POST", "/v1/do-not-repeat", "{\"email\":\"" + EMAIL + "\",\"partnerIds\":[\"acme\",\"beta\"]}"));
    Found<DoNotRepeat> added = newest(Topics.SUPPRESSION_DO_NOT_REPEAT, keys.ofEmail(EMAIL));
    assertThat(added.timestamp()).isEqualTo(t);
    assertThat(added.value().getPartnerIds()).containsExactly("acme", "beta");
    acknowledgedAt(call("DELETE", "/v1/do-not-repeat", "{\"email\":\"" + EMAIL + "\",\"partnerIds\":[\"beta\"]}"));
    assertThat(newest(Topics.SUPPRESSION_DO_NOT_REPEAT, keys.ofEmail(EMAIL)).value().getPartnerIds()).containsExactly("acme");
  }

  @Test
  @Order(5)
  void reConsentClearsTheChannelAndRecordsACallConsentNewerThanTheDoNotCall() throws Exception {
    Instant t = acknowledgedAt(call("POST", "/v1/re-consent", "{\"phone\":\"" + PHONE + "\",\"calls\":true}"));
    Found<CallConsent> consent = newest(Topics.SUPPRESSION_CALL_CONSENTS, keys.ofPhone(PHONE));
    assertThat(consent.value().getStatus()).isEqualTo(ConsentStatus.GRANTED);
    assertThat(consent.timestamp()).isEqualTo(t);
    assertThat(newest(Topics.SUPPRESSION_PREFERENCES, keys.ofPhone(PHONE)).value()).as("nothing left: tombstone").isNull();
  }

  @Test
  @Order(6)
  void aTpsUploadPublishesKeyedRegistrationsAndRecordsTheLoad() throws Exception {
    HttpRequest upload = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/v1/tps/files?register=TPS&kind=FULL&name=tps.txt"))
        .header("Authorization", "Bearer " + KEY).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(PHONE + ",2024-02-01\n02079460322\nnot-a-number\n")).build();
    HttpResponse<String> r = http.send(upload, HttpResponse.BodyHandlers.ofString());
    Instant t = acknowledgedAt(r);
    Found<TpsRegistration> reg = newest(Topics.SUPPRESSION_TPS, keys.ofPhone(PHONE));
    assertThat(reg.value().getRegisteredOn()).hasToString("2024-02-01");
    Found<TpsLoad> load = newest(Topics.SUPPRESSION_TPS_LOADS, "TPS");
    assertThat(load.timestamp()).isEqualTo(t);
    assertThat(load.value().getNumbers()).isEqualTo(2);
    assertThat(load.value().getRejectedLines()).isEqualTo(1);
  }

  @Test
  @Order(7)
  void theAccessReportAndErasureReadTheRoutersDecisionsAndNameThePartnersForTheRouter() throws Exception {
    String subject = keys.ofEmail(EMAIL);
    Instant at = Instant.parse("2026-11-01T09:00:00Z");
    RoutingDecision decision = RoutingDecision.newBuilder()
        .setEnquiryId("enq-1").setSubjectKey(subject).setPhoneKey(keys.ofPhone(PHONE))
        .setEventTime(at).setDecidedAt(at.plusMillis(25)).setOutcome(DecisionOutcome.ROUTED)
        .setCall(new CallDecision(true, CallReason.TPS_OVERRIDDEN))
        .setMarketing(new MarketingDecision(false, MarketingReason.OPTED_OUT))
        .setPartners(List.of(new PartnerDecision("acme", PartnerKind.LANDLORD, PartnerStatus.CHOSEN, PartnerReason.SELECTED, 2.0, "lead-acme-1", List.of(), List.of())))
        .setSuppressionFacts(List.of()).setLatencyMs(25).build();
    try (KafkaProducer<String, RoutingDecision> p = new KafkaProducer<>(
        Map.of("bootstrap.servers", stack.bootstrapServers()), new StringSerializer(),
        serdes.value(Topics.LEAD_DECISIONS).serializer())) {
      p.send(new ProducerRecord<>(Topics.LEAD_DECISIONS.name(PREFIX), subject, decision)).get();
    }
    HttpResponse<String> report = call("GET", "/v1/subjects/access-report?email=" + EMAIL + "&phone=%2B44" + "20" + PHONE_DIGITS, null);
    assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
    JsonNode r = Bodies.MAPPER.readTree(report.body());
    assertThat(r.get("recipients").get(0).get("partnerId").asText()).isEqualTo("acme");
    assertThat(r.get("recipients").get(0).get("fields").toString()).contains("contact.phone");
    assertThat(r.get("held").get("telephonePreferenceService").get("TPS").asText()).isEqualTo("2024-02-01");
    assertThat(r.get("held").get("doNotRepeat").get("partnerIds").toString()).contains("acme");

    HttpResponse<String> erased = call("POST", "/v1/subjects/erasure", "{\"email\":\"" + EMAIL + "\",\"phone\":\"" + PHONE + "\"}");
    assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
    // The router is the single writer of notices: the service names what it found, and the id the router will use.
    assertThat(reader.readAll(Topics.notices(PartnerKind.LANDLORD, "acme").name(PREFIX))).isEmpty();
    JsonNode toSend = Bodies.MAPPER.readTree(erased.body()).get("noticesToSend");
    assertThat(toSend).hasSize(1);
    assertThat(toSend.get(0).get("partnerId").asText()).isEqualTo("acme");
    assertThat(toSend.get(0).get("leadIds").toString()).isEqualTo("[\"lead-acme-1\"]");
    assertThat(newest(Topics.SUPPRESSION_CALL_CONSENTS, keys.ofPhone(PHONE)).value()).as("granted consent tombstoned").isNull();
    assertThat(newest(Topics.SUPPRESSION_PREFERENCES, keys.ofEmail(EMAIL)).value()).as("objection kept").isNotNull();

    // The router hears of it under the subject key, with both keys and no raw identifier.
    Found<Erasure> toRouter = newest(Topics.SUPPRESSION_ERASURES, subject);
    assertThat(toRouter.value().getSubjectKey()).isEqualTo(subject);
    assertThat(toRouter.value().getPhoneKey()).isEqualTo(keys.ofPhone(PHONE));
    assertThat(toRouter.timestampType()).isEqualTo("LogAppendTime");
    assertThat(toRouter.value().getNotifiedLeadIds()).isEmpty();
    assertThat(toRouter.value().getFoundRecipients()).singleElement().satisfies(found -> {
      assertThat(found.getPartnerId()).isEqualTo("acme");
      assertThat(found.getPartnerKind()).isEqualTo(PartnerKind.LANDLORD);
      assertThat(found.getLeadIds()).containsExactly("lead-acme-1");
    });
    assertThat(toSend.get(0).get("noticeId").asText())
        .isEqualTo(io.leadpipeline.identity.NoticeIds.erasure("acme", subject, toRouter.value().getRequestedAt().toEpochMilli()));
    JsonNode routerState = Bodies.MAPPER.readTree(erased.body()).get("routerState");
    assertThat(routerState.get("topic").asText()).isEqualTo("suppression.erasures");
    assertThat(Instant.parse(routerState.get("acknowledgedAt").asText())).isEqualTo(toRouter.timestamp());
  }

  @Test
  @Order(8)
  void theOneClickUnsubscribeLinkWritesAnOptOut() throws Exception {
    String email = "grace.hopper@example.org";
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create(service.unsubscribeUrl(email)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    Found<ContactPreferences> f = newest(Topics.SUPPRESSION_PREFERENCES, keys.ofEmail(email));
    assertThat(f.value().getEmailMarketingOptOutAt()).isNotNull();
    assertThat(f.value().getSource()).isEqualTo("page:unsubscribe");
  }

  @Test
  @Order(9)
  void aRestartedServiceRebuildsItsViewFromTheTopicsAndStillMerges() throws Exception {
    service.close();
    service = SuppressionService.start(settings);
    acknowledgedAt(call("POST", "/v1/opt-outs", "{\"email\":\"" + EMAIL + "\",\"channels\":[\"SMS\"]}"));
    ContactPreferences merged = newest(Topics.SUPPRESSION_PREFERENCES, keys.ofEmail(EMAIL)).value();
    assertThat(merged.getSmsOptOutAt()).isNotNull();
    assertThat(merged.getEmailMarketingOptOutAt()).as("read back from the topic after restart").isNotNull();
    assertThat(merged.getDoNotCallAt()).isNotNull();
    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body()).containsPattern("suppression_tps_file_age_seconds\\{register=\"TPS\"\\} \\d");
  }

  @Test
  @Order(10)
  void everyWriteWasAuditedAndNoTopicHoldsARawEmailOrPhone() {
    List<ConsumerRecord<String, byte[]>> audit = reader.readAll(Topics.SUPPRESSION_AUDIT.name(PREFIX));
    assertThat(audit).hasSizeGreaterThanOrEqualTo(12);
    List<String> actors = audit.stream()
        .map(r -> serdes.value(Topics.SUPPRESSION_AUDIT).deserializer().deserialize(r.topic(), r.value()))
        .map(AuditEvent::getActor).distinct().toList();
    assertThat(actors).contains("it", "page:unsubscribe").doesNotContain(KEY, "it-api-secret");
    for (TopicSpec<?, ?> topic : List.of(Topics.SUPPRESSION_PREFERENCES, Topics.SUPPRESSION_CALL_CONSENTS,
        Topics.SUPPRESSION_DO_NOT_REPEAT, Topics.SUPPRESSION_TPS, Topics.SUPPRESSION_TPS_LOADS, Topics.SUPPRESSION_AUDIT,
        Topics.SUPPRESSION_ERASURES,
        Topics.notices(PartnerKind.LANDLORD, "acme"))) {
      for (ConsumerRecord<String, byte[]> r : reader.readAll(topic.name(PREFIX))) {
        String raw = (r.key() == null ? "" : r.key()) + (r.value() == null ? "" : new String(r.value(), StandardCharsets.ISO_8859_1));
        assertThat(raw).as(topic.baseName()).doesNotContainIgnoringCase("lovelace").doesNotContainIgnoringCase("hopper")
            .doesNotContain(PHONE_DIGITS)
            // Any number of the 020 7946 range in any written form; "7946" alone turns up in random ids.
            .doesNotContain("207946").doesNotContain("20 7946");
      }
    }
  }
}
