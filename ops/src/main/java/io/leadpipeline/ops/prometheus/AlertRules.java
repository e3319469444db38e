package io.leadpipeline.ops.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The alerting rules of a Prometheus rules file, and how well a promtool test file covers them. */
public final class AlertRules {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  public record Alert(String name, String expr, String severity) {}

  private final List<Alert> alerts;

  private AlertRules(List<Alert> alerts) {
    this.alerts = alerts;
  }

  public static AlertRules read(Path rulesFile) {
    JsonNode root = yaml(rulesFile);
    List<Alert> alerts = new ArrayList<>();
    for (JsonNode group : root.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("alert")) {
          alerts.add(new Alert(
              rule.path("alert").asText(), rule.path("expr").asText(), rule.path("labels").path("severity").asText("")));
        }
      }
    }
    return new AlertRules(alerts);
  }

  public List<Alert> alerts() {
    return alerts;
  }

  /**
   * For each alert, whether the test file has a case where it fires (non-empty exp_alerts) and a
   * case where it stays quiet (empty exp_alerts): "no case" is reported for both kinds.
   */
  public List<String> coverageProblems(Path testFile) {
    Map<String, boolean[]> seen = new LinkedHashMap<>();
    alerts.forEach(a -> seen.put(a.name(), new boolean[2]));
    List<String> problems = new ArrayList<>();
    for (JsonNode test : yaml(testFile).path("tests")) {
      for (JsonNode check : test.path("alert_rule_test")) {
        String name = check.path("alertname").asText();
        boolean[] cases = seen.get(name);
        if (cases == null) {
          problems.add("alerts_test.yml tests " + name + ", which is not an alert of the rules file");
          continue;
        }
        cases[check.path("exp_alerts").isEmpty() ? 1 : 0] = true;
      }
    }
    seen.forEach((name, cases) -> {
      if (!cases[0]) {
        problems.add(name + " has no test where it fires");
      }
      if (!cases[1]) {
        problems.add(name + " has no test where it stays quiet");
      }
    });
    return problems;
  }

  private static JsonNode yaml(Path file) {
    try {
      return YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
