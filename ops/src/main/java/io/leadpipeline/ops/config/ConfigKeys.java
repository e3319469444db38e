package io.leadpipeline.ops.config;

import io.leadpipeline.config.ConfigDocs;
import io.leadpipeline.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The documented configuration keys ({@code ops/config-keys.txt}, generated from the components'
 * definitions: docs/SPECIFICATION.md §14), one per line as {@code key | services | default | description}. A key ending in {@code .*} is a prefix that
 * passes whole families through (for example {@code kafka.*}).
 */
public final class ConfigKeys {

  public record Key(String key, Set<String> services, String defaultValue, String description) {
    public boolean isPrefix() {
      return key.endsWith(".*");
    }

    /**
     * The default for one service: the whole default, or the part marked for it when they differ,
     * as in {@code 8091 (router), 8090 (service)}.
     */
    public String defaultFor(String service) {
      Matcher parts = PER_SERVICE.matcher(defaultValue);
      String wanted = ConfigDocs.shortName(service);
      boolean perService = false;
      while (parts.find()) {
        perService = true;
        if (parts.group(2).equals(wanted)) {
          return parts.group(1).strip();
        }
      }
      if (perService) {
        throw new IllegalArgumentException(key + ": no default marked (" + wanted + ") in " + defaultValue);
      }
      return defaultValue;
    }
  }

  private static final Pattern PER_SERVICE = Pattern.compile("(.+?) \\((router|service|gateway|portal)\\)(?:, |$)");

  private final Map<String, Key> keys;

  private ConfigKeys(Map<String, Key> keys) {
    this.keys = keys;
  }

  public static ConfigKeys read(Path file) {
    try {
      return parse(Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ConfigKeys parse(List<String> lines) {
    Map<String, Key> keys = new LinkedHashMap<>();
    for (String line : lines) {
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      String[] cells = line.split("\\|", 4);
      if (cells.length != 4 || cells[3].isBlank() || cells[2].isBlank()) {
        throw new IllegalArgumentException(
            "expected 'key | services | default | description': " + line);
      }
      Set<String> services =
          Arrays.stream(cells[1].split(","))
              .map(String::strip)
              .filter(s -> !s.isEmpty())
              .collect(Collectors.toUnmodifiableSet());
      Key key = new Key(cells[0].strip(), services, cells[2].strip(), cells[3].strip());
      if (keys.put(key.key(), key) != null) {
        throw new IllegalArgumentException("key documented twice: " + key.key());
      }
    }
    return new ConfigKeys(keys);
  }

  public List<Key> keys() {
    return List.copyOf(keys.values());
  }

  /** The documented key of {@code service} that {@code key} is, or falls under. */
  public Optional<Key> find(String service, String key) {
    return keys.values().stream()
        .filter(k -> k.services().contains(service))
        .filter(k -> k.isPrefix()
            ? key.startsWith(k.key().substring(0, k.key().length() - 1))
            : k.key().equals(key))
        .findFirst();
  }

  /**
   * The key of {@code service} that the environment variable overrides, through the loader's own
   * mapping ({@link Settings#envName}); prefix families cannot be named by a variable alone.
   */
  public Optional<Key> forEnvironmentVariable(String service, String variable) {
    return keys.values().stream()
        .filter(k -> k.services().contains(service) && !k.isPrefix())
        .filter(k -> Settings.envName(k.key()).equals(variable))
        .findFirst();
  }
}
