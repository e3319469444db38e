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
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static Settings of(Map<String, String> values) {
    return new Settings(values);
  }

  /**
   * Loads {@code file} (optional), then applies every environment variable that names a key in
   * {@code defaults} or in the file, then {@code overrides}.
   */
  public static Settings load(
      Map<String, String> defaults,
      Optional<Path> file,
      Map<String, String> environment,
      Map<String, String> overrides) {
    Map<String, String> merged = new HashMap<>(defaults);
    if (file.isPresent()) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file.get())) {
        properties.load(reader);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read configuration " + file.get() + ": " + e);
      }
      properties.stringPropertyNames().forEach(k -> merged.put(k, properties.getProperty(k)));
    }
    for (String key : Map.copyOf(merged).keySet()) {
      String fromEnv = environment.get(envName(key));
      if (fromEnv != null) {
        merged.put(key, fromEnv);
      }
    }
    merged.putAll(overrides);
    return new Settings(merged);
  }

  /** The environment variable that overrides {@code key}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
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
