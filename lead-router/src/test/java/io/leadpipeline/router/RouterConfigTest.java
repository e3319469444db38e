package io.leadpipeline.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.config.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouterConfigTest {
  private static Settings load(Map<String, String> env) {
    return Settings.load(RouterConfig.DEFAULTS, Optional.empty(), env,
        Map.of("subject.key.secret", Fixtures.SECRET));
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
  void theSubjectKeySecretIsRequired() {
    Settings none = Settings.load(RouterConfig.DEFAULTS, Optional.empty(), Map.of(), Map.of());
    assertThatThrownBy(() -> RouterConfig.from(none)).hasMessageContaining("subject.key.secret");
  }

  @Test
  void theStreamsConfigIsExactlyOnceWithTheDeliberateHandlersAndKafkaPassThrough() {
    Settings s = load(Map.of()).with("kafka.security.protocol", "SASL_SSL");
    var p = LeadRouter.streamsProperties(s, RouterConfig.from(s), io.leadpipeline.router.ops.RouterMetrics.unscraped());
    assertThat(p.get("processing.guarantee")).isEqualTo("exactly_once_v2");
    assertThat(p.get("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(p.get("max.task.idle.ms")).isEqualTo(0L);
    assertThat(p.get("processing.exception.handler")).isEqualTo(io.leadpipeline.router.ops.ErrorHandling.Processing.class);
  }
}
