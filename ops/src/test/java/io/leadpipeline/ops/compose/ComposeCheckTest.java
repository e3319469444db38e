package io.leadpipeline.ops.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.ops.Repository;
import io.leadpipeline.ops.config.ConfigKeys;
import io.leadpipeline.ops.docker.ServiceImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeCheckTest {
  private static final List<String> OUR_SERVICES = List.of("lead-router", "suppression-service", "partner-gateway");

  private final ComposeFile compose = ComposeFile.read(Repository.file("docker-compose.yml"));
  private final ComposeCheck check = new ComposeCheck(compose, Repository.root());

  private static Map<String, Set<String>> imageConfigKeys() {
    return Map.of(
        "lead-router", ServiceImage.read(Repository.root(), "lead-router").configKeys(),
        "suppression-service", ServiceImage.read(Repository.root(), "suppression-service").configKeys(),
        "partner-gateway", ServiceImage.read(Repository.root(), "partner-gateway").configKeys());
  }

  @Test
  void theComposeFileHasNoStructuralProblem() {
    assertThat(check.structuralProblems()).isEmpty();
  }

  @Test
  void everyLeadPipelineVariableOverridesADocumentedKeyTheImageKnows() {
    ConfigKeys documented = ConfigKeys.read(Repository.file("ops/config-keys.txt"));
    assertThat(check.environment(documented, imageConfigKeys())).isEmpty();
  }

  @Test
  void theStackRunsWhatTheBriefAsksFor() {
    assertThat(compose.services()).containsKeys(
        "kafka", "schema-registry", "partner-init", "lead-router-1", "lead-router-2",
        "suppression-service", "prometheus", "grafana");
    ComposeFile.Service one = compose.service("lead-router-1").orElseThrow();
    ComposeFile.Service two = compose.service("lead-router-2").orElseThrow();
    // Scale-out: one consumer group, two state directories.
    assertThat(one.environment().get("LEAD_PIPELINE_APPLICATION_ID")).isEqualTo(two.environment().get("LEAD_PIPELINE_APPLICATION_ID"));
    assertThat(one.environment().get("LEAD_PIPELINE_STATE_DIR")).isNotEqualTo(two.environment().get("LEAD_PIPELINE_STATE_DIR"));
    // Keys must match across services, or suppression never applies.
    assertThat(one.environment().get("LEAD_PIPELINE_SUBJECT_KEY_SECRET"))
        .isEqualTo(compose.service("suppression-service").orElseThrow().environment().get("LEAD_PIPELINE_SUBJECT_KEY_SECRET"));
    // The gateway looks people up by the same keys: erasures and opt-outs must match.
    assertThat(compose.service("partner-gateway").orElseThrow().environment().get("LEAD_PIPELINE_SUBJECT_KEY_SECRET"))
        .isEqualTo(one.environment().get("LEAD_PIPELINE_SUBJECT_KEY_SECRET"));
    assertThat(compose.services().values()).filteredOn(s -> ComposeCheck.runs(s).isPresent())
        .extracting(s -> ComposeCheck.runs(s).orElseThrow()).containsOnlyElementsOf(OUR_SERVICES);
  }

  @Test
  void kafkaIsConfiguredThroughItsDocumentedVariables() {
    Map<String, String> env = compose.service("kafka").orElseThrow().environment();
    assertThat(env).containsKeys(
        "KAFKA_NODE_ID", "KAFKA_PROCESS_ROLES", "KAFKA_LISTENERS", "KAFKA_ADVERTISED_LISTENERS",
        "KAFKA_CONTROLLER_LISTENER_NAMES", "KAFKA_CONTROLLER_QUORUM_VOTERS", "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR");
    assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).doesNotContain("CONTROLLER");
    assertThat(compose.service("kafka").orElseThrow().image()).contains("apache/kafka:4.3.1");
  }

  @Test
  void theClusterProfileIsOneControllerAndThreeDurableBrokersOutsideTheDefaultStack() {
    List<String> brokers = List.of("kafka-1", "kafka-2", "kafka-3");
    Map<String, String> controller = compose.service("kafka-controller").orElseThrow().environment();
    assertThat(controller).containsEntry("KAFKA_PROCESS_ROLES", "controller")
        .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
        .containsEntry("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE", "false");
    for (String name : brokers) {
      ComposeFile.Service broker = compose.service(name).orElseThrow();
      Map<String, String> env = broker.environment();
      assertThat(broker.profiles()).as(name).containsExactly("cluster");
      assertThat(broker.image()).as(name).contains("apache/kafka:4.3.1");
      assertThat(env).as(name).containsEntry("KAFKA_PROCESS_ROLES", "broker")
          .containsEntry("KAFKA_NODE_ID", name.substring("kafka-".length()))
          .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", controller.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))
          .containsEntry("CLUSTER_ID", controller.get("CLUSTER_ID"))
          .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
          .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
          .containsEntry("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE", "false")
          .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
          .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2");
      assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).as(name).contains("INTERNAL://" + name + ":29092")
          .doesNotContain("CONTROLLER");
    }
    assertThat(compose.service("kafka-controller").orElseThrow().profiles()).containsExactly("cluster");
    assertThat(compose.service("kafka").orElseThrow().profiles()).as("the single broker stays the default").isEmpty();
    assertThat(compose.service("lead-router-1").orElseThrow().environment().get("LEAD_PIPELINE_BOOTSTRAP_SERVERS"))
        .isEqualTo("${KAFKA_BOOTSTRAP_SERVERS:-kafka:29092}");
  }

  @Test
  void aServiceWithoutImageOrBuildIsReported() {
    assertThat(checkOf("services:\n  a:\n    command: x\n").imagesOrBuilds())
        .containsExactly("service a has neither image nor build");
  }

  @Test
  void aMissingDockerfileOrContextIsReported(@TempDir Path dir) {
    ComposeCheck c = new ComposeCheck(ComposeFile.parse(
        "services:\n  a:\n    build:\n      context: nowhere\n      dockerfile: A.Dockerfile\n"), dir);
    assertThat(c.dockerfilesExist()).containsExactly(
        "service a: build context nowhere does not exist",
        "service a: Dockerfile nowhere/A.Dockerfile does not exist");
  }

  @Test
  void aMountedPathMissingFromTheRepositoryIsReported(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("ops"));
    ComposeCheck c = new ComposeCheck(ComposeFile.parse(
        "services:\n  a:\n    image: x\n    volumes:\n      - ./ops:/ops:ro\n      - ./ops/missing.yml:/m.yml\n      - /etc/passwd:/p\n"), dir);
    assertThat(c.mountsExist()).containsExactly(
        "service a: mounted path ops/missing.yml does not exist in the repository",
        "service a: mount /etc/passwd is not inside the repository (use ./path)");
  }

  @Test
  void theSamplePartnersMayBeMissingOnlyWhileTheRouterModuleIsMissing(@TempDir Path dir) throws Exception {
    String yaml = "services:\n  init:\n    image: x\n    volumes:\n      - ./examples/partners.json:/data/partners.json:ro\n";
    assertThat(new ComposeCheck(ComposeFile.parse(yaml), dir).mountsExist()).isEmpty();
    Files.createDirectories(dir.resolve("lead-router"));
    assertThat(new ComposeCheck(ComposeFile.parse(yaml), dir).mountsExist())
        .containsExactly("service init: mounted path examples/partners.json does not exist in the repository");
  }

  @Test
  void anUndeclaredNamedVolumeIsReported() {
    assertThat(checkOf("services:\n  a:\n    image: x\n    volumes:\n      - data:/data\n").namedVolumesDeclared())
        .containsExactly("service a: volume data is not declared under volumes:");
  }

  @Test
  void dependenciesMustNameServicesWithHealthchecksWhenWaitedOnAndFormNoCycle() {
    String yaml = """
        services:
          a:
            image: x
            depends_on:
              b:
                condition: service_healthy
              ghost:
                condition: service_started
          b:
            image: x
            depends_on: [c]
          c:
            image: x
            depends_on:
              b:
                condition: service_ready
        """;
    assertThat(checkOf(yaml).dependencies()).containsExactly(
        "service a waits for b to be healthy, but it has no healthcheck",
        "service a depends on ghost, which is not a service",
        "service c: unknown depends_on condition service_ready",
        "depends_on cycle: a -> b -> c -> b");
  }

  @Test
  void aHostPortPublishedTwiceIsReported() {
    String yaml = """
        services:
          a:
            image: x
            ports: ["8091:8091", "9000"]
          b:
            image: x
            ports:
              - "127.0.0.1:8091:8092"
              - target: 80
                published: "8080"
              - "8080:80/udp"
        """;
    assertThat(checkOf(yaml).hostPortsUnique()).containsExactly("host port 8091 is published by both a and b");
  }

  @Test
  void anUndocumentedOrIgnoredVariableIsReported() {
    String yaml = """
        services:
          router:
            build:
              context: .
              dockerfile: ops/docker/lead-router.Dockerfile
            environment:
              LEAD_PIPELINE_HTTP_PORT: "8091"
              LEAD_PIPELINE_ROUTING_MAX_PARTNER: "2"
              LEAD_PIPELINE_API_KEYS: "x"
              LEAD_PIPELINE_STATE_DIR: /tmp
              JAVA_TOOL_OPTIONS: -Xmx1g
          other:
            image: busybox
            environment:
              - LEAD_PIPELINE_HTTP_PORT=1
        """;
    ConfigKeys documented = ConfigKeys.read(Repository.file("ops/config-keys.txt"));
    assertThat(checkOf(yaml).environment(documented, Map.of("lead-router", Set.of("http.port"))))
        .containsExactly(
            "service router: LEAD_PIPELINE_ROUTING_MAX_PARTNER is no key of lead-router in ops/config-keys.txt",
            "service router: LEAD_PIPELINE_API_KEYS is no key of lead-router in ops/config-keys.txt",
            "service router: LEAD_PIPELINE_STATE_DIR would be ignored: state.dir is not in ops/docker/lead-router.properties",
            "service other sets LEAD_PIPELINE_HTTP_PORT but runs none of our images");
  }

  private static ComposeCheck checkOf(String yaml) {
    return new ComposeCheck(ComposeFile.parse(yaml), Repository.root());
  }
}
