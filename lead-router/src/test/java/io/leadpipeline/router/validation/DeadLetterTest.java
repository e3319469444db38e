package io.leadpipeline.router.validation;

import static io.leadpipeline.router.Fixtures.enquiry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.router.Fixtures;
import io.leadpipeline.router.RouterDriver;
import io.leadpipeline.serde.ConfluentAvroSerializer;
import io.leadpipeline.serde.SchemaRegistryException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** docs/SPECIFICATION.md §6 rule 1: invalid records go to enquiries.dlq with the reason; nothing is dropped. */
@Timeout(60)
class DeadLetterTest {
  RouterDriver d;

  @BeforeEach
  void open() {
    d = RouterDriver.open();
    d.partner(Fixtures.partner("acme-offices", PartnerKind.OPERATOR).build());
  }

  @AfterEach
  void close() {
    d.close();
  }

  private TestRecord<byte[], byte[]> onlyDeadLetter() {
    var all = d.deadLetters().readRecordsToList();
    assertThat(all).hasSize(1);
    assertThat(d.decisions()).as("no decision for an invalid record").isEmpty();
    return all.get(0);
  }

  private static String header(TestRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private String reasonFor(Enquiry e) {
    d.enquiry(e);
    return header(onlyDeadLetter(), DeadLetters.REASON);
  }

  @Test
  void rule1_aWrongMagicByteIsDeadLetteredWithTheOriginalBytesAndHeaders() {
    byte[] value = "{\"json\":true}".getBytes(StandardCharsets.UTF_8);
    RecordHeaders headers = new RecordHeaders();
    headers.add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
    d.rawEnquiry("k1".getBytes(StandardCharsets.UTF_8), value, headers);
    TestRecord<byte[], byte[]> dead = onlyDeadLetter();
    assertThat(dead.value()).isEqualTo(value);
    assertThat(dead.key()).isEqualTo("k1".getBytes(StandardCharsets.UTF_8));
    assertThat(header(dead, DeadLetters.REASON)).isEqualTo("WRONG_MAGIC_BYTE");
    assertThat(header(dead, "trace-id")).isEqualTo("abc");
    assertThat(header(dead, DeadLetters.TOPIC)).isEqualTo("enquiries");
    assertThat(d.metrics.count("enquiries.dead.lettered", "reason", "wrong_magic_byte")).isEqualTo(1.0);
  }

  @Test
  void rule1_anUnknownSchemaIdIsDeadLettered() {
    d.rawEnquiry(null, new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 4}, new RecordHeaders());
    assertThat(header(onlyDeadLetter(), DeadLetters.REASON)).isEqualTo("UNKNOWN_SCHEMA");
  }

  @Test
  void rule1_aTruncatedRecordIsDeadLettered() {
    d.rawEnquiry(null, new byte[] {0, 0, 0}, new RecordHeaders());
    assertThat(header(onlyDeadLetter(), DeadLetters.REASON)).isEqualTo("UNDECODABLE");
  }

  @Test
  void rule1_aCorruptAvroBodyIsDeadLettered() {
    byte[] good = d.encode(enquiry("ada@example.com", null).build());
    byte[] cut = java.util.Arrays.copyOf(good, good.length / 2);
    d.rawEnquiry(null, cut, new RecordHeaders());
    assertThat(header(onlyDeadLetter(), DeadLetters.REASON)).isEqualTo("UNDECODABLE");
  }

  @Test
  void rule1_aWriterSchemaMissingARequiredFieldIsDeadLettered() {
    Schema partial = new Schema.Parser().parse(
        "{\"type\":\"record\",\"name\":\"Enquiry\",\"namespace\":\"io.leadpipeline.avro\","
            + "\"fields\":[{\"name\":\"enquiryId\",\"type\":\"string\"}]}");
    GenericRecord r = new GenericData.Record(partial);
    r.put("enquiryId", "6b1f1d2e-8a51-4d0e-9a0b-6f0d3c2b1a00");
    ConfluentAvroSerializer<GenericRecord> foreign =
        new ConfluentAvroSerializer<>(Map.of("schema.registry.url", d.registry.url()), false);
    d.rawEnquiry(null, foreign.serialize("enquiries", r), new RecordHeaders());
    assertThat(header(onlyDeadLetter(), DeadLetters.REASON)).isEqualTo("MISSING_FIELD");
  }

