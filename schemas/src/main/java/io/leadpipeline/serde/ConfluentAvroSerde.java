package io.leadpipeline.serde;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The project's default value serde: Avro in the Confluent wire format against any
 * Confluent-API schema registry. It takes the same configuration keys as Confluent's
 * {@code SpecificAvroSerde}, so a deployment can swap one for the other in configuration.
 *
 * @param <T> the generated record class
 */
public class ConfluentAvroSerde<T extends GenericContainer> implements Serde<T> {

  private final Class<T> type;
  private final ConfluentAvroSerializer<T> serializer = new ConfluentAvroSerializer<>();
  private final ConfluentAvroDeserializer<T> deserializer;

  /** For reflective construction: the type comes from {@code specific.avro.value.type}. */
  public ConfluentAvroSerde() {
    this.type = null;
    this.deserializer = new ConfluentAvroDeserializer<>();
  }

  public ConfluentAvroSerde(Class<T> type) {
    this.type = type;
    this.deserializer = new ConfluentAvroDeserializer<>(type);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    Map<String, Object> all = new HashMap<>(configs);
    if (type != null) {
      all.put(isKey ? AvroSerdeConfig.SPECIFIC_KEY_TYPE : AvroSerdeConfig.SPECIFIC_VALUE_TYPE, type);
    }
    serializer.configure(all, isKey);
    deserializer.configure(all, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }
}
