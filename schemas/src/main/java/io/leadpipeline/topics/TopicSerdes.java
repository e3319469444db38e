package io.leadpipeline.topics;

import io.leadpipeline.config.Settings;
import io.leadpipeline.serde.AvroSerdeConfig;
import io.leadpipeline.serde.ConfluentAvroSerde;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Makes the serdes of the catalogue's topics, so a call site reads {@code
 * serdes.value(Topics.ENQUIRIES)} and a topic's types live in one place.
 *
 * <p>Values use {@link ConfluentAvroSerde} unless {@value #AVRO_SERDE_CLASS} names another serde
 * class with a no-argument constructor (for example Confluent's {@code SpecificAvroSerde}); it is
 * configured with the same map plus {@code specific.avro.reader=true} and the topic's value class.
 */
public final class TopicSerdes {

  public static final String AVRO_SERDE_CLASS = "avro.serde.class";

  private final Map<String, Object> config;

  public TopicSerdes(Map<String, ?> config) {
    this.config = Map.copyOf(config);
  }

  /**
   * Serdes as a service's configuration sets them: {@code schema.registry.url}, plus every key
   * under {@code serde.} handed on without the prefix ({@code serde.avro.serde.class}, {@code
   * serde.basic.auth.user.info}, {@code serde.schema.registry.request.timeout.ms}, …).
   */
  public static TopicSerdes from(Settings settings) {
    Map<String, Object> config = new HashMap<>(settings.under("serde."));
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, settings.require("schema.registry.url"));
    return new TopicSerdes(config);
  }

  /** Serdes for a registry at {@code schemaRegistryUrl} with every other setting at its default. */
  public static TopicSerdes forRegistry(String schemaRegistryUrl) {
    return new TopicSerdes(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl));
  }

  /** The serde settings, for clients that configure serializers by class name. */
  public Map<String, Object> config() {
    return config;
  }

  public <K> Serde<K> key(TopicSpec<K, ?> topic) {
    return plain(topic.keyType(), topic, true);
  }

  public <V> Serde<V> value(TopicSpec<?, V> topic) {
    return plain(topic.valueType(), topic, false);
  }

  @SuppressWarnings("unchecked")
  private <T> Serde<T> plain(Class<T> type, TopicSpec<?, ?> topic, boolean isKey) {
    if (type == String.class) {
      return (Serde<T>) Serdes.String();
    }
    if (type == byte[].class) {
      return (Serde<T>) Serdes.ByteArray();
    }
    if (SpecificRecord.class.isAssignableFrom(type)) {
      return (Serde<T>) avro(type.asSubclass(SpecificRecord.class), isKey);
    }
    throw new IllegalArgumentException("no serde for " + type + " on " + topic.baseName());
  }

  @SuppressWarnings("unchecked")
  private <T extends SpecificRecord> Serde<T> avro(Class<T> type, boolean isKey) {
    Map<String, Object> serdeConfig = new HashMap<>(config);
    serdeConfig.put("specific.avro.reader", true);
    serdeConfig.put(
        isKey ? AvroSerdeConfig.SPECIFIC_KEY_TYPE : AvroSerdeConfig.SPECIFIC_VALUE_TYPE,
        type.getName());
    Serde<T> serde;
    Object serdeClass = config.get(AVRO_SERDE_CLASS);
    if (serdeClass == null) {
      serde = new ConfluentAvroSerde<>(type);
    } else {
      try {
        serde =
            (Serde<T>)
                Class.forName(serdeClass.toString(), true, Thread.currentThread().getContextClassLoader())
                    .getDeclaredConstructor()
                    .newInstance();
      } catch (ReflectiveOperationException | ClassCastException e) {
        throw new ConfigException(AVRO_SERDE_CLASS, serdeClass, "cannot create it: " + e);
      }
    }
    serde.configure(serdeConfig, isKey);
    return serde;
  }
}
