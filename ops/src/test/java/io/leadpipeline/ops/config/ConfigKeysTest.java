package io.leadpipeline.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.ops.Repository;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {
  private final ConfigKeys keys = ConfigKeys.read(Repository.file("ops/config-keys.txt"));

  @Test
  void everyKeyTheBriefsNameIsDocumentedForItsService() {
    for (String key : List.of("bootstrap.servers", "schema.registry.url", "topic.prefix", "subject.key.secret", "http.port")) {
      assertThat(keys.find("lead-router", key)).as(key).isPresent();
      assertThat(keys.find("suppression-service", key)).as(key).isPresent();
    }
    for (String key : List.of("application.id", "state.dir", "processing.guarantee", "num.standby.replicas")) {
      assertThat(keys.find("lead-router", key)).as(key).isPresent();
    }
    for (String key : List.of("unsubscribe.token.secret", "api.keys", "public.base-url", "tps.state.dir")) {
      assertThat(keys.find("suppression-service", key)).as(key).isPresent();
    }
  }

  @Test
  void aKeyOfOneServiceIsNotAKeyOfTheOther() {
    assertThat(keys.find("lead-router", "api.keys")).isEmpty();
    assertThat(keys.find("suppression-service", "application.id")).isEmpty();
  }

  @Test
  void environmentVariablesMapToKeysThroughTheLoadersOwnRule() {
    assertThat(keys.forEnvironmentVariable("lead-router", "LEAD_PIPELINE_ROUTING_MAX_PARTNERS"))
        .map(ConfigKeys.Key::key).contains("routing.max-partners");
    assertThat(keys.forEnvironmentVariable("suppression-service", "LEAD_PIPELINE_PUBLIC_BASE_URL"))
        .map(ConfigKeys.Key::key).contains("public.base-url");
    assertThat(keys.forEnvironmentVariable("lead-router", "LEAD_PIPELINE_ROUTING_MAXPARTNERS")).isEmpty();
  }

  @Test
  void prefixFamiliesCoverTheirKeysButNoVariableNamesThem() {
    assertThat(keys.find("lead-router", "kafka.security.protocol")).isPresent();
    assertThat(keys.forEnvironmentVariable("lead-router", "LEAD_PIPELINE_KAFKA_")).isEmpty();
  }

  @Test
  void aDefaultCanDifferPerService() {
    ConfigKeys.Key port = keys.find("lead-router", "http.port").orElseThrow();
    assertThat(port.defaultFor("lead-router")).isEqualTo("8091");
    assertThat(port.defaultFor("suppression-service")).isEqualTo("8090");
    assertThat(keys.find("suppression-service", "bootstrap.servers").orElseThrow().defaultFor("suppression-service"))
        .isEqualTo("(required)");
    assertThat(keys.find("lead-router", "routing.max-partners").orElseThrow().defaultFor("lead-router")).isEqualTo("3");
  }

  @Test
  void aLineWithoutDefaultOrDescriptionIsRefused() {
    assertThatThrownBy(() -> ConfigKeys.parse(List.of("http.port | lead-router | 8091")))
        .hasMessageContaining("key | services | default | description");
    assertThatThrownBy(() -> ConfigKeys.parse(List.of("a | x | 1 | d", "a | y | 2 | e")))
        .hasMessageContaining("twice");
  }
}
