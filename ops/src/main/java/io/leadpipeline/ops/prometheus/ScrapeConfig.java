package io.leadpipeline.ops.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leadpipeline.ops.compose.ComposeCheck;
import io.leadpipeline.ops.compose.ComposeFile;
import io.leadpipeline.ops.compose.ComposeFile.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The static scrape targets of a Prometheus configuration, checked against the compose file. */
public final class ScrapeConfig {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  public record Target(String job, String metricsPath, String host, String port) {}

  private final List<Target> targets;

  private ScrapeConfig(List<Target> targets) {
    this.targets = targets;
  }

  public static ScrapeConfig read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ScrapeConfig parse(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("not YAML: " + e.getMessage(), e);
    }
    List<Target> targets = new ArrayList<>();
    for (JsonNode job : root.path("scrape_configs")) {
      String name = job.path("job_name").asText();
      String path = job.path("metrics_path").asText("/metrics");
      for (JsonNode group : job.path("static_configs")) {
        for (JsonNode target : group.path("targets")) {
          String[] hostPort = target.asText().split(":", 2);
          targets.add(new Target(name, path, hostPort[0], hostPort.length == 2 ? hostPort[1] : ""));
        }
      }
    }
    return new ScrapeConfig(targets);
  }

  public List<Target> targets() {
    return targets;
  }

  public Set<String> jobs() {
    Set<String> jobs = new TreeSet<>();
    targets.forEach(t -> jobs.add(t.job()));
    return jobs;
  }

  /**
   * Each target must be a compose service and one of its container ports; a target running one
   * of our images must be in the job named after that service, at the port its configuration
   * sets, on /metrics.
   */
  public List<String> problems(ComposeFile compose) {
    List<String> problems = new ArrayList<>();
    for (Target t : targets) {
      String where = "job " + t.job() + ", target " + t.host() + ":" + t.port();
      Optional<Service> service = compose.service(t.host());
      if (service.isEmpty()) {
        problems.add(where + ": " + t.host() + " is not a compose service");
        continue;
      }
      Set<String> containerPorts = new TreeSet<>(service.get().expose());
      service.get().ports().forEach(p -> containerPorts.add(p.container()));
      if (!containerPorts.contains(t.port())) {
        problems.add(where + ": " + t.host() + " has no container port " + t.port() + " (has " + containerPorts + ")");
      }
      Optional<String> runs = ComposeCheck.runs(service.get());
      if (runs.isPresent()) {
        if (!runs.get().equals(t.job())) {
          problems.add(where + ": " + t.host() + " runs " + runs.get() + ", so its job must be " + runs.get());
        }
        if (!t.metricsPath().equals("/metrics")) {
          problems.add(where + ": our services serve /metrics, not " + t.metricsPath());
        }
        String httpPort = service.get().environment().get("LEAD_PIPELINE_HTTP_PORT");
        if (httpPort != null && !httpPort.equals(t.port())) {
          problems.add(where + ": " + t.host() + " listens on " + httpPort + " (LEAD_PIPELINE_HTTP_PORT)");
        }
      }
    }
    return problems;
  }
}
