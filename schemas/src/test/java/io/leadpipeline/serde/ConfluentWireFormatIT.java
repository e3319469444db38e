package io.leadpipeline.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.LeadContact;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.admin.NewTopic;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The serde against a real Confluent-API registry (Apicurio's ccompat API) and a real broker, with
 * Apicurio's own serde in Confluent mode as the client we did not write.
 */
@ExtendWith(LocalStackExtension.class)
@Timeout(120)
class ConfluentWireFormatIT {

  /** Apicurio's serde speaking the Confluent wire format: 4-byte content ids, magic byte 0. */
  private static Map<String, Object> foreignConfig(LocalStack stack) {
    Map<String, Object> config = new HashMap<>();
    config.put(
        "apicurio.registry.url",
        stack.schemaRegistryUrl().replace("/apis/ccompat/v7", "/apis/registry/v3"));
    config.put("apicurio.registry.auto-register", true);
    config.put("apicurio.registry.use-id", "contentId");
    config.put("apicurio.registry.id-handler", "io.apicurio.registry.serde.Default4ByteIdHandler");
    return config;
  }

  @Test
  void readsEnquiriesWrittenByAForeignConfluentFormatClient(LocalStack stack) {
    TopicSpec<String, Enquiry> topic = Topics.ENQUIRIES;
    String name = "foreign." + topic.name("");
    stack.createTopics(List.of(topic.newTopic("foreign.", (short) 1)));
    Enquiry sent = ConfluentAvroSerdeTest.enquiry();

    try (AvroKafkaSerializer<Enquiry> foreign = new AvroKafkaSerializer<>()) {
      foreign.configure(foreignConfig(stack), false);
      produce(stack, name, sent.getEnquiryId(), sent, foreign);
    }

    Deserializer<Enquiry> ours = TopicSerdes.forRegistry(stack.schemaRegistryUrl()).value(topic).deserializer();
    assertThat(consumeOne(stack, name, ours)).isEqualTo(sent);
  }

  @Test
  void writesLeadsThatAForeignConfluentFormatClientReads(LocalStack stack) {
    TopicSpec<String, Lead> topic = Topics.leads(PartnerKind.OPERATOR, "foreign-reader");
    stack.createTopics(List.of(topic.newTopic("", (short) 1)));
    Lead sent = lead();

    Serializer<Lead> ours = TopicSerdes.forRegistry(stack.schemaRegistryUrl()).value(topic).serializer();
    produce(stack, topic.name(""), sent.getLeadId(), sent, ours);

    try (AvroKafkaDeserializer<GenericRecord> foreign = new AvroKafkaDeserializer<>()) {
      foreign.configure(foreignConfig(stack), false);
      GenericRecord read = consumeOne(stack, topic.name(""), foreign);
      assertThat(read.get("leadId").toString()).isEqualTo(sent.getLeadId());
      assertThat(((GenericRecord) read.get("contact")).get("phone")).isNull();
      assertThat(read.get("callPermitted")).isEqualTo(false);
    }
  }

  @Test
  void readsRecordsWrittenWithAnOlderSchemaIntoTheCurrentClass(LocalStack stack) throws Exception {
    // An older Lead whose contact had no company: the current reader fills the default.
    ObjectNode json = (ObjectNode) new ObjectMapper().readTree(Lead.getClassSchema().toString());
    for (JsonNode field : json.withArray("fields")) {
      if (field.path("name").asText().equals("contact")) {
        ArrayNode contactFields = ((ObjectNode) field.path("type")).withArray("fields");
        for (int i = 0; i < contactFields.size(); i++) {
          if (contactFields.get(i).path("name").asText().equals("company")) {
            contactFields.remove(i);
          }
        }
      }
    }
    Schema older = new Schema.Parser().parse(json.toString());
    Lead current = lead();
    GenericRecord written = asOlder(current, older);
    String topic = "older-writer";
    stack.createTopics(List.of(new NewTopic(topic, 1, (short) 1)));
    produce(stack, topic, current.getLeadId(), written, new ConfluentAvroSerializer<>(
        Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl()), false));

    Deserializer<Lead> reader = new ConfluentAvroDeserializer<>(Lead.class);
    reader.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl()), false);
    assertThat(consumeOne(stack, topic, reader)).isEqualTo(current);
  }

  /** {@code lead} as a generic record of the older schema, via Avro's own schema resolution. */
  private static GenericRecord asOlder(Lead lead, Schema older) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<Lead>(Lead.getClassSchema(), SpecificData.getForClass(Lead.class))
        .write(lead, encoder);
    encoder.flush();
    return new GenericDatumReader<GenericRecord>(Lead.getClassSchema(), older, GenericData.get())
        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
  }

  @Test
  void anIncompatibleSchemaIsRefusedByTheRegistry(LocalStack stack) throws Exception {
    String subject = "incompatible-check-value";
    Schema v1 = SchemaBuilder.record("Thing").fields().requiredString("name").endRecord();
    Schema breaking = SchemaBuilder.record("Thing").fields().requiredInt("size").endRecord();
    SchemaRegistryClient registry = registry(stack);
    registry.register(subject, v1);
    HttpResponse<String> rule =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + "/config/" + subject))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"BACKWARD\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(rule.statusCode()).as(rule.body()).isEqualTo(200);

    assertThatThrownBy(() -> registry.register(subject, breaking))
        .isInstanceOf(SchemaRegistryException.Incompatible.class)
        .hasMessageContaining(subject);
  }

  @Test
  void anUnknownSchemaIdIsReportedAsSuch(LocalStack stack) {
    assertThatThrownBy(() -> registry(stack).byId(987_654))
        .isInstanceOf(SchemaRegistryException.UnknownSchema.class);
  }

  private static SchemaRegistryClient registry(LocalStack stack) {
    return new SchemaRegistryClient(
        stack.schemaRegistryUrl(), Duration.ofSeconds(5), Duration.ofSeconds(10), null);
  }

  static Lead lead() {
    return Lead.newBuilder()
        .setLeadId("4f1c1f0a-6a51-3d1e-9a3e-0c7a1f3b2d11")
        .setEnquiryId("5d0c6c9e-1f43-4b7a-9a57-3b7c1d2b8e11")
        .setPartnerId("foreign-reader")
        .setPartnerKind(PartnerKind.OPERATOR)
        .setSubmittedAt(Instant.parse("2026-11-02T09:30:00Z"))
        .setRoutedAt(Instant.parse("2026-11-02T09:30:01Z"))
        .setSite("offices.example")
        .setContact(
            LeadContact.newBuilder().setFullName("Ada Lovelace").setEmail("ada@example.com").build())
        .setRequirements(ConfluentAvroSerdeTest.enquiry().getRequirements())
        .setCallPermitted(false)
        .setMarketingPermitted(true)
        .build();
  }

  private static <T> void produce(
      LocalStack stack, String topic, String key, T value, Serializer<T> serializer) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, T> producer =
        new KafkaProducer<>(props, new StringSerializer(), serializer)) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (Exception e) {
      throw new AssertionError("could not produce to " + topic, e);
    }
  }

  private static <T> T consumeOne(LocalStack stack, String topic, Deserializer<T> deserializer) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, T> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), deserializer)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 30_000;
      while (System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(500))) {
          return record.value();
        }
      }
    }
    throw new AssertionError("nothing arrived on " + topic + " within 30 s");
  }
}
