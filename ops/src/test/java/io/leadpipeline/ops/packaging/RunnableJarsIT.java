package io.leadpipeline.ops.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.ops.Repository;
import io.leadpipeline.suppression.access.ApiKeys;
import io.leadpipeline.suppression.access.Scope;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jars the images ship, run as they are with {@code java -jar} and configured the way
 * compose configures them (LEAD_PIPELINE_* variables only, no -D flags): help on every command,
 * serving on the local stack, JSON logs, no personal data in them, and a graceful stop.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class RunnableJarsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(150);
  private static final Map<String, List<String>> COMMANDS = Map.of(
      "lead-router", List.of("run", "import-partners"),
      "suppression-service", List.of("serve", "ingest-tps", "create-topics", "hash-api-key"));
  private static final String API_KEY_ID = "jars-it";
  private static final String API_KEY_SECRET = "jars-it-api-key-secret";
  /** On the TPS file uploaded below; must never reach a log line. */
  private static final String PHONE = "020 7946 0871";

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> started = new ArrayList<>();

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void everyCommandOfBothJarsAnswersHelpAndTheVersion(@TempDir Path tmp) throws Exception {
    for (Map.Entry<String, List<String>> service : COMMANDS.entrySet()) {
      String name = service.getKey();
      Finished help = runToEnd(tmp, name, Map.of(), "--help");
      assertThat(help.exitCode()).as(help.toString()).isZero();
      assertThat(help.out()).startsWith("Usage: " + name + " ");
      service.getValue().forEach(command -> assertThat(help.out()).contains(command));

      Finished version = runToEnd(tmp, name, Map.of(), "-V");
      assertThat(version.exitCode()).as(version.toString()).isZero();
      assertThat(version.out().strip()).matches(name + " \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");

      for (String command : service.getValue()) {
        Finished commandHelp = runToEnd(tmp, name, Map.of(), command, "--help");
        assertThat(commandHelp.exitCode()).as(commandHelp.toString()).isZero();
        assertThat(commandHelp.out()).startsWith("Usage: " + name + " " + command);
      }
    }
  }

  @Test
  void neitherJarCarriesALogbackConfigurationAtItsRoot() throws IOException {
    // log.format picks the configuration; a library's logback.xml shaded in would compete with it.
    for (String name : COMMANDS.keySet()) {
      try (ZipFile jar = new ZipFile(Repository.file(name + "/target/" + name + ".jar").toFile())) {
        assertThat(jar.stream().map(ZipEntry::getName))
            .as(name + ".jar")
            .doesNotContain("logback.xml", "logback-test.xml", "logback.groovy")
            .contains("io/leadpipeline/config/logback-text.xml", "io/leadpipeline/config/logback-json.xml");
      }
    }
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void bothJarsServeOnTheLocalStackLogJsonWithoutPersonalDataAndStopGracefully(LocalStack stack, @TempDir Path tmp)
      throws Exception {
    String prefix = "jars-it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Map<String, String> common = Map.of(
        "LEAD_PIPELINE_BOOTSTRAP_SERVERS", stack.bootstrapServers(),
        "LEAD_PIPELINE_SCHEMA_REGISTRY_URL", stack.schemaRegistryUrl(),
        "LEAD_PIPELINE_TOPIC_PREFIX", prefix,
        "LEAD_PIPELINE_SUBJECT_KEY_SECRET", "jars-it-subject-key-secret",
        "LEAD_PIPELINE_LOG_FORMAT", "json");
    Map<String, String> serviceEnv = with(common, Map.of(
        "LEAD_PIPELINE_HTTP_HOST", "127.0.0.1",
        "LEAD_PIPELINE_HTTP_PORT", Integer.toString(freePort()),
        "LEAD_PIPELINE_UNSUBSCRIBE_TOKEN_SECRET", "jars-it-unsubscribe-secret",
        "LEAD_PIPELINE_API_KEYS", ApiKeys.configLine(API_KEY_ID, API_KEY_SECRET, EnumSet.of(Scope.TPS_WRITE)),
        "LEAD_PIPELINE_TPS_STATE_DIR", tmp.resolve("tps").toString()));
    Map<String, String> routerEnv = with(common, Map.of(
        "LEAD_PIPELINE_HTTP_PORT", Integer.toString(freePort()),
        "LEAD_PIPELINE_APPLICATION_ID", prefix + "router",
        "LEAD_PIPELINE_STATE_DIR", tmp.resolve("router").toString(),
        "LEAD_PIPELINE_REPLICATION_FACTOR", "1"));
    int servicePort = Integer.parseInt(serviceEnv.get("LEAD_PIPELINE_HTTP_PORT"));
    int routerPort = Integer.parseInt(routerEnv.get("LEAD_PIPELINE_HTTP_PORT"));

    try {
      Finished topics = runToEnd(tmp, "suppression-service", serviceEnv, "create-topics", "--replication-factor", "1");
      assertThat(topics.exitCode()).as(topics.toString()).isZero();
      assertThat(topics.out()).contains("created " + prefix + "enquiries", "created " + prefix + "suppression.tps");

      Running service = start(tmp, "suppression-service", serviceEnv, "serve");
      Running router = start(tmp, "lead-router", routerEnv, "run");
      awaitStatus(service, servicePort, "/health/live", 200);
      awaitStatus(router, routerPort, "/health/live", 200);

      // The router reads the loads the service wrote (Avro both ways) and stops failing closed.
      upload(servicePort, "TPS", PHONE + ",2020-01-06\n");
      upload(servicePort, "CTPS", "");
      awaitStatus(router, routerPort, "/health/ready", 200);
      assertThat(get(routerPort, "/metrics").body()).contains("suppression_data_stale 0.0", "jvm_memory_used_bytes", "kafka_stream_alive_stream_threads");
      assertThat(get(servicePort, "/metrics").body()).contains("suppression_tps_file_age_seconds{register=\"TPS\"}", "tps_ingest_lines_total");

      // SIGTERM, as docker stop sends: shutdown hooks close Kafka Streams and the HTTP server.
      for (Running r : List.of(router, service)) {
        r.process().destroy();
        assertThat(r.process().waitFor(60, TimeUnit.SECONDS)).as(r.name() + " stopped within 60 s").isTrue();
        assertThat(r.process().exitValue()).as(r.name() + " exit code after SIGTERM").isEqualTo(143);
      }

      List<JsonNode> serviceLog = jsonLines(service);
      List<JsonNode> routerLog = jsonLines(router);
      assertThat(serviceLog).extracting(l -> l.path("formattedMessage").asText())
          .anyMatch(m -> m.startsWith("suppression service listening on port " + servicePort))
          .contains("suppression service stopped");
      assertThat(routerLog).extracting(l -> l.path("formattedMessage").asText())
          .anyMatch(m -> m.startsWith("lead-router started"))
          .anyMatch(m -> m.endsWith("-> NOT_RUNNING"));
      for (Running r : List.of(router, service)) {
        assertThat(Files.readString(r.out()))
            .as(r.name() + " log")
            .doesNotContain("7946 0871", "79460871", API_KEY_SECRET);
        assertThat(Files.readString(r.err())).as(r.name() + " stderr").isBlank();
      }
    } finally {
      for (Process p : started) {
        if (p.isAlive()) {
          p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  /** Every line the jar wrote to stdout, each of which must be one JSON log event. */
  private static List<JsonNode> jsonLines(Running r) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(r.out())) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode event;
      try {
        event = JSON.readTree(line);
      } catch (IOException e) {
        throw new AssertionError(r.name() + " wrote a line that is not JSON: " + line, e);
      }
      assertThat(event.path("level").asText()).as(line).isIn("ERROR", "WARN", "INFO");
      assertThat(event.path("loggerName").asText()).as(line).isNotEmpty();
      assertThat(event.has("timestamp")).as(line).isTrue();
      events.add(event);
    }
    return events;
  }

  private record Running(String name, Process process, Path out, Path err) {}

  private record Finished(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  /** {@code java -jar <service>/target/<service>.jar args}, with only {@code env} as LEAD_PIPELINE_* variables. */
  private Running start(Path tmp, String name, Map<String, String> env, String... args) throws IOException {
    Path jar = Repository.file(name + "/target/" + name + ".jar");
    assertThat(jar)
        .as("the runnable jar; build it first: mvn -pl " + name + " -am package (the reactor does, before ops)")
        .isRegularFile();
    List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx384m", "-jar", jar.toString()));
    command.addAll(List.of(args));
    String id = name + "-" + String.join("-", args).replaceAll("[^a-z-]", "") + "-" + UUID.randomUUID().toString().substring(0, 4);
    Path out = tmp.resolve(id + ".out");
    Path err = tmp.resolve(id + ".err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("LEAD_PIPELINE_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    started.add(process);
    return new Running(name, process, out, err);
  }

  private Finished runToEnd(Path tmp, String name, Map<String, String> env, String... args) throws Exception {
    Running r = start(tmp, name, env, args);
    assertThat(r.process().waitFor(90, TimeUnit.SECONDS)).as(name + " " + String.join(" ", args) + " finished").isTrue();
    return new Finished(r.process().exitValue(), Files.readString(r.out()), Files.readString(r.err()));
  }

  private void awaitStatus(Running r, int port, String path, int status) {
    // Until it listens, a connection is refused; a process that died fails at once, with its output.
    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptionsInstanceOf(IOException.class).untilAsserted(() -> {
      assertThat(r.process().isAlive())
          .as(r.name() + " is running; its output:\n" + Files.readString(r.out()) + Files.readString(r.err()))
          .isTrue();
      assertThat(get(port, path).statusCode()).as(r.name() + " " + path).isEqualTo(status);
    });
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void upload(int port, String register, String file) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/tps/files?register=" + register + "&kind=FULL"))
            .header("Authorization", "Bearer " + API_KEY_ID + "." + API_KEY_SECRET)
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString(file))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
    Map<String, String> all = new HashMap<>(base);
    all.putAll(more);
    return all;
  }
}
