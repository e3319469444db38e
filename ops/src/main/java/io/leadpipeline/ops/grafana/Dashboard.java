package io.leadpipeline.ops.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A Grafana dashboard JSON model, checked the way Grafana would load it. */
public final class Dashboard {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Grafana's interval variables, replaced by a value PromQL accepts before parsing. */
  private static final Map<String, String> GRAFANA_VARIABLES = Map.of(
      "${__rate_interval}", "5m", "$__rate_interval", "5m",
      "${__interval}", "1m", "$__interval", "1m",
      "${__range}", "6h", "$__range", "6h");

  private static final List<String> REQUIRED =
      List.of("uid", "title", "schemaVersion", "panels", "time", "version");

  /** One query of one panel, with Grafana's variables already replaced. */
  public record Query(int panelId, String panelTitle, String refId, String expr) {
    public String where() {
      return "panel " + panelId + " \"" + panelTitle + "\" query " + refId;
    }
  }

  private final JsonNode root;

  private Dashboard(JsonNode root) {
    this.root = root;
  }

  public static Dashboard read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Dashboard parse(String json) {
    try {
      return new Dashboard(JSON.readTree(json));
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  /** Required fields, unique panel ids, and a datasource ({@code datasourceUid}) and queries on every panel. */
  public List<String> problems(String datasourceUid) {
    List<String> problems = new ArrayList<>();
    for (String field : REQUIRED) {
      if (!root.hasNonNull(field)) {
        problems.add("dashboard lacks " + field);
      }
    }
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : panels()) {
      String title = panel.path("title").asText("(untitled)");
      if (!panel.path("id").isInt()) {
        problems.add("panel \"" + title + "\" has no numeric id");
      } else if (!ids.add(panel.path("id").asInt())) {
        problems.add("panel id " + panel.path("id").asInt() + " is used twice");
      }
      if (!panel.path("gridPos").isObject()) {
        problems.add("panel \"" + title + "\" has no gridPos");
      }
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      if (!datasourceUid.equals(panel.path("datasource").path("uid").asText())) {
        problems.add("panel \"" + title + "\" does not use datasource " + datasourceUid);
      }
      if (!panel.path("targets").isArray() || panel.path("targets").isEmpty()) {
        problems.add("panel \"" + title + "\" has no targets");
      }
      Set<String> refIds = new HashSet<>();
      for (JsonNode target : panel.path("targets")) {
        String refId = target.path("refId").asText("");
        if (refId.isEmpty() || !refIds.add(refId)) {
          problems.add("panel \"" + title + "\" has a target without a unique refId");
        }
        if (target.path("expr").asText("").isBlank()) {
          problems.add("panel \"" + title + "\" target " + refId + " has no expr");
        }
        if (target.has("datasource") && !datasourceUid.equals(target.path("datasource").path("uid").asText())) {
          problems.add("panel \"" + title + "\" target " + refId + " does not use datasource " + datasourceUid);
        }
      }
    }
    return problems;
  }

  public List<Query> queries() {
    List<Query> queries = new ArrayList<>();
    for (JsonNode panel : panels()) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText("");
        for (Map.Entry<String, String> v : GRAFANA_VARIABLES.entrySet()) {
          expr = expr.replace(v.getKey(), v.getValue());
        }
        queries.add(new Query(panel.path("id").asInt(), panel.path("title").asText(), target.path("refId").asText(), expr));
      }
    }
    return queries;
  }

  /**
   * Every query as a recording rule ({@code dashboard:panel_<id>_<refId>}), so
   * {@code promtool check rules} parses each expression with Prometheus's own parser.
   */
  public void writeAsRecordingRules(Path file) {
    ObjectNode root = YAML.createObjectNode();
    ObjectNode group = root.putArray("groups").addObject();
    group.put("name", "dashboard");
    ArrayNode rules = group.putArray("rules");
    for (Query q : queries()) {
      rules.addObject().put("record", "dashboard:panel_" + q.panelId() + "_" + q.refId()).put("expr", q.expr());
    }
    try {
      YAML.writeValue(file.toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<JsonNode> panels() {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : root.path("panels")) {
      panels.add(panel);
      // Collapsed rows keep their panels inside.
      panel.path("panels").forEach(panels::add);
    }
    return panels;
  }
}
