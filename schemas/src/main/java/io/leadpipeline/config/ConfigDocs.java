package io.leadpipeline.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration tables generated from the definitions (docs/SPECIFICATION.md §14): a
 * Markdown table for each component's README, between two marker comments, and
 * {@code ops/config-keys.txt} for every component at once. A test in {@code ops} compares them
 * with the committed files, so neither can drift from the code.
 */
public final class ConfigDocs {
  public static final String BEGIN = "<!-- config-table:begin %s (generated from the code's definition; do not edit) -->";
  public static final String END = "<!-- config-table:end %s -->";

  private ConfigDocs() {}

  /** The README table of one component, markers included. */
  public static String table(ConfigDefinition d) {
    StringBuilder b = new StringBuilder();
    b.append(BEGIN.formatted(d.component())).append('\n');
    b.append("| key (env `LEAD_PIPELINE_<KEY>`) | default | allowed | meaning |\n");
    b.append("|---|---|---|---|\n");
    for (ConfigDefinition.Key k : d.keys()) {
      b.append("| `").append(k.name()).append("` | ").append(cell(k.defaultText())).append(" | ")
          .append(cell(k.allowed())).append(" | ").append(cell(k.doc())).append(" |\n");
    }
    d.passThroughDocs().forEach((prefix, doc) ->
        b.append("| `").append(prefix).append("*` | | | ").append(cell(doc)).append(" |\n"));
    b.append(END.formatted(d.component()));
    return b.toString();
  }

  /** {@code text} with the table of {@code d} between its markers replaced by the generated one. */
  public static String replaceTable(String text, ConfigDefinition d) {
    Pattern p = Pattern.compile(Pattern.quote(BEGIN.formatted(d.component())) + ".*?" + Pattern.quote(END.formatted(d.component())),
        Pattern.DOTALL);
    Matcher m = p.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException("no " + BEGIN.formatted(d.component()) + " ... " + END.formatted(d.component()) + " markers");
    }
    return text.substring(0, m.start()) + table(d) + text.substring(m.end());
  }

  public static final String LIST_BEGIN = "<!-- config-list:begin (generated from the code's definitions; do not edit) -->";
  public static final String LIST_END = "<!-- config-list:end -->";

  /** One line per component naming each key with its default, for a short overview (ops/README.md). */
  public static String keyList(List<ConfigDefinition> definitions) {
    StringBuilder b = new StringBuilder(LIST_BEGIN).append('\n');
    for (ConfigDefinition d : definitions) {
      b.append("- ").append(d.component()).append(": ");
      List<String> items = new ArrayList<>();
      d.keys().forEach(k -> items.add("`" + k.name() + "` " + k.defaultText()));
      d.passThrough().forEach(p -> items.add("`" + p + "*`"));
      b.append(String.join(", ", items)).append('\n');
    }
    return b.append(LIST_END).toString();
  }

  /** {@code text} with the key list between its markers replaced by the generated one. */
  public static String replaceKeyList(String text, List<ConfigDefinition> definitions) {
    int start = text.indexOf(LIST_BEGIN);
    int end = text.indexOf(LIST_END);
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("no " + LIST_BEGIN + " ... " + LIST_END + " markers");
    }
    return text.substring(0, start) + keyList(definitions) + text.substring(end + LIST_END.length());
  }

  /**
   * {@code ops/config-keys.txt}: {@code key | components | default | description}, one key per
   * line; a default that differs between components is written {@code 8091 (router), 8090 (service)}.
   */
  public static String keysFile(List<ConfigDefinition> definitions) {
    Map<String, List<ConfigDefinition>> byKey = new LinkedHashMap<>();
    Map<String, String> docs = new LinkedHashMap<>();
    for (ConfigDefinition d : definitions) {
      for (ConfigDefinition.Key k : d.keys()) {
        byKey.computeIfAbsent(k.name(), x -> new ArrayList<>()).add(d);
        docs.putIfAbsent(k.name(), k.doc());
      }
      d.passThroughDocs().forEach((prefix, doc) -> {
        byKey.computeIfAbsent(prefix + "*", x -> new ArrayList<>()).add(d);
        docs.putIfAbsent(prefix + "*", doc);
      });
    }
    StringBuilder b = new StringBuilder();
    b.append("# Generated from the configuration definitions in the code; do not edit (docs/SPECIFICATION.md §14).\n");
    b.append("# Regenerate: mvn -B -ntp -pl ops -am test -Dtest=GeneratedConfigDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Dconfig.docs.write=true\n");
    b.append("# key | components | default | description. Any key is overridden by LEAD_PIPELINE_<KEY> (upper case,\n");
    b.append("# dots and dashes as underscores: routing.max-partners -> LEAD_PIPELINE_ROUTING_MAX_PARTNERS).\n");
    b.append("# A default that differs per component reads \"<value> (router), <value> (service), ...\";\n");
    b.append("# \"(required)\" must be set, \"(...)\" says what happens when a key without a default is unset.\n");
    byKey.forEach((name, components) -> {
      List<String> names = components.stream().map(ConfigDefinition::component).toList();
      b.append(name).append(" | ").append(String.join(", ", names)).append(" | ")
          .append(defaults(name, components)).append(" | ").append(docs.get(name)).append('\n');
    });
    return b.toString();
  }

  private static String defaults(String name, List<ConfigDefinition> components) {
    if (name.endsWith("*")) {
      return "(none)";
    }
    Set<String> distinct = new LinkedHashSet<>();
    List<String> marked = new ArrayList<>();
    for (ConfigDefinition d : components) {
      String text = d.key(name).orElseThrow().defaultText();
      distinct.add(text);
      marked.add(text + " (" + shortName(d.component()) + ")");
    }
    return distinct.size() == 1 ? distinct.iterator().next() : String.join(", ", marked);
  }

  /** {@code lead-router} → {@code router}, {@code suppression-service} → {@code service}, {@code partner-gateway} → {@code gateway}. */
  public static String shortName(String component) {
    return switch (component) {
      case "lead-router" -> "router";
      case "suppression-service" -> "service";
      case "partner-gateway" -> "gateway";
      case "partner-portal" -> "portal";
      default -> component;
    };
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
