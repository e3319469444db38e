package io.leadpipeline.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one configuration loader of every service: a properties file, overridden by environment
 * variables, overridden by explicit values (command-line options). A key {@code bootstrap.servers}
 * is overridden by the variable {@code LEAD_PIPELINE_BOOTSTRAP_SERVERS}: upper case, dots and
 * dashes as underscores, behind the prefix.
 */
public final class Settings {
  public static final String ENV_PREFIX = "LEAD_PIPELINE_";
  /** local-stack's own variables, not configuration keys. */
  static final String LOCAL_STACK_PREFIX = "LEAD_PIPELINE_LOCAL_STACK_";
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static Settings of(Map<String, String> values) {
    return new Settings(values);
  }

  /**
   * Loads {@code file} (optional), then every {@code LEAD_PIPELINE_*} environment variable, then
   * {@code overrides}, refusing any key {@code definition} does not know, from whichever source,
   * with the nearest key it does (docs/SPECIFICATION.md §14). A variable names a defined key
   * ({@code LEAD_PIPELINE_ROUTING_MAX_PARTNERS}), a key the file sets, or a pass-through key with
   * underscores as dots ({@code LEAD_PIPELINE_KAFKA_SECURITY_PROTOCOL} →
   * {@code kafka.security.protocol}); {@code LEAD_PIPELINE_LOCAL_STACK_*} belongs to local-stack.
   * Values are checked when the component parses them ({@link ConfigDefinition#parse}).
   */
  public static Settings load(
      ConfigDefinition definition,
      Optional<Path> file,
      Map<String, String> environment,
      Map<String, String> overrides) {
    Map<String, String> merged = new HashMap<>();
    if (file.isPresent()) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file.get())) {
        properties.load(reader);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read configuration " + file.get() + ": " + e);
      }
      for (String k : properties.stringPropertyNames()) {
        definition.checkKnown(k, "configuration file " + file.get() + ":");
        merged.put(k, properties.getProperty(k));
      }
    }
    Map<String, String> fromFile = Map.copyOf(merged);
    new TreeMap<>(environment).forEach((variable, value) -> {
      if (!variable.startsWith(ENV_PREFIX) || variable.startsWith(LOCAL_STACK_PREFIX)) {
        return;
      }
      String key = definition.keyOfVariable(variable)
          .or(() -> fromFile.keySet().stream().filter(k -> envName(k).equals(variable)).findFirst())
          .orElseGet(() -> passThroughKey(definition, variable));
      definition.checkKnown(key, "environment variable " + variable + ":");
      merged.put(key, value);
    });
    overrides.keySet().forEach(k -> definition.checkKnown(k, "option"));
    merged.putAll(overrides);
    return new Settings(merged);
  }

  /** {@code LEAD_PIPELINE_KAFKA_SASL_MECHANISM} → {@code kafka.sasl.mechanism}; otherwise the key it spells. */
  private static String passThroughKey(ConfigDefinition definition, String variable) {
    String rest = variable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
    for (String prefix : definition.passThrough()) {
      String p = prefix.replace('.', '_');
      if (rest.startsWith(p) && rest.length() > p.length()) {
        return prefix + rest.substring(p.length()).replace('_', '.');
      }
    }
    return rest.replace('_', '.');
  }

  /** The environment variable that overrides {@code key}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Every key set, whatever its value. */
  public java.util.Set<String> keys() {
    return java.util.Collections.unmodifiableSet(values.keySet());
  }

  public Optional<String> find(String key) {
    String value = values.get(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  public String require(String key) {
    return find(key)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "configuration " + key + " (or " + envName(key) + ") is required"));
  }

  public String string(String key, String fallback) {
    return find(key).orElse(fallback);
  }

  public int integer(String key, int fallback) {
    return find(key).map(v -> parse(key, v, Integer::parseInt)).orElse(fallback);
  }

  public long longValue(String key, long fallback) {
    return find(key).map(v -> parse(key, v, Long::parseLong)).orElse(fallback);
  }

  public boolean bool(String key, boolean fallback) {
    return find(key)
        .map(
            v -> {
              if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(key + " must be true or false, not " + v);
              }
              return Boolean.parseBoolean(v);
            })
        .orElse(fallback);
  }

  /** A duration written as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 30d} or ISO-8601. */
  public Duration duration(String key, Duration fallback) {
    return find(key).map(v -> parseDuration(key, v)).orElse(fallback);
  }

  public static Duration parseDuration(String key, String text) {
    Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(text.strip());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          key + " must be a duration such as 500ms, 30s, 5m, 2h or 30d, not " + text);
    }
  }

  /** {@code 30d}, {@code 2h}, {@code 5m}, {@code 30s} or {@code 500ms}: the largest unit that is exact. */
  public static String formatDuration(Duration d) {
    long ms = d.toMillis();
    if (ms != 0 && ms % 86_400_000L == 0) {
      return ms / 86_400_000L + "d";
    } else if (ms != 0 && ms % 3_600_000L == 0) {
      return ms / 3_600_000L + "h";
    } else if (ms != 0 && ms % 60_000L == 0) {
      return ms / 60_000L + "m";
    } else if (ms != 0 && ms % 1000L == 0) {
      return ms / 1000L + "s";
    }
    return ms + "ms";
  }

  /**
   * Every key under {@code prefix}, with the prefix removed: {@code kafka.security.protocol}
   * becomes {@code security.protocol}, to hand to a Kafka client as it is.
   */
  public Map<String, String> under(String prefix) {
    Map<String, String> sub = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith(prefix) && k.length() > prefix.length()) {
            sub.put(k.substring(prefix.length()), v);
          }
        });
    return sub;
  }

  public Settings with(String key, String value) {
    Map<String, String> copy = new HashMap<>(values);
    copy.put(key, value);
    return new Settings(copy);
  }

  private static <T> T parse(String key, String value, java.util.function.Function<String, T> f) {
    try {
      return f.apply(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, not " + value);
    }
  }

  /** Keys only: values may hold secrets. */
  @Override
  public String toString() {
    return "Settings" + new TreeMap<>(values).keySet();
  }
}
