package io.leadpipeline.serde;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;

/**
 * The serde's settings. The keys are Confluent's own, so one configuration drives this serde or
 * Confluent's {@code KafkaAvroSerializer} alike.
 */
public record AvroSerdeConfig(
    String registryUrl,
    boolean autoRegisterSchemas,
    Duration connectTimeout,
    Duration requestTimeout,
    String basicAuthUserInfo,
    Class<?> keyType,
    Class<?> valueType) {

  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  public static final String SPECIFIC_KEY_TYPE = "specific.avro.key.type";
  public static final String SPECIFIC_VALUE_TYPE = "specific.avro.value.type";
  public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

  /**
   * Clients are shared by every serde in a JVM that names the same registry, so its caches are
   * filled once, not once per stream task.
   */
  private static final Map<AvroSerdeConfig, SchemaRegistryClient> CLIENTS =
      new ConcurrentHashMap<>();

  public static AvroSerdeConfig from(Map<String, ?> configs) {
    Object url = configs.get(SCHEMA_REGISTRY_URL);
    if (url == null || url.toString().isBlank()) {
      throw new ConfigException(SCHEMA_REGISTRY_URL + " is required by the Avro serde");
    }
    return new AvroSerdeConfig(
        firstUrl(url.toString()),
        bool(configs.get(AUTO_REGISTER_SCHEMAS), true),
        Duration.ofMillis(number(configs.get(CONNECT_TIMEOUT_MS), 5_000)),
        Duration.ofMillis(number(configs.get(REQUEST_TIMEOUT_MS), 10_000)),
        (String) configs.get(BASIC_AUTH_USER_INFO),
        type(configs.get(SPECIFIC_KEY_TYPE)),
        type(configs.get(SPECIFIC_VALUE_TYPE)));
  }

  /** The client for this configuration's registry, shared within the JVM. */
  public SchemaRegistryClient client() {
    return CLIENTS.computeIfAbsent(
        new AvroSerdeConfig(
            registryUrl, true, connectTimeout, requestTimeout, basicAuthUserInfo, null, null),
        c ->
            new SchemaRegistryClient(
                c.registryUrl, c.connectTimeout, c.requestTimeout, c.basicAuthUserInfo));
  }

  private static String firstUrl(String urls) {
    // Confluent accepts a list; followers forward writes, so the first one serves.
    return urls.split(",")[0].trim();
  }

  private static boolean bool(Object value, boolean fallback) {
    return value == null ? fallback : Boolean.parseBoolean(value.toString());
  }

  private static long number(Object value, long fallback) {
    return value == null ? fallback : Long.parseLong(value.toString());
  }

  private static Class<?> type(Object value) {
    if (value == null || value instanceof Class<?>) {
      return (Class<?>) value;
    }
    try {
      return Class.forName(value.toString(), true, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ConfigException("no class " + value + " for the Avro serde");
    }
  }

  /** Never print the registry password. */
  @Override
  public String toString() {
    return "AvroSerdeConfig[" + registryUrl + ", autoRegister=" + autoRegisterSchemas + "]";
  }
}
