package io.leadpipeline.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router's configuration as its command line reads it (docs/SPECIFICATION.md §14). */
class RouterConfigTest {
  private static final Map<String, String> REQUIRED = Map.of(
      "bootstrap.servers", "localhost:9092",
      "schema.registry.url", "http://localhost:8081",
      "subject.key.secret", Fixtures.SECRET);

  private static Settings load(Map<String, String> env) {
    return Settings.load(RouterConfig.DEFINITION, Optional.empty(), env, REQUIRED);
  }

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    RouterConfig c = RouterConfig.from(load(Map.of()));
    assertThat(c.applicationId()).isEqualTo("lead-router");
    assertThat(c.topicPrefix()).isEmpty();
    assertThat(c.maxPartners()).isEqualTo(3);
    assertThat(c.dedupeWindow()).isEqualTo(Duration.ofDays(30));
    assertThat(c.maxRegisterAge()).isEqualTo(Duration.ofHours(48));
    assertThat(c.clockSkewBound()).isEqualTo(Duration.ofMillis(100));
    assertThat(c.barrierTick()).isEqualTo(Duration.ofMillis(5));
  }

  @Test
  void theImageConfigParses() {
    Settings s = Settings.load(RouterConfig.DEFINITION, Optional.of(Path.of("../ops/docker/lead-router.properties")),
        Map.of(), Map.of("subject.key.secret", Fixtures.SECRET));
    assertThat(RouterConfig.from(s).maxPartners()).isEqualTo(3);
  }

  @Test
  void environmentVariablesOverrideEveryKey() {
    RouterConfig c = RouterConfig.from(load(Map.of(
        "LEAD_PIPELINE_ROUTING_MAX_PARTNERS", "5",
        "LEAD_PIPELINE_SUPPRESSION_MAX_REGISTER_AGE", "0",
        "LEAD_PIPELINE_TOPIC_PREFIX", "prod.")));
    assertThat(c.maxPartners()).isEqualTo(5);
    assertThat(c.maxRegisterAge()).isZero();
    assertThat(c.topicPrefix()).isEqualTo("prod.");
  }

  @Test
  void kafkaAndRegistryAreRequiredLikeTheSecret() {
    for (String key : REQUIRED.keySet()) {
      Map<String, String> without = new java.util.HashMap<>(REQUIRED);
      without.remove(key);
      Settings s = Settings.load(RouterConfig.DEFINITION, Optional.empty(), Map.of(), without);
      assertThatThrownBy(() -> RouterConfig.from(s)).hasMessageContaining(key).hasMessageContaining(Settings.envName(key));
    }
  }

  @Test
  void aMistypedKeyInTheFileIsRefusedNamingTheNearestKey(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("router.properties");
    Files.writeString(file, "routing.max-partner=2\n");
    assertThatThrownBy(() -> Settings.load(RouterConfig.DEFINITION, Optional.of(file), Map.of(), REQUIRED))
        .hasMessageContaining("routing.max-partner ")
        .hasMessageContaining("did you mean routing.max-partners?");
  }

  @Test
  void aMistypedVariableIsRefusedNamingTheNearestKey() {
    assertThatThrownBy(() -> load(Map.of("LEAD_PIPELINE_ROUTING_MAX_PARTNER", "2")))
        .hasMessageContaining("LEAD_PIPELINE_ROUTING_MAX_PARTNER")
        .hasMessageContaining("did you mean routing.max-partners?");
    assertThatThrownBy(() -> load(Map.of("LEAD_PIPELINE_API_KEYS", "x")))
        .hasMessageContaining("not a configuration key of lead-router");
  }

  @Test
  void kafkaKeysPassThroughFromTheFileAndTheEnvironment(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("router.properties");
    Files.writeString(file, "kafka.sasl.mechanism=SCRAM-SHA-512\n");
    Settings s = Settings.load(RouterConfig.DEFINITION, Optional.of(file),
        Map.of("LEAD_PIPELINE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "LEAD_PIPELINE_LOCAL_STACK_KAFKA_LIBS", "/x"), REQUIRED);
    var p = LeadRouter.streamsProperties(RouterConfig.DEFINITION.parse(s), RouterConfig.from(s),
        io.leadpipeline.router.ops.RouterMetrics.unscraped());
    assertThat(p.get("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(p.get("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
  }

  @Test
  void aBadValueIsRefusedWithTheKeyAndItsRange() {
    assertThatThrownBy(() -> RouterConfig.from(load(Map.of("LEAD_PIPELINE_ROUTING_MAX_PARTNERS", "0"))))
        .hasMessageContaining("routing.max-partners").hasMessageContaining("at least 1");
    assertThatThrownBy(() -> RouterConfig.from(load(Map.of("LEAD_PIPELINE_ROUTING_DEDUPE_WINDOW", "a month"))))
        .hasMessageContaining("routing.dedupe-window").hasMessageContaining("not a duration such as 500ms, 30s");
    assertThatThrownBy(() -> RouterConfig.from(load(Map.of("LEAD_PIPELINE_PROCESSING_GUARANTEE", "exactly_once"))))
        .hasMessageContaining("processing.guarantee").hasMessageContaining("at_least_once");
  }

  @Test
  void aShortSecretIsRefusedWithoutPrintingIt() {
    Map<String, String> weak = new java.util.HashMap<>(REQUIRED);
    weak.put("subject.key.secret", "hunter2");
    Settings s = Settings.load(RouterConfig.DEFINITION, Optional.empty(), Map.of(), weak);
    assertThatThrownBy(() -> RouterConfig.from(s))
        .hasMessageContaining("subject.key.secret").hasMessageContaining("16")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void theSecretNeverPrints() {
    Settings s = load(Map.of());
    assertThat(RouterConfig.DEFINITION.parse(s).toString()).contains("subject.key.secret").doesNotContain(Fixtures.SECRET);
    assertThat(s.toString()).doesNotContain(Fixtures.SECRET);
    assertThat(RouterConfig.from(s).toString()).doesNotContain(Fixtures.SECRET);
  }

  @Test
  void theStreamsConfigIsExactlyOnceWithTheDeliberateHandlersAndKafkaPassThrough() {
    Settings s = load(Map.of()).with("kafka.security.protocol", "SASL_SSL");
    var p = LeadRouter.streamsProperties(RouterConfig.DEFINITION.parse(s), RouterConfig.from(s),
        io.leadpipeline.router.ops.RouterMetrics.unscraped());
    assertThat(p.get("processing.guarantee")).isEqualTo("exactly_once_v2");
    assertThat(p.get("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(p.get("max.task.idle.ms")).isEqualTo(-1L);
    assertThat(p.get("processing.exception.handler")).isEqualTo(io.leadpipeline.router.ops.ErrorHandling.Processing.class);
  }

  @Test
  void everyClientSizesItsSocketBuffersByTheOperatingSystemUnlessTold() {
    Settings s = load(Map.of());
    var p = LeadRouter.streamsProperties(RouterConfig.DEFINITION.parse(s), RouterConfig.from(s),
        io.leadpipeline.router.ops.RouterMetrics.unscraped());
    assertThat(p).containsEntry("receive.buffer.bytes", -1).containsEntry("send.buffer.bytes", -1);
    assertThat(LeadRouter.clientConfig(s)).containsEntry("receive.buffer.bytes", -1).containsEntry("send.buffer.bytes", -1);
    Settings told = s.with("kafka.receive.buffer.bytes", "65536");
    assertThat(LeadRouter.streamsProperties(RouterConfig.DEFINITION.parse(told), RouterConfig.from(told),
        io.leadpipeline.router.ops.RouterMetrics.unscraped())).containsEntry("receive.buffer.bytes", "65536");
    assertThat(LeadRouter.clientConfig(told)).containsEntry("receive.buffer.bytes", "65536");
  }
}