  @Test
  void rule1_zeroDesksIsDeadLettered() {
    Enquiry e = enquiry("ada@example.com", null).build();
    e.getRequirements().setDesks(0);
    assertThat(reasonFor(e)).isEqualTo("INVALID_DESKS");
  }

  @Test
  void rule1_anAbsurdDeskCountIsDeadLettered() {
    Enquiry e = enquiry("ada@example.com", null).build();
    e.getRequirements().setDesks(5_000_000);
    assertThat(reasonFor(e)).isEqualTo("ABSURD_SIZE");
  }

  @Test
  void rule1_anUnparseableEmailIsDeadLetteredWithoutEchoingIt() {
    d.enquiry(enquiry("not-an-email", null).build());
    TestRecord<byte[], byte[]> dead = onlyDeadLetter();
    assertThat(header(dead, DeadLetters.REASON)).isEqualTo("INVALID_EMAIL");
    assertThat(header(dead, DeadLetters.DETAIL)).doesNotContain("not-an-email");
  }

  @Test
  void rule1_anUnparseablePhoneIsDeadLetteredWithoutEchoingIt() {
    d.enquiry(enquiry("ada@example.com", "12345").build());
    TestRecord<byte[], byte[]> dead = onlyDeadLetter();
    assertThat(header(dead, DeadLetters.REASON)).isEqualTo("INVALID_PHONE");
    assertThat(header(dead, DeadLetters.DETAIL)).doesNotContain("12345");
  }

  @Test
  void rule1_anEmptyRequiredFieldIsDeadLettered() {
    Enquiry e = enquiry("ada@example.com", null).build();
    e.getRequirements().setCity(" ");
    assertThat(reasonFor(e)).isEqualTo("MISSING_FIELD");
  }

  @Test
  void rule1_anEnquiryIdThatIsNotAUuidIsDeadLettered() {
    assertThat(reasonFor(enquiry("ada@example.com", null).setEnquiryId("123").build())).isEqualTo("INVALID_ENQUIRY_ID");
  }

  @Test
  void rule1_controlCharactersInFreeTextAreDeadLetteredWithoutEchoingTheText() {
    Enquiry e = enquiry("ada@example.com", null).build();
    e.getContact().setCompany("\u001b[2J\u001b[31mACME");
    d.enquiry(e);
    TestRecord<byte[], byte[]> dead = onlyDeadLetter();
    assertThat(header(dead, DeadLetters.REASON)).isEqualTo("INVALID_TEXT");
    assertThat(header(dead, DeadLetters.DETAIL)).isEqualTo("contact.company contains a control character (U+001B)");
    assertThat(d.metrics.count("enquiries.dead.lettered", "reason", "invalid_text")).isEqualTo(1.0);
  }

  @Test
  void rule1_aMoveInDateInTheYear9999IsDeadLettered() {
    Enquiry e = enquiry("ada@example.com", null).build();
    e.getRequirements().setMoveInDate(java.time.LocalDate.of(9999, 12, 31));
    assertThat(reasonFor(e)).isEqualTo("INVALID_DATE");
  }

  @Test
  void rule1_theStreamKeepsRunningAfterABadRecord() {
    d.rawEnquiry(null, new byte[] {9, 9}, new RecordHeaders());
    d.enquiry(enquiry("ada@example.com", null).build());
    assertThat(d.deadLetters().readRecordsToList()).hasSize(1);
    assertThat(d.decisions()).hasSize(1);
  }

  @Test
  void rule1_aRegistryOutageIsRetriedNotDeadLettered() {
    byte[] bytes = d.encode(enquiry("ada@example.com", null).build());
    try (RouterDriver other = RouterDriver.open()) {
      other.registry.close(); // the registry is down: the writer schema id cannot be resolved
      assertThatThrownBy(() -> other.rawEnquiry(null, bytes, new RecordHeaders()))
          .satisfies(e -> assertThat(hasCause(e, SchemaRegistryException.Unavailable.class)).isTrue());
      assertThat(other.deadLetters().readRecordsToList()).isEmpty();
    }
  }

  private static boolean hasCause(Throwable e, Class<?> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
