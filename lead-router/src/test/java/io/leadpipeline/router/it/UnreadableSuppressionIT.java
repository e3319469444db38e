package io.leadpipeline.router.it;

import static io.leadpipeline.router.Fixtures.consent;
import static io.leadpipeline.router.Fixtures.doNotRepeat;
import static io.leadpipeline.router.Fixtures.emailOptOut;
import static io.leadpipeline.router.Fixtures.enquiry;
import static io.leadpipeline.router.Fixtures.tps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipeline.avro.CallReason;
import io.leadpipeline.avro.ConsentStatus;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DecisionOutcome;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.MarketingReason;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.PartnerReason;
import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.avro.SuppressionKind;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.router.Fixtures;
import io.leadpipeline.router.LeadRouter;
import io.leadpipeline.router.PartnerImport;
import io.leadpipeline.serde.ConfluentAvroSerializer;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/suppression-integrity.md §4 on the real broker and registry, one router for every case: for
 * each of the four suppression topics and each kind of damage (unknown schema id, wrong magic
 * byte, truncated Avro) a person's record is damaged; that person's enquiry gets no lead and no
 * decision while another person's is decided, and is decided with the record once a readable one
 * for the key arrives. A record written with a newer, compatible schema is read and honoured.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class UnreadableSuppressionIT {
  private static final String PARTNERS = """
      [{"partnerId": "shoreditch-works", "name": "Shoreditch Works", "kind": "OPERATOR",
        "cities": ["London"], "maxDesks": 50, "officeTypes": ["SERVICED", "COWORKING"]}]
      """;
  private static final Instant EARLIER = Instant.parse("2026-01-05T09:00:00Z");

  /** How a record's bytes are damaged. */
  enum Damage {
    UNKNOWN_SCHEMA_ID, WRONG_MAGIC_BYTE, TRUNCATED_AVRO;

    byte[] apply(byte[] good) {
      byte[] bad = Arrays.copyOf(good, good.length);
      return switch (this) {
        case UNKNOWN_SCHEMA_ID -> {
          bad[1] = 0x7f; // an id the registry never handed out
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

  /** A suppression topic, the key its record is under, the record, and how the decision shows it. */
  enum Table {
    TPS(Topics.SUPPRESSION_TPS, true, "tps", tps(Register.TPS, LocalDate.parse("2025-01-01")),
        (d, leads) -> assertThat(d.getCall().getReason()).isEqualTo(CallReason.TPS)),
    CALL_CONSENTS(Topics.SUPPRESSION_CALL_CONSENTS, true, "call_consents", consent(ConsentStatus.REVOKED, EARLIER, null),
        (d, leads) -> assertThat(d.getSuppressionFacts()).extracting(f -> f.getKind())
            .contains(SuppressionKind.CALL_CONSENT_REVOKED)),
    PREFERENCES(Topics.SUPPRESSION_PREFERENCES, false, "preferences", emailOptOut(EARLIER),
        (d, leads) -> assertThat(d.getMarketing().getReason()).isEqualTo(MarketingReason.OPTED_OUT)),
    DO_NOT_REPEAT(Topics.SUPPRESSION_DO_NOT_REPEAT, false, "do_not_repeat", doNotRepeat(EARLIER, true),
        (d, leads) -> {
          assertThat(d.getPartners()).singleElement()
              .satisfies(p -> assertThat(p.getReason()).isEqualTo(PartnerReason.DO_NOT_REPEAT));
          assertThat(leads).isEmpty();
        });

    final TopicSpec<String, ?> topic;
    final boolean byPhone;
    final String label;
    final SpecificRecord record;
    final BiConsumer<RoutingDecision, List<Lead>> honoured;

    Table(TopicSpec<String, ?> topic, boolean byPhone, String label, SpecificRecord record,
        BiConsumer<RoutingDecision, List<Lead>> honoured) {
      this.topic = topic;
      this.byPhone = byPhone;
      this.label = label;
      this.record = record;
      this.honoured = honoured;
    }
  }

  /** One damaged person: their own email and phone, so every case runs side by side on its own key. */
  record Person(Table table, Damage damage, String email, String phone) {
    String key(SubjectKeys keys) {
      return table.byPhone ? keys.ofPhone(phone) : keys.ofEmail(email);
    }
  }

  private static Enquiry enquiryOf(String email, String phone) {
    Enquiry e = enquiry(email, phone).build();
    e.getContact().setOnBehalfOfAnother(true); // the TPS and the call consent decide the calls
    return e;
  }

  private static String get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The sum of a metric's samples in a Prometheus scrape (0 if absent). */
  private static double metric(String scrape, String name, String labels) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(scrape);
    double sum = 0;
    while (m.find()) {
      if (labels == null || (m.group(1) != null && m.group(1).contains(labels))) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  @Test
  @Timeout(180)
  void aDamagedRecordOnEachTopicHoldsOnlyItsPersonUntilAReadableRecordSupersedesIt(LocalStack stack) throws Exception {
    ItSupport it = new ItSupport(stack, "unreadable-it");
    PartnerImport.importPartners(it.settings(Map.of()), it.partnersFile(PARTNERS));
    SubjectKeys keys = new SubjectKeys(Fixtures.SECRET);
    TopicSerdes serdes = TopicSerdes.forRegistry(stack.schemaRegistryUrl());

    List<Person> damaged = new ArrayList<>();
    for (Table t : Table.values()) {
      for (Damage d : Damage.values()) {
        int n = damaged.size();
        damaged.add(new Person(t, d, "held" + n + "@example.com", "+44 20 7946 0" + (100 + n)));
      }
    }
    String newer = "newer@example.com";
    String other = "grace@example.com";

    try (KafkaProducer<byte[], byte[]> raw = it.rawProducer();
        KafkaProducer<String, SpecificRecord> producer = it.producer()) {
      for (Person p : damaged) {
        String topic = p.table().topic.name(it.prefix);
        byte[] good = serdes.value(specOf(p.table())).serializer().serialize(topic, p.table().record);
        raw.send(new ProducerRecord<>(topic, p.key(keys).getBytes(StandardCharsets.UTF_8), p.damage().apply(good))).get();
      }
      raw.send(new ProducerRecord<>(Topics.SUPPRESSION_PREFERENCES.name(it.prefix),
          keys.ofEmail(newer).getBytes(StandardCharsets.UTF_8), newerSchemaOptOut(stack, Topics.SUPPRESSION_PREFERENCES.name(it.prefix)))).get();

      try (LeadRouter router = LeadRouter.start(it.settings(Map.of()))) {
        await().atMost(Duration.ofSeconds(60)).until(() -> router.state() == KafkaStreams.State.RUNNING);
        for (Person p : damaged) {
          Enquiry e = enquiryOf(p.email(), p.phone());
          producer.send(new ProducerRecord<>(Topics.ENQUIRIES.name(it.prefix), e.getEnquiryId(), e)).get();
        }
        for (Enquiry e : List.of(enquiryOf(newer, "+44 20 7946 0200"), enquiryOf(other, "+44 161 496 0000"))) {
          producer.send(new ProducerRecord<>(Topics.ENQUIRIES.name(it.prefix), e.getEnquiryId(), e)).get();
        }

        // Every damaged person's enquiry is screened and held for its record, none at the barrier.
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
          String scrape = get(router.httpPort(), "/metrics");
          assertThat(metric(scrape, "enquiries_held", null)).isEqualTo(damaged.size());
          assertThat(metric(scrape, "suppression_barrier_waiting", null)).isZero();
          for (Table t : Table.values()) {
            assertThat(metric(scrape, "suppression_lookups_unreadable_total", "table=\"" + t.label + "\""))
                .as(t.label).isPositive();
          }
        });
        Map<String, RoutingDecision> first = bySubject(it, Set.of(keys.ofEmail(other), keys.ofEmail(newer)));
        assertThat(first.keySet()).as("no decision for a damaged person")
            .containsExactlyInAnyOrder(keys.ofEmail(other), keys.ofEmail(newer));
        assertThat(first.get(keys.ofEmail(other)).getOutcome()).isEqualTo(DecisionOutcome.ROUTED);
        assertThat(first.get(keys.ofEmail(newer)).getMarketing().getReason())
            .as("the newer schema's opt-out is read and honoured").isEqualTo(MarketingReason.OPTED_OUT);
        assertThat(leads(it)).extracting(l -> l.getContact().getEmail()).containsExactlyInAnyOrder(other, newer);

        // A readable record for each damaged person's key supersedes the damaged one.
        for (Person p : damaged) {
          producer.send(new ProducerRecord<>(p.table().topic.name(it.prefix), p.key(keys), p.table().record)).get();
        }
        Set<String> all = damaged.stream().map(p -> keys.ofEmail(p.email())).collect(Collectors.toSet());
        Map<String, RoutingDecision> decided = bySubject(it, all);
        List<Lead> leads = leads(it);
        for (Person p : damaged) {
          RoutingDecision d = decided.get(keys.ofEmail(p.email()));
          assertThat(d).as(p.table() + " " + p.damage()).isNotNull();
          p.table().honoured.accept(d, leads.stream().filter(l -> l.getContact().getEmail().equals(p.email())).toList());
        }
        assertThat(it.readCommitted(Topics.LEAD_DECISIONS.name(it.prefix), RoutingDecision.class, Duration.ofSeconds(2),
            l -> false)).as("one decision per enquiry").hasSize(damaged.size() + 2);
        assertThat(it.readRaw(Topics.ENQUIRIES_DLQ.name(it.prefix), Duration.ofSeconds(2), 1)).as("nothing dead-lettered").isEmpty();
        assertThat(metric(get(router.httpPort(), "/metrics"), "enquiries_held", null)).isZero();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static TopicSpec<String, SpecificRecord> specOf(Table t) {
    return (TopicSpec<String, SpecificRecord>) (TopicSpec<String, ?>) t.topic;
  }

  /** An opt-out written by a later version of ContactPreferences: one more field, with a default. */
  private static byte[] newerSchemaOptOut(LocalStack stack, String topic) {
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
    try (ConfluentAvroSerializer<GenericRecord> serializer =
        new ConfluentAvroSerializer<>(Map.of("schema.registry.url", stack.schemaRegistryUrl()), false)) {
      return serializer.serialize(topic, record);
    }
  }

  /** Every decision so far, by subject key, read until there is one for each of {@code subjects} (or the timeout). */
  private static Map<String, RoutingDecision> bySubject(ItSupport it, Set<String> subjects) {
    List<ConsumerRecord<String, RoutingDecision>> read = it.readCommitted(
        Topics.LEAD_DECISIONS.name(it.prefix), RoutingDecision.class, Duration.ofSeconds(60),
        l -> l.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(subjects));
    return read.stream().collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value, (a, b) -> a));
  }

  private static List<Lead> leads(ItSupport it) {
    return it.readCommitted(Topics.leads(PartnerKind.OPERATOR, "shoreditch-works").name(it.prefix), Lead.class,
        Duration.ofSeconds(2), l -> false).stream().map(ConsumerRecord::value).toList();
  }
}
