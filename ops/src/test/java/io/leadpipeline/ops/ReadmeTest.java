package io.leadpipeline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.ops.compose.ComposeFile;
import io.leadpipeline.ops.config.ConfigKeys;
import io.leadpipeline.ops.prometheus.AlertRules;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ops/README.md keeps up with the files it describes, and stays short enough for the root README. */
class ReadmeTest {
  private final String readme = read();

  private static String read() {
    try {
      return Files.readString(Repository.file("ops/README.md"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void isAtMostSixtyLines() {
    assertThat(readme.lines().count()).isLessThanOrEqualTo(60);
  }

  @Test
  void hasARunbookLineForEveryAlert() {
    assertThat(AlertRules.read(Repository.file("ops/prometheus/alerts.yml")).alerts())
        .allSatisfy(a -> assertThat(readme).contains(a.name()));
  }

  @Test
  void namesEveryConfigurationKey() {
    assertThat(ConfigKeys.read(Repository.file("ops/config-keys.txt")).keys())
        .allSatisfy(k -> assertThat(readme).contains("`" + k.key() + "`"));
  }

  @Test
  void namesEveryImageAndHostPort() {
    ComposeFile compose = ComposeFile.read(Repository.file("docker-compose.yml"));
    for (ComposeFile.Service s : compose.services().values()) {
      if (s.build().isEmpty()) {
        assertThat(readme).contains(s.image().orElseThrow());
      }
      List<String> hostPorts = s.ports().stream().flatMap(p -> p.host().stream()).toList();
      assertThat(hostPorts).allSatisfy(port -> assertThat(readme).contains(port));
    }
  }
}
