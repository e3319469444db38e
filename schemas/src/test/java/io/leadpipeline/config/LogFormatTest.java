package io.leadpipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @AfterEach
  void handLoggingBackToTheTestConfiguration() throws Exception {
    LogFormat.forget();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @Test
  void textIsTheDefault() {
    assertThat(LogFormat.from(Settings.of(Map.of()))).isEqualTo(LogFormat.TEXT);
  }

  @Test
  void theEnvironmentVariableChoosesJsonOverTheFile() {
    Settings settings =
        Settings.load(
            SharedKeys.logFormat(ConfigDefinition.builder("test")).build(),
            Optional.empty(),
            Map.of("LEAD_PIPELINE_LOG_FORMAT", "JSON"),
            Map.of());
    assertThat(LogFormat.from(settings)).isEqualTo(LogFormat.JSON);
  }

  @Test
  void anUnknownFormatIsRefusedNamingTheKeyAndTheVariable() {
    assertThatThrownBy(() -> LogFormat.from(Settings.of(Map.of("log.format", "xml"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("log.format (or LEAD_PIPELINE_LOG_FORMAT) must be text or json, not xml");
  }

  @Test
  void jsonWritesOneObjectPerLineWithTheFormattedMessage() throws Exception {
    // A logger made before the format is applied must follow it: services hold static loggers.
    Logger early = LoggerFactory.getLogger("io.leadpipeline.router.LeadRouter");
    List<String> lines =
        captured(
            () -> {
              assertThat(LogFormat.JSON.apply()).isTrue();
              early.info("lead-router {} -> {}", "REBALANCING", "RUNNING");
              early.warn("stream thread failed", new IllegalStateException("boom"));
            });

    assertThat(lines).hasSize(2);
    JsonNode info = JSON.readTree(lines.get(0));
    assertThat(info.path("level").asText()).isEqualTo("INFO");
    assertThat(info.path("loggerName").asText()).isEqualTo("io.leadpipeline.router.LeadRouter");
    assertThat(info.path("formattedMessage").asText()).isEqualTo("lead-router REBALANCING -> RUNNING");
    assertThat(info.path("timestamp").isNumber()).isTrue();
    assertThat(info.has("arguments")).as("raw arguments are left out").isFalse();
    JsonNode warning = JSON.readTree(lines.get(1));
    assertThat(warning.path("throwable").path("className").asText()).isEqualTo("java.lang.IllegalStateException");
  }

  @Test
  void textIsOneHumanLinePerEventWithoutTheLibrariesDebugOutput() {
    List<String> lines =
        captured(
            () -> {
              LogFormat.TEXT.apply();
              LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient").info("connecting");
              LoggerFactory.getLogger("io.leadpipeline.suppression.SuppressionService").info("listening on port {}", 8090);
            });

    assertThat(lines).singleElement().satisfies(line -> {
      assertThat(line).contains(" INFO ").endsWith("listening on port 8090");
      assertThat(line).doesNotStartWith("{");
    });
  }

  @Test
  void theSameFormatIsNotAppliedTwice() {
    assertThat(LogFormat.JSON.apply()).isTrue();
    assertThat(LogFormat.JSON.apply()).isFalse();
    assertThat(LogFormat.TEXT.apply()).isTrue();
  }

  @Test
  void anOperatorsOwnLogbackFileWins() {
    System.setProperty(LogFormat.LOGBACK_CONFIGURATION_FILE, "/etc/lead-pipeline/logback.xml");
    try {
      assertThat(LogFormat.JSON.apply()).isFalse();
    } finally {
      System.clearProperty(LogFormat.LOGBACK_CONFIGURATION_FILE);
    }
  }

  /** The lines {@code action} wrote to standard output, where both formats log. */
  private static List<String> captured(Runnable action) {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setOut(original);
    }
    return buffer.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
  }
}
