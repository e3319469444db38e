package io.leadpipeline.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records in the Confluent wire format, registering (or looking up) the record's
 * schema under the TopicNameStrategy subject {@code <topic>-key} or {@code <topic>-value}.
 *
 * @param <T> a generated SpecificRecord class or a GenericRecord
 */
public class ConfluentAvroSerializer<T extends GenericContainer> implements Serializer<T> {

  private SchemaRegistryClient registry;
  private boolean autoRegister;
  private String subjectSuffix;
  private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();

  /** For Kafka's reflective construction; configure before use. */
  public ConfluentAvroSerializer() {}

  public ConfluentAvroSerializer(Map<String, ?> configs, boolean isKey) {
    configure(configs, isKey);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    AvroSerdeConfig config = AvroSerdeConfig.from(configs);
    this.registry = config.client();
    this.autoRegister = config.autoRegisterSchemas();
    this.subjectSuffix = isKey ? "-key" : "-value";
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    if (registry == null) {
      throw new IllegalStateException("ConfluentAvroSerializer used before configure()");
    }
    Schema schema = record.getSchema();
    String subject = topic + subjectSuffix;
    int id = autoRegister ? registry.register(subject, schema) : registry.lookUp(subject, schema);
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.write(ConfluentWireFormat.MAGIC_BYTE);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
    try {
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      writers.computeIfAbsent(schema, s -> writerFor(record, s)).write(record, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot encode a " + schema.getFullName() + " for " + topic + ": " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  private static <T> DatumWriter<T> writerFor(T record, Schema schema) {
    // The generated class's own model carries its logical-type conversions (dates, timestamps).
    return record instanceof SpecificRecord
        ? new SpecificDatumWriter<>(schema, SpecificData.getForClass(record.getClass()))
        : new GenericDatumWriter<>(schema, GenericData.get());
  }
}
