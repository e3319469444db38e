package io.leadpipeline.reliability.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.reliability.generators.Text;
import io.leadpipeline.router.validation.EnquiryValidation;
import io.leadpipeline.router.validation.Rejection;
import io.leadpipeline.router.validation.UndecodableRecords;
import io.leadpipeline.serde.ConfluentAvroDeserializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Fuzzing the enquiry decoder (the Confluent-wire-format Avro deserializer every consumer of
 * {@code enquiries} uses): whatever bytes arrive, it returns an enquiry or throws Kafka's
 * SerializationException, quickly and without allocating what a lying length field claims. A
 * crash of any other kind would stop a stream thread instead of dead-lettering one record.
 */
class EnquiryDecoderFuzzTest {
  private static final String EMAIL = "fuzz.person1@reliability.example";
  private static final String PHONE_DIGITS = "4960001";
  private static final EnquiryValidation VALIDATION =
      new EnquiryValidation(new SubjectKeys("fuzzing-subject-secret-0123456789"));
  private static OneSchemaRegistry registry;
  private static ConfluentAvroDeserializer<Enquiry> decoder;
  private static byte[] good;

  @BeforeAll
  static void start() {
    registry = new OneSchemaRegistry(Enquiry.getClassSchema());
    decoder = new ConfluentAvroDeserializer<>(Enquiry.class);
    decoder.configure(Map.of("schema.registry.url", registry.url()), false);
    good = wire(BadEnquiries.valid("fuzz", 1).build());
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @Test
  void arbitraryBytesDecodeOrFailAsSerializationErrors() {
    qt().withExamples(2000).forAll(Text.byteArrays(0, 255)).checkAssert(EnquiryDecoderFuzzTest::assertDecodesOrRejects);
  }

  @Test
  void damagedRecordsDecodeOrFailAsSerializationErrors() {
    qt().withExamples(3000).forAll(damaged()).checkAssert(EnquiryDecoderFuzzTest::assertDecodesOrRejects);
  }

  @Test
  void lyingLengthsNeverAllocateWhatTheyClaim() {
    qt().withExamples(300).forAll(hugeLengths()).checkAssert(claimed -> {
      byte[] bytes = concat(Arrays.copyOf(good, 5), BadEnquiries.zigzagVarint(claimed), new byte[] {'a', 'b'});
      long before = usedHeap();
      assertDecodesOrRejects(bytes);
      assertThat(usedHeap() - before).as("heap grown by a 7-byte record").isLessThan(64L << 20);
    });
  }

  /**
   * The router's intake on the same inputs: bytes become an enquiry that passes validation or a
   * dead-letter reason, never an exception that would stop the stream thread, and the reason
   * never quotes the person's email or phone.
   */
  @Test
  void routerIntakeYieldsAnEnquiryOrAReasonThatQuotesNoIdentifier() {
    qt().withExamples(3000).forAll(damaged()).checkAssert(EnquiryDecoderFuzzTest::assertIntakeDecidesWithoutQuoting);
  }

  private static void assertIntakeDecidesWithoutQuoting(byte[] bytes) {
    Rejection rejection;
    try {
      Enquiry e = decoder.deserialize("enquiries", bytes);
      EnquiryValidation.Outcome outcome;
      try {
        outcome = VALIDATION.validate(e, 1_772_452_800_000L);
      } catch (NullPointerException npe) {
        // EnquiryIntake turns this into MISSING_FIELD: Avro lets a nested field be null.
        return;
      }
      if (outcome instanceof EnquiryValidation.Outcome.Valid valid) {
        assertThat(valid.enquiry().subjectKey()).matches("[0-9a-f]{64}");
        return;
      }
      rejection = ((EnquiryValidation.Outcome.Invalid) outcome).rejection();
    } catch (SerializationException ex) {
      rejection = UndecodableRecords.classify(bytes, ex);
    }
    assertThat(rejection.reason()).isNotNull();
    assertThat(rejection.detail()).doesNotContainIgnoringCase(EMAIL).doesNotContain(PHONE_DIGITS);
  }

  /** A valid record with one bit flipped, cut short, one byte overwritten, or bytes appended. */
  static Gen<byte[]> damaged() {
    Gen<Integer> position = integers().between(0, good.length - 1);
    Gen<byte[]> flipped = position.zip(integers().between(0, 7), (at, bit) -> {
      byte[] b = good.clone();
      b[at] ^= (byte) (1 << bit);
      return b;
    });
    Gen<byte[]> truncated = position.map(at -> Arrays.copyOf(good, at));
    Gen<byte[]> overwritten = position.zip(Text.bytes(), (at, value) -> {
      byte[] b = good.clone();
      b[at] = value;
      return b;
    });
    Gen<byte[]> extended = Text.byteArrays(0, 64).map(tail -> concat(good, tail));
    return Generate.oneOf(flipped, truncated, overwritten, extended).describedAs(Arrays::toString);
  }

  static Gen<Long> hugeLengths() {
    return Generate.oneOf(
        longs().between(1L << 20, Long.MAX_VALUE / 4),
        longs().between(Long.MIN_VALUE / 4, -1));
  }

  private static void assertDecodesOrRejects(byte[] bytes) {
    long started = System.nanoTime();
    try {
      Enquiry e = decoder.deserialize("enquiries", bytes);
      assertThat(e).isNotNull();
    } catch (SerializationException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
    assertThat((System.nanoTime() - started) / 1_000_000).as("milliseconds to decode %d bytes", bytes.length)
        .isLessThan(1_000);
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  static byte[] wire(Enquiry e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.writeBytes(new byte[] {0, 0, 0, 1});
    try {
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      new SpecificDatumWriter<>(Enquiry.class).write(e, encoder);
      encoder.flush();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
