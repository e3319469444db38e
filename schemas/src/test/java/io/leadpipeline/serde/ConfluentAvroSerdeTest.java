package io.leadpipeline.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.avro.Channel;
import io.leadpipeline.avro.Contact;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.MarketingConsent;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.Requirements;
import io.leadpipeline.serde.testing.InMemoryRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConfluentAvroSerdeTest {

  private InMemoryRegistry registry;
  private ConfluentAvroSerde<Enquiry> serde;

  @BeforeEach
  void start() {
    registry = new InMemoryRegistry();
    serde = new ConfluentAvroSerde<>(Enquiry.class);
    serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  static Enquiry enquiry() {
    return Enquiry.newBuilder()
        .setEnquiryId("5d0c6c9e-1f43-4b7a-9a57-3b7c1d2b8e11")
        .setSubmittedAt(Instant.parse("2026-11-02T09:30:00Z"))
        .setChannel(Channel.WEB_FORM)
        .setSite("offices.example")
        .setContact(
            Contact.newBuilder()
                .setFullName("Ada Lovelace")
                .setEmail("ada@example.com")
                .setPhone("020 7946 0018")
                .build())
        .setRequirements(
            Requirements.newBuilder()
                .setCity("London")
                .setDesks(12)
                .setOfficeTypes(List.of(OfficeType.SERVICED))
                .setMoveInDate(LocalDate.parse("2027-01-04"))
                .build())
        .setMarketingConsent(new MarketingConsent(true, false))
        .build();
  }

  @Test
  void writesTheConfluentWireFormatUnderTheTopicValueSubject() {
    byte[] bytes = serde.serializer().serialize("enquiries", enquiry());

    ByteBuffer header = ByteBuffer.wrap(bytes);
    assertThat(header.get()).isZero();
    int id = header.getInt();
    assertThat(registry.schema(id)).isPresent();
    assertThat(registry.requests()).containsExactly("POST /subjects/enquiries-value/versions");
  }

  @Test
  void roundTripsLogicalTypes() {
    byte[] bytes = serde.serializer().serialize("enquiries", enquiry());

    assertThat(serde.deserializer().deserialize("enquiries", bytes)).isEqualTo(enquiry());
  }

  @Test
  void asksTheRegistryOncePerSchema() {
    for (int i = 0; i < 5; i++) {
      serde.deserializer()
          .deserialize("enquiries", serde.serializer().serialize("enquiries", enquiry()));
    }
    assertThat(registry.requests()).hasSize(1);
  }

  @Test
  void tombstonesStayNull() {
    assertThat(serde.serializer().serialize("enquiries", null)).isNull();
    assertThat(serde.deserializer().deserialize("enquiries", null)).isNull();
  }

  @Test
  void aWrongMagicByteIsNamed() {
    byte[] bytes = serde.serializer().serialize("enquiries", enquiry());
    bytes[0] = 0x7b;
    assertThatThrownBy(() -> serde.deserializer().deserialize("enquiries", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("0x7b")
        .hasMessageContaining("magic byte");
  }

  @Test
  void aRecordTooShortForTheHeaderIsNamed() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("enquiries", new byte[] {0, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("2 bytes");
  }

  @Test
  void anUnknownSchemaIdIsNamed() {
    byte[] bytes = {0, 0, 0, 0x30, 0x39, 2, 'x'};
    assertThatThrownBy(() -> serde.deserializer().deserialize("enquiries", bytes))
        .isInstanceOf(SchemaRegistryException.UnknownSchema.class)
        .hasMessageContaining("schema id 12345");
  }

  @Test
  void aTruncatedBodyIsNotValidAvro() {
    byte[] bytes = serde.serializer().serialize("enquiries", enquiry());
    byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);
    assertThatThrownBy(() -> serde.deserializer().deserialize("enquiries", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not valid Avro");
  }

  @Test
  void trailingBytesAreRefused() {
    byte[] bytes = serde.serializer().serialize("enquiries", enquiry());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
    assertThatThrownBy(() -> serde.deserializer().deserialize("enquiries", longer))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("left over");
  }

  @Test
  void anIncompatibleSchemaIsNamed() {
    registry.failWith(409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}");
    assertThatThrownBy(() -> serde.serializer().serialize("enquiries", enquiry()))
        .isInstanceOf(SchemaRegistryException.Incompatible.class)
        .hasMessageContaining("incompatible");
  }

  @Test
  void aRegistryThatIsDownIsUnavailableNotBadData() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ConfluentAvroSerde<Enquiry> offline = new ConfluentAvroSerde<>(Enquiry.class);
    offline.configure(
        Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:" + closedPort), false);
    assertThatThrownBy(() -> offline.serializer().serialize("enquiries", enquiry()))
        .isInstanceOf(SchemaRegistryException.Unavailable.class)
        .hasMessageContaining("did not answer");
  }

  @Test
  void aFailingRegistryIsUnavailable() {
    registry.failWith(503, "");
    assertThatThrownBy(() -> serde.serializer().serialize("enquiries", enquiry()))
        .isInstanceOf(SchemaRegistryException.Unavailable.class)
        .hasMessageContaining("503");
  }
}
