package io.leadpipeline.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.config.types.Password;

/**
 * A component's settings after {@link ConfigDefinition#parse}: every defined key checked and
 * typed, defaults filled in from the definition. Reading a key the definition lacks is a
 * programming error and throws.
 */
public final class ConfigValues {
  private final ConfigDefinition definition;
  private final Map<String, Object> values;
  private final Settings settings;

  ConfigValues(ConfigDefinition definition, Map<String, Object> values, Settings settings) {
    this.definition = definition;
    this.values = values;
    this.settings = settings;
  }

  private Object get(String key, ConfigDefinition.Kind... kinds) {
    ConfigDefinition.Key k = definition.key(key)
        .orElseThrow(() -> new IllegalStateException(definition.component() + " defines no key " + key));
    if (kinds.length > 0 && !List.of(kinds).contains(k.kind())) {
      throw new IllegalStateException(key + " is a " + k.kind() + ", not " + List.of(kinds));
    }
    return values.get(key);
  }

  /** A string key's value; {@code ""} for one that is unset and has no default. */
  public String string(String key) {
    Object v = get(key, ConfigDefinition.Kind.STRING, ConfigDefinition.Kind.CHOICE, ConfigDefinition.Kind.DURATION);
    return v == null ? "" : ((String) v).strip();
  }

  /** A string key without a default: empty when unset. */
  public Optional<String> optional(String key) {
    String v = string(key);
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  public int integer(String key) {
    return (Integer) get(key, ConfigDefinition.Kind.INT);
  }

  public long longValue(String key) {
    return (Long) get(key, ConfigDefinition.Kind.LONG);
  }

  public boolean bool(String key) {
    return (Boolean) get(key, ConfigDefinition.Kind.BOOLEAN);
  }

  public Duration duration(String key) {
    String text = (String) get(key, ConfigDefinition.Kind.DURATION);
    if (ConfigDefinition.Durations.isOff(text)) {
      return Duration.ZERO;
    }
    return Settings.parseDuration(key, text);
  }

  @SuppressWarnings("unchecked")
  public List<String> list(String key) {
    return ((List<String>) get(key, ConfigDefinition.Kind.LIST)).stream()
        .map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** A secret's value, to hand to what uses it; never log it. */
  public Optional<String> secret(String key) {
    Password p = (Password) get(key, ConfigDefinition.Kind.PASSWORD);
    return p == null ? Optional.empty() : Optional.of(p.value());
  }

  /** Every key under a pass-through prefix, without it: {@code kafka.security.protocol} → {@code security.protocol}. */
  public Map<String, String> under(String prefix) {
    if (!definition.passThrough().contains(prefix)) {
      throw new IllegalStateException(definition.component() + " passes no " + prefix + "* keys through");
    }
    return settings.under(prefix);
  }

  public ConfigDefinition definition() {
    return definition;
  }

  /** Keys and values, secrets hidden by Kafka's {@link Password}, pass-through values left out (they may hold secrets). */
  @Override
  public String toString() {
    return definition.component() + new TreeMap<>(values);
  }
}
