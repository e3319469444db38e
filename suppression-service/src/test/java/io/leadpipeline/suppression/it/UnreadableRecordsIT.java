package io.leadpipeline.suppression.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipeline.avro.CallConsent;
import io.leadpipeline.avro.ConsentStatus;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.TpsFileKind;
import io.leadpipeline.avro.TpsLoad;
import io.leadpipeline.config.Settings;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.serde.ConfluentAvroSerializer;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One damaged record per suppression topic of the view, on the real broker and registry, for each
 * kind of damage: the service stays ready and lists them; other people's objections are accepted;
 * each damaged person's own objection is accepted and written onto the most restrictive state, so
 * nothing the damaged record said is lost; a lift for that person waits (409); a new register
 * load replaces an unreadable one. A record written with a newer, compatible schema is read and
 * honoured.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(180)
class UnreadableRecordsIT {
  private static final String SUBJECT_SECRET = "it-subject-key-secret-0123456789";
  private static final String KEY = "it.it-api-secret";
  private static final String ADA = "ada.lovelace@example.org";
  private static final String BOB = "bob.kahn@example.org";
  private static final String CAROL_PHONE = "+442079460123";
  private static final String EVE = "eve.other@example.org";
  private static final Instant EARLIER = Instant.parse("2026-01-05T09:00:00Z");
  private final SubjectKeys keys = new SubjectKeys(SUBJECT_SECRET);
  private final HttpClient http = HttpClient.newHttpClient();

  /** How a record's bytes are damaged. */
  enum Damage {
    /** A schema id the registry never handed out, as after a registry lost its schemas. */
    UNKNOWN_SCHEMA_ID("unknown_schema"),
    /** Not the Confluent wire format. */
    WRONG_MAGIC_BYTE("undecodable"),
    /** The Avro body cut short. */
    TRUNCATED_AVRO("undecodable");

    final String label;

    Damage(String label) {
      this.label = label;
    }

    byte[] apply(byte[] good) {
      byte[] bad = Arrays.copyOf(good, good.length);
      return switch (this) {
        case UNKNOWN_SCHEMA_ID -> {
          bad[1] = 0x7f;
          yield bad;
        }
        case WRONG_MAGIC_BYTE -> {
          bad[0] = 1;
          yield bad;
        }
        case TRUNCATED_AVRO -> Arrays.copyOf(good, 5 + (good.length - 5) / 2);
      };
    }
  }

  private static Settings settings(LocalStack stack, String prefix, Path state) {
    Map<String, String> s = new HashMap<>();
    s.put("bootstrap.servers", stack.bootstrapServers());
    s.put("schema.registry.url", stack.schemaRegistryUrl());
    s.put("topic.prefix", prefix);
    s.put("subject.key.secret", SUBJECT_SECRET);
    s.put("unsubscribe.token.secret", "it-token-secret-0123456789");
    s.put("http.port", "0");
    s.put("http.host", "127.0.0.1");
    s.put("api.keys", ApiKeys.configLine("it", "it-api-secret", EnumSet.allOf(Scope.class)));
    s.put("tps.state.dir", state.toString());
    s.put("startup.timeout", "30s");
    return Settings.of(s);
  }

  private static void createTopics(LocalStack stack, String prefix) {
    List<org.apache.kafka.clients.admin.NewTopic> topics = new ArrayList<>();
    Topics.fixed().forEach(t -> topics.add(t.newTopic(prefix, (short) 1)));
    stack.createTopics(topics);
  }

