package io.leadpipeline.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format Avro written by any Confluent-compatible client: the writer schema
 * is fetched by id from the registry and resolved against the reader's class, so records written
 * with older or newer compatible schemas decode.
 *
 * @param <T> the generated class to read into; without one, GenericRecords come back
 */
public class ConfluentAvroDeserializer<T> implements Deserializer<T> {

  private SchemaRegistryClient registry;
  private Class<?> readerType;
  private final Map<Integer, DatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();

  /** For Kafka's reflective construction; configure before use. */
  public ConfluentAvroDeserializer() {}

  /** Reads into {@code readerType}, whatever the configuration names. */
  public ConfluentAvroDeserializer(Class<T> readerType) {
    this.readerType = readerType;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    AvroSerdeConfig config = AvroSerdeConfig.from(configs);
    this.registry = config.client();
    if (readerType == null) {
      readerType = isKey ? config.keyType() : config.valueType();
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (registry == null) {
      throw new IllegalStateException("ConfluentAvroDeserializer used before configure()");
    }
    ByteBuffer buffer = ByteBuffer.wrap(data);
    int writerId = ConfluentWireFormat.readHeader(topic, buffer);
    DatumReader<T> reader = readersByWriterId.computeIfAbsent(writerId, this::readerFor);
    BinaryDecoder decoder =
        DecoderFactory.get()
            .binaryDecoder(data, buffer.position(), buffer.remaining(), null);
    try {
      T value = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new SerializationException(
            "record on " + topic + " has bytes left over after its Avro body (schema id "
                + writerId + ")");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      if (e instanceof SerializationException serializationException) {
        throw serializationException;
      }
      throw new SerializationException(
          "record on " + topic + " is not valid Avro for schema id " + writerId + ": " + e, e);
    }
  }

  private DatumReader<T> readerFor(int writerId) {
    Schema writer;
    try {
      writer = registry.byId(writerId);
    } catch (SchemaRegistryException.UnknownSchema e) {
      throw new SchemaRegistryException.UnknownSchema(
          "schema id " + writerId + " is not known to the registry at " + registry.baseUrl());
    }
    if (readerType == null) {
      return new GenericDatumReader<>(writer, writer, GenericData.get());
    }
    SpecificData model = SpecificData.getForClass(readerType);
    Schema readerSchema = model.getSchema(readerType);
    return new SpecificDatumReader<>(writer, readerSchema, model);
  }
}
