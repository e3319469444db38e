package io.leadpipeline.ops.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (the Debian package's {@code /usr/bin/prometheus}) as a child process
 * on 127.0.0.1, with its HTTP API. For tests: it stores into a directory of the caller's, logs to
 * {@code prometheus.log} there, and is stopped by {@link #close()} or, if the JVM ends first, by a
 * shutdown hook.
 */
public final class PrometheusServer implements AutoCloseable {
  public static final String MISSING =
      "prometheus is not on PATH: install the Debian package prometheus "
          + "(apt-get install -y prometheus, or .ci/install-tools prometheus)";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  /** A scrape target as Prometheus sees it: {@code health} is up, down or unknown. */
  public record Target(String job, String instance, String health, String lastError) {}

  /** One series of an instant query's answer. */
  public record Sample(Map<String, String> labels, String value) {
    public double number() {
      return Double.parseDouble(value);
    }
  }

  /** A recording or alerting rule and whether its last evaluation worked. */
  public record Rule(String name, String health, String lastError) {}

  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Thread shutdownHook;

  private PrometheusServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.shutdownHook = new Thread(this::stop, "prometheus-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** The prometheus executable on PATH. */
  public static Optional<Path> find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "prometheus");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * A configuration scraping each job's {@code host:port} targets on {@code /metrics} every
   * {@code interval}, evaluating {@code ruleFiles} as often.
   */
  public static String scrapeConfig(Duration interval, Map<String, List<String>> targetsByJob, List<Path> ruleFiles) {
    String every = interval.toMillis() % 1000 == 0 ? interval.toSeconds() + "s" : interval.toMillis() + "ms";
    StringBuilder yaml = new StringBuilder();
    yaml.append("global:\n");
    yaml.append("  scrape_interval: ").append(every).append('\n');
    yaml.append("  scrape_timeout: ").append(every).append('\n');
    yaml.append("  evaluation_interval: ").append(every).append('\n');
    if (!ruleFiles.isEmpty()) {
      yaml.append("rule_files:\n");
      ruleFiles.forEach(f -> yaml.append("  - '").append(f.toAbsolutePath()).append("'\n"));
    }
    yaml.append("scrape_configs:\n");
    targetsByJob.forEach(
        (job, targets) -> {
          yaml.append("  - job_name: '").append(job).append("'\n");
          yaml.append("    metrics_path: /metrics\n");
          yaml.append("    static_configs:\n");
          yaml.append("      - targets:\n");
          targets.forEach(t -> yaml.append("          - '").append(t).append("'\n"));
        });
    return yaml.toString();
  }

  /**
   * Starts Prometheus with {@code config} in {@code workDir} and returns once it answers
   * {@code /-/ready}; throws, with the end of its log, if it does not.
   */
  public static PrometheusServer start(Path workDir, String config) {
    Path executable = find().orElseThrow(() -> new IllegalStateException(MISSING));
    try {
      Files.createDirectories(workDir);
      Path configFile = Files.writeString(workDir.resolve("prometheus.yml"), config);
      Path log = workDir.resolve("prometheus.log");
      int port = freePort();
      Process process =
          new ProcessBuilder(
                  executable.toString(),
                  "--config.file=" + configFile,
                  "--storage.tsdb.path=" + workDir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      process.getOutputStream().close();
      PrometheusServer server = new PrometheusServer(process, port, log);
      try {
        server.awaitReady();
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start prometheus", e);
    }
  }

  public int port() {
    return port;
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Every active target. */
  public List<Target> targets() {
    List<Target> targets = new ArrayList<>();
    for (JsonNode t : api("targets", Map.of("state", "active")).path("activeTargets")) {
      targets.add(
          new Target(
              t.path("labels").path("job").asText(),
              t.path("labels").path("instance").asText(),
              t.path("health").asText(),
              t.path("lastError").asText()));
    }
    return targets;
  }

  /** An instant query, now. */
  public List<Sample> query(String promql) {
    JsonNode data = api("query", Map.of("query", promql));
    if (!data.path("resultType").asText().equals("vector")) {
      throw new IllegalArgumentException(promql + " is not a vector query: " + data.path("resultType").asText());
    }
    List<Sample> samples = new ArrayList<>();
    for (JsonNode series : data.path("result")) {
      Map<String, String> labels = new LinkedHashMap<>();
      series.path("metric").properties().forEach(f -> labels.put(f.getKey(), f.getValue().asText()));
      samples.add(new Sample(labels, series.path("value").path(1).asText()));
    }
    return samples;
  }

  /** Every label set of the series that {@code selector} matches. */
  public List<Map<String, String>> series(String selector) {
    List<Map<String, String>> series = new ArrayList<>();
    for (JsonNode s : api("series", Map.of("match[]", selector))) {
      Map<String, String> labels = new LinkedHashMap<>();
      s.properties().forEach(f -> labels.put(f.getKey(), f.getValue().asText()));
      series.add(labels);
    }
    return series;
  }

  /** Every rule of every loaded rule file. */
  public List<Rule> rules() {
    List<Rule> rules = new ArrayList<>();
    for (JsonNode group : api("rules", Map.of()).path("groups")) {
      for (JsonNode r : group.path("rules")) {
        rules.add(new Rule(r.path("name").asText(), r.path("health").asText(), r.path("lastError").asText()));
      }
    }
    return rules;
  }

  /** {@code GET /api/v1/<endpoint>}: its {@code data}, or an exception with Prometheus's error. */
  public JsonNode api(String endpoint, Map<String, String> parameters) {
    StringBuilder url = new StringBuilder("http://127.0.0.1:" + port + "/api/v1/" + endpoint);
    char separator = '?';
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      url.append(separator)
          .append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
      separator = '&';
    }
    HttpResponse<String> response = get(url.toString());
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(endpoint + " answered " + response.statusCode() + " without JSON: " + response.body());
    }
    if (!body.path("status").asText().equals("success")) {
      throw new IllegalStateException(
          endpoint + " " + parameters + " failed: " + body.path("errorType").asText() + ": " + body.path("error").asText());
    }
    return body.path("data");
  }

  /** The end of Prometheus's own log, for failure messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM, so Prometheus closes its storage; killed if it has not exited within 20 s. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or has run: nothing left to undo.
    }
  }

  private void stop() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + logTail());
      }
      try {
        if (get("http://127.0.0.1:" + port + "/-/ready").statusCode() == 200) {
          return;
        }
      } catch (UncheckedIOException notListeningYet) {
        // Starting: the port opens once the storage is ready.
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for prometheus", e);
      }
    }
    throw new IllegalStateException("prometheus not ready after " + READY_TIMEOUT.toSeconds() + " s:\n" + logTail());
  }

  private HttpResponse<String> get(String url) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