  private static RecordMetadata produce(LocalStack stack, String topic, String key, byte[] value) throws Exception {
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
      return p.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  private static <V> byte[] encode(TopicSerdes serdes, TopicSpec<String, V> spec, String prefix, V value) {
    return serdes.value(spec).serializer().serialize(spec.name(prefix), value);
  }

  private HttpResponse<String> call(SuppressionService service, String method, String path, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
        .header("Authorization", "Bearer " + KEY)
        .timeout(Duration.ofSeconds(60));
    b = json == null
        ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The newest record under {@code key} on the topic, decoded as the router would. */
  private static <V> V last(LocalStack stack, TopicSerdes serdes, TopicSpec<String, V> spec, String prefix, String key) {
    String topic = spec.name(prefix);
    List<ConsumerRecord<String, byte[]>> on = new TopicReader(stack.bootstrapServers()).readAll(topic).stream()
        .filter(r -> key.equals(r.key())).toList();
    assertThat(on).isNotEmpty();
    return serdes.value(spec).deserializer().deserialize(topic, on.get(on.size() - 1).value());
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void aDamagedRecordOnEachTopicHoldsOnlyItsKeyAndEveryObjectionIsAccepted(Damage damage, LocalStack stack, @TempDir Path state)
      throws Exception {
    String prefix = "unreadable-it-" + damage.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ".";
    createTopics(stack, prefix);
    TopicSerdes serdes = TopicSerdes.forRegistry(stack.schemaRegistryUrl());
    String ada = keys.ofEmail(ADA);
    String bob = keys.ofEmail(BOB);
    String carol = keys.ofPhone(CAROL_PHONE);

    // Each person's earlier choice, damaged on its way to the topic.
    ContactPreferences adaOptOut = ContactPreferences.newBuilder()
        .setSmsOptOutAt(EARLIER).setUpdatedAt(EARLIER).setSource("api:it").build();
    DoNotRepeat bobList = DoNotRepeat.newBuilder()
        .setAllPartners(false).setPartnerIds(List.of("landlord-one")).setUpdatedAt(EARLIER).setSource("api:it").build();
    CallConsent carolConsent = CallConsent.newBuilder()
        .setStatus(ConsentStatus.GRANTED).setAt(EARLIER).setSource("api:it").build();
    TpsLoad load = TpsLoad.newBuilder().setRegister(Register.TPS).setKind(TpsFileKind.FULL).setFile("tps.txt")
        .setLoadedAt(EARLIER).setNumbers(1).setAdded(1).setRemoved(0).setRejectedLines(0).build();
    List<String> where = new ArrayList<>();
    where.add(at(produce(stack, Topics.SUPPRESSION_PREFERENCES.name(prefix), ada,
        damage.apply(encode(serdes, Topics.SUPPRESSION_PREFERENCES, prefix, adaOptOut)))));
    where.add(at(produce(stack, Topics.SUPPRESSION_DO_NOT_REPEAT.name(prefix), bob,
        damage.apply(encode(serdes, Topics.SUPPRESSION_DO_NOT_REPEAT, prefix, bobList)))));
    where.add(at(produce(stack, Topics.SUPPRESSION_CALL_CONSENTS.name(prefix), carol,
        damage.apply(encode(serdes, Topics.SUPPRESSION_CALL_CONSENTS, prefix, carolConsent)))));
    where.add(at(produce(stack, Topics.SUPPRESSION_TPS_LOADS.name(prefix), Register.TPS.name(),
        damage.apply(encode(serdes, Topics.SUPPRESSION_TPS_LOADS, prefix, load)))));

    try (SuppressionService service = SuppressionService.start(settings(stack, prefix, state))) {
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        HttpResponse<String> ready = call(service, "GET", "/health/ready", null);
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        JsonNode listed = Bodies.MAPPER.readTree(ready.body()).get("unreadableRecords");
        assertThat(listed).hasSize(4);
        assertThat(listed.toString()).contains(where).contains(damage.label)
            .doesNotContain(ada, bob, carol);
      });
      String metrics = service.metrics().scrape();
      assertThat(metrics).contains("suppression_view_unreadable 1.0", "suppression_view_unreadable_keys 4.0")
          .contains("suppression_tps_file_age_seconds{register=\"TPS\"} +Inf");

      // Everyone else is served as usual.
      assertThat(call(service, "POST", "/v1/opt-outs", "{\"email\":\"" + EVE + "\",\"channels\":[\"ALL_MARKETING\"]}").statusCode())
          .isEqualTo(200);
      assertThat(call(service, "POST", "/v1/do-not-call", "{\"email\":\"" + EVE + "\",\"phone\":\"+442079460456\"}").statusCode())
          .isEqualTo(200);

      // Ada: a lift waits, her objection lands on the most restrictive state.
      HttpResponse<String> lift = call(service, "POST", "/v1/re-consent", "{\"email\":\"" + ADA + "\",\"channels\":[\"SMS\"]}");
      assertThat(lift.statusCode()).as(lift.body()).isEqualTo(409);
      assertThat(lift.body()).contains(where.get(0)).doesNotContain(ada);
      assertThat(call(service, "POST", "/v1/opt-outs", "{\"email\":\"" + ADA + "\",\"channels\":[\"EMAIL_MARKETING\"]}").statusCode())
          .isEqualTo(200);
      ContactPreferences adaNow = last(stack, serdes, Topics.SUPPRESSION_PREFERENCES, prefix, ada);
      assertThat(adaNow.getEmailMarketingOptOutAt()).as("her objection").isNotNull();
      assertThat(adaNow.getSmsOptOutAt()).as("what the damaged record said").isNotNull();
      assertThat(adaNow.getPhoneMarketingOptOutAt()).isNotNull();
      assertThat(adaNow.getDoNotCallAt()).isNotNull();

      // Bob: lifting his list waits; adding to it is accepted and covers every partner.
      assertThat(call(service, "DELETE", "/v1/do-not-repeat", "{\"email\":\"" + BOB + "\",\"allPartners\":true}").statusCode())
          .isEqualTo(409);
      assertThat(call(service, "POST", "/v1/do-not-repeat", "{\"email\":\"" + BOB + "\",\"partnerIds\":[\"operator-two\"]}").statusCode())
          .isEqualTo(200);
      DoNotRepeat bobNow = last(stack, serdes, Topics.SUPPRESSION_DO_NOT_REPEAT, prefix, bob);
      assertThat(bobNow.getAllPartners()).isTrue();
      assertThat(bobNow.getPartnerIds()).contains("operator-two");

      // Carol: her revocation is accepted.
      assertThat(call(service, "DELETE", "/v1/call-consents", "{\"phone\":\"" + CAROL_PHONE + "\"}").statusCode()).isEqualTo(200);
      assertThat(last(stack, serdes, Topics.SUPPRESSION_CALL_CONSENTS, prefix, carol).getStatus()).isEqualTo(ConsentStatus.REVOKED);

      // A new register load replaces the unreadable one.
      HttpRequest upload = HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + service.httpPort() + "/v1/tps/files?register=TPS&kind=FULL&name=tps.txt"))
          .header("Authorization", "Bearer " + KEY).header("Content-Type", "text/plain")
          .POST(HttpRequest.BodyPublishers.ofString("02079460999,2024-02-01\n")).build();
      assertThat(http.send(upload, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

      HttpResponse<String> ready = call(service, "GET", "/health/ready", null);
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(Bodies.MAPPER.readTree(ready.body()).get("unreadableRecords")).as("every damaged key superseded").isEmpty();
      assertThat(service.metrics().scrape()).contains("suppression_view_unreadable 0.0", "suppression_view_unreadable_keys 0.0")
          .containsPattern("suppression_tps_file_age_seconds\\{register=\"TPS\"\\} \\d");
    }
  }

  @Test
  void aRecordWrittenWithANewerCompatibleSchemaIsReadAndHonoured(LocalStack stack, @TempDir Path state) throws Exception {
    String prefix = "unreadable-it-newer.";
    createTopics(stack, prefix);
    String topic = Topics.SUPPRESSION_PREFERENCES.name(prefix);
    String ada = keys.ofEmail(ADA);
    // The next version of ContactPreferences as a later service might write it: one more field, with a default.
    Schema current = ContactPreferences.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    current.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
    fields.add(new Schema.Field("quietHoursNote", Schema.create(Schema.Type.STRING), "added in a later version", ""));
    Schema newer = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    GenericRecord record = new GenericData.Record(newer);
    record.put("emailMarketingOptOutAt", EARLIER.toEpochMilli());
    record.put("updatedAt", EARLIER.toEpochMilli());
    record.put("source", "api:later");
    record.put("quietHoursNote", "weekday mornings");
    byte[] bytes;
    try (ConfluentAvroSerializer<GenericRecord> serializer =
        new ConfluentAvroSerializer<>(Map.of("schema.registry.url", stack.schemaRegistryUrl()), false)) {
      bytes = serializer.serialize(topic, record);
    }
    produce(stack, topic, ada, bytes);
    TopicSerdes serdes = TopicSerdes.forRegistry(stack.schemaRegistryUrl());

    try (SuppressionService service = SuppressionService.start(settings(stack, prefix, state))) {
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        HttpResponse<String> report = call(service, "GET", "/v1/subjects/access-report?email=" + ADA, null);
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        assertThat(Bodies.MAPPER.readTree(report.body()).get("held").get("preferencesByEmail").get("emailMarketingOptOutAt").asText())
            .isEqualTo(EARLIER.toString());
      });
      assertThat(service.metrics().scrape()).contains("suppression_view_unreadable 0.0");
      // A lift onto it is allowed (the record is readable) and a merge keeps what it said.
      assertThat(call(service, "POST", "/v1/do-not-call", "{\"email\":\"" + ADA + "\"}").statusCode()).isEqualTo(200);
      ContactPreferences merged = last(stack, serdes, Topics.SUPPRESSION_PREFERENCES, prefix, ada);
      assertThat(merged.getEmailMarketingOptOutAt()).isEqualTo(EARLIER);
      assertThat(merged.getDoNotCallAt()).isNotNull();
      assertThat(merged.getSmsOptOutAt()).as("a readable record is merged as it is, not as the most restrictive").isNull();
    }
  }

  private static String at(RecordMetadata m) {
    return m.topic() + "-" + m.partition() + "@" + m.offset();
  }
}
