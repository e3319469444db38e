package io.leadpipeline.config;

import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Every configuration key of one component, each defined once: name, type, default (or
 * required), validation, importance and one line of documentation (docs/SPECIFICATION.md §14).
 * It is a Kafka {@link ConfigDef} underneath, with durations ({@code 500ms}, {@code 30s},
 * {@code 30d}) as a validated string type, plus the prefixes whose keys pass through unchecked
 * ({@code kafka.*}, {@code serde.*}). The component reads typed values from {@link #parse}; the
 * README tables and {@code ops/config-keys.txt} are generated from {@link #keys()}.
 */
public final class ConfigDefinition {

  /** How a key is written; {@link #DURATION} and {@link #CHOICE} are strings Kafka's types lack. */
  public enum Kind { STRING, INT, LONG, BOOLEAN, DURATION, CHOICE, LIST, PASSWORD }

  /**
   * One key. {@code defaultValue} is its text form, empty for an empty default; absent when the
   * key has none, and then {@code required} says whether it must be set, or {@code unsetMeans}
   * what happens when it is not.
   */
  public record Key(
      String name,
      Kind kind,
      Optional<String> defaultValue,
      boolean required,
      String unsetMeans,
      String allowed,
      Importance importance,
      String doc) {

    /** The default as the tables show it: the value, {@code (empty)}, {@code (required)} or {@code (what happens)}. */
    public String defaultText() {
      if (defaultValue.isPresent()) {
        if (defaultValue.get().isEmpty()) {
          return unsetMeans.isEmpty() ? "(empty)" : "(empty: " + unsetMeans + ")";
        }
        return defaultValue.get();
      }
      return required ? "(required)" : "(" + unsetMeans + ")";
    }
  }

  private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

  private final String component;
  private final Map<String, Key> keys;
  private final Map<String, String> passThrough;
  private final Map<String, String> renamed;
  private final Map<String, ConfigDef.Validator> validators;
  private final ConfigDef def;

  private ConfigDefinition(String component, Map<String, Key> keys, Map<String, ConfigDef.Validator> validators,
      Map<String, String> passThrough, Map<String, String> renamed) {
    this.component = component;
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    this.validators = Map.copyOf(validators);
    this.passThrough = Collections.unmodifiableMap(new LinkedHashMap<>(passThrough));
    this.renamed = Map.copyOf(renamed);
    this.def = new ConfigDef();
    keys.values().forEach(this::defineIn);
  }

  public static Builder builder(String component) {
    return new Builder(component);
  }

  public String component() {
    return component;
  }

  /** Every key, in the order defined (shared keys first). */
  public List<Key> keys() {
    return List.copyOf(keys.values());
  }

  public Optional<Key> key(String name) {
    return Optional.ofNullable(keys.get(name));
  }

  /** Prefixes such as {@code kafka.} whose keys are handed on without a check. */
  public List<String> passThrough() {
    return List.copyOf(passThrough.keySet());
  }

  /** Each pass-through prefix with its one line of documentation. */
  public Map<String, String> passThroughDocs() {
    return passThrough;
  }

  /** Each key's default in text, {@code ""} when it has none: for callers that build settings from a map. */
  public Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    keys.values().forEach(k -> d.put(k.name(), k.defaultValue().orElse("")));
    return Collections.unmodifiableMap(d);
  }

  /** Whether {@code name} is a key of this component or falls under a pass-through prefix. */
  public boolean knows(String name) {
    return keys.containsKey(name) || passThrough.keySet().stream().anyMatch(p -> name.startsWith(p) && name.length() > p.length());
  }

  /**
   * Refuses a key this component does not know, naming the nearest one it does; a renamed key
   * names its new spelling.
   */
  public void checkKnown(String name, String source) {
    if (knows(name)) {
      return;
    }
    String renamedTo = renamed.get(name);
    if (renamedTo != null) {
      throw new IllegalArgumentException(
          source + " " + name + " was renamed " + renamedTo + " (" + keys.get(renamedTo).doc() + ")");
    }
    throw new IllegalArgumentException(
        source + " " + name + " is not a configuration key of " + component
            + nearest(name).map(n -> "; did you mean " + n + "?").orElse(""));
  }

  /** The defined key nearest to {@code name} by edit distance, if any is reasonably near. */
  public Optional<String> nearest(String name) {
    return keys.keySet().stream()
        .min(Comparator.comparingInt((String k) -> DISTANCE.apply(k, name)).thenComparing(k -> k))
        .filter(k -> DISTANCE.apply(k, name) <= Math.max(3, name.length() / 2));
  }

  /** The key an environment variable {@code LEAD_PIPELINE_<KEY>} names, if it names one. */
  public Optional<String> keyOfVariable(String variable) {
    return keys.keySet().stream().filter(k -> Settings.envName(k).equals(variable)).findFirst();
  }

  /**
   * Checks every key of {@code settings} and parses the defined ones to typed values: an unknown
   * key, a missing required key or a bad value is refused with the key, its variable, the problem
   * and what is allowed.
   */
  public ConfigValues parse(Settings settings) {
    settings.keys().forEach(k -> checkKnown(k, "configuration"));
    Map<String, String> present = new HashMap<>();
    for (String name : keys.keySet()) {
      settings.find(name).ifPresent(v -> present.put(name, v));
    }
    Map<String, Object> parsed;
    try {
      parsed = def.parse(present);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(explain(e), e);
    }
    return new ConfigValues(this, parsed, settings);
  }

  private static final Pattern NAMED = Pattern.compile("configuration \"?([A-Za-z0-9_.\\-]+?)\"?(?::| which|$)");

  private String explain(ConfigException e) {
    Matcher m = NAMED.matcher(e.getMessage());
    Key k = m.find() ? keys.get(m.group(1)) : null;
    if (k == null) {
      return component + ": " + e.getMessage();
    }
    String allowed = k.allowed().isEmpty() ? "" : "; allowed: " + k.allowed();
    return component + ": " + e.getMessage() + " (set " + k.name() + " or " + Settings.envName(k.name()) + allowed + ")";
  }

  private void defineIn(Key k) {
    Object dflt = k.defaultValue().isPresent()
        ? k.defaultValue().get()
        : k.required() ? ConfigDef.NO_DEFAULT_VALUE : null;
    Type type = switch (k.kind()) {
      case STRING, DURATION, CHOICE -> Type.STRING;
      case INT -> Type.INT;
      case LONG -> Type.LONG;
      case BOOLEAN -> Type.BOOLEAN;
      case LIST -> Type.LIST;
      case PASSWORD -> Type.PASSWORD;
    };
    def.define(k.name(), type, dflt, validatorOf(k), k.importance(), k.doc());
  }

  private ConfigDef.Validator validatorOf(Key k) {
    return validators.get(k.name());
  }

  /** Builds a definition; shared keys come from {@link SharedKeys}. */
  public static final class Builder {
    private final String component;
    private final Map<String, Key> keys = new LinkedHashMap<>();
    private final Map<String, ConfigDef.Validator> validators = new HashMap<>();
    private final Map<String, String> passThrough = new LinkedHashMap<>();
    private final Map<String, String> renamed = new HashMap<>();

    private Builder(String component) {
      this.component = component;
    }

    private Builder add(String name, Kind kind, Optional<String> dflt, boolean required, String unsetMeans,
        ConfigDef.Validator validator, String allowed, Importance importance, String doc) {
      if (keys.containsKey(name)) {
        throw new IllegalArgumentException(component + ": key defined twice: " + name);
      }
      if (doc.isBlank() || doc.contains("|") || doc.contains("\n")) {
        throw new IllegalArgumentException(name + ": documentation must be one line without '|'");
      }
      keys.put(name, new Key(name, kind, dflt, required, unsetMeans, allowed, importance, doc));
      if (validator != null) {
        validators.put(name, validator);
      }
      return this;
    }

    /** A string with a default ({@code ""} for an empty one). */
    public Builder string(String name, String dflt, Importance importance, String doc) {
      return add(name, Kind.STRING, Optional.of(dflt), false, "", null, "", importance, doc);
    }

    /** A string that must be set and not blank. */
    public Builder requiredString(String name, Importance importance, String doc) {
      return add(name, Kind.STRING, Optional.empty(), true, "", new ConfigDef.NonEmptyString(), "", importance, doc);
    }

    /** A string without a default; {@code unsetMeans} says what happens when it is not set. */
    public Builder optionalString(String name, String unsetMeans, Importance importance, String doc) {
      return add(name, Kind.STRING, Optional.empty(), false, unsetMeans, null, "", importance, doc);
    }

    public Builder integer(String name, int dflt, int min, int max, Importance importance, String doc) {
      return add(name, Kind.INT, Optional.of(Integer.toString(dflt)), false, "",
          ConfigDef.Range.between(min, max), range(min, max, Integer.MAX_VALUE), importance, doc);
    }

    public Builder longValue(String name, long dflt, long min, long max, Importance importance, String doc) {
      return add(name, Kind.LONG, Optional.of(Long.toString(dflt)), false, "",
          ConfigDef.Range.between(min, max), range(min, max, Long.MAX_VALUE), importance, doc);
    }

    public Builder bool(String name, boolean dflt, Importance importance, String doc) {
      return add(name, Kind.BOOLEAN, Optional.of(Boolean.toString(dflt)), false, "", null, "true or false", importance, doc);
    }

    /** A duration of at least {@code min}, written as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 30d} or ISO-8601. */
    public Builder duration(String name, String dflt, Duration min, Importance importance, String doc) {
      Durations v = new Durations(min, false);
      v.ensureValid(name, dflt);
      return add(name, Kind.DURATION, Optional.of(dflt), false, "", v, v.toString(), importance, doc);
    }

    /** As {@link #duration}, but {@code 0} or {@code off} switch the check it bounds off. */
    public Builder durationOrOff(String name, String dflt, Duration min, Importance importance, String doc) {
      Durations v = new Durations(min, true);
      v.ensureValid(name, dflt);
      return add(name, Kind.DURATION, Optional.of(dflt), false, "", v, v.toString(), importance, doc);
    }

    /** One of {@code choices}, matched without regard to case. */
    public Builder choice(String name, String dflt, List<String> choices, Importance importance, String doc) {
      ConfigDef.Validator v = ConfigDef.CaseInsensitiveValidString.in(choices.toArray(String[]::new));
      v.ensureValid(name, dflt);
      return add(name, Kind.CHOICE, Optional.of(dflt), false, "", v, String.join(", ", choices), importance, doc);
    }

    /** A comma-separated list, empty by default. */
    public Builder list(String name, String unsetMeans, Importance importance, String doc) {
      return add(name, Kind.LIST, Optional.of(""), false, unsetMeans, null, "comma-separated", importance, doc);
    }

    /** A secret that must be set: never printed, at least {@code minLength} characters. */
    public Builder requiredSecret(String name, int minLength, Importance importance, String doc) {
      return add(name, Kind.PASSWORD, Optional.empty(), true, "", new MinLength(minLength),
          minLength > 0 ? "at least " + minLength + " characters" : "", importance, doc);
    }

    /** A secret that may be left unset. */
    public Builder optionalSecret(String name, String unsetMeans, Importance importance, String doc) {
      return add(name, Kind.PASSWORD, Optional.empty(), false, unsetMeans, null, "", importance, doc);
    }

    /** Keys under {@code prefix} are handed on without a check (Kafka's clients check their own). */
    public Builder passThrough(String prefix, String doc) {
      passThrough.put(prefix, doc);
      return this;
    }

    /** An old spelling, refused with a message naming the new key. */
    public Builder renamed(String oldName, String newName) {
      renamed.put(oldName, newName);
      return this;
    }

    public ConfigDefinition build() {
      renamed.values().forEach(n -> {
        if (!keys.containsKey(n)) {
          throw new IllegalArgumentException(component + ": renamed to an undefined key " + n);
        }
      });
      return new ConfigDefinition(component, keys, validators, passThrough, renamed);
    }

    private static String range(long min, long max, long top) {
      return max == top ? "at least " + min : min + " to " + max;
    }
  }

  /** Durations as the loader writes them, with a lower bound; {@code off} when allowed. */
  static final class Durations implements ConfigDef.Validator {
    private final Duration min;
    private final boolean offAllowed;

    Durations(Duration min, boolean offAllowed) {
      this.min = min;
      this.offAllowed = offAllowed;
    }

    static boolean isOff(String text) {
      String t = text.strip();
      return t.equals("0") || t.equalsIgnoreCase("off");
    }

    @Override
    public void ensureValid(String name, Object value) {
      String text = String.valueOf(value);
      if (offAllowed && isOff(text)) {
        return;
      }
      Duration d;
      try {
        d = Settings.parseDuration(name, text);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, value, "not a duration such as 500ms, 30s, 5m, 2h or 30d");
      }
      if (d.compareTo(min) < 0) {
        throw new ConfigException(name, value, "shorter than " + Settings.formatDuration(min));
      }
    }

    @Override
    public String toString() {
      return "duration" + (min.isZero() ? "" : " ≥ " + Settings.formatDuration(min)) + (offAllowed ? ", or 0/off" : "");
    }
  }

  /** A secret's minimum length; the message never holds the value. */
  static final class MinLength implements ConfigDef.Validator {
    private final int min;

    MinLength(int min) {
      this.min = min;
    }

    @Override
    public void ensureValid(String name, Object value) {
      String text = value instanceof org.apache.kafka.common.config.types.Password p ? p.value() : String.valueOf(value);
      if (text == null || text.strip().length() < Math.max(1, min)) {
        // The value is a secret: the message names the key and the rule only.
        throw new ConfigException(name, "[hidden]", "shorter than " + Math.max(1, min) + " characters");
      }
    }

    @Override
    public String toString() {
      return "at least " + min + " characters";
    }
  }
}
