package io.leadpipeline.ops.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.config.ConfigDefinition;
import io.leadpipeline.config.ConfigDocs;
import io.leadpipeline.gateway.GatewayConfig;
import io.leadpipeline.ops.Repository;
import io.leadpipeline.portal.PortalConfig;
import io.leadpipeline.router.RouterConfig;
import io.leadpipeline.suppression.ServiceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The configuration tables in the READMEs and docs, and ops/config-keys.txt, are generated from
 * the components' definitions (docs/SPECIFICATION.md §14): this fails when a committed file
 * differs from what the code defines. With {@code -Dconfig.docs.write=true} it writes them instead.
 */
class GeneratedConfigDocsTest {
  static final String REGENERATE =
      "mvn -B -ntp -pl ops -am test -Dtest=GeneratedConfigDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Dconfig.docs.write=true";

  /** Every component with keys, in the order of ops/config-keys.txt. */
  static final List<ConfigDefinition> DEFINITIONS = List.of(
      RouterConfig.DEFINITION, ServiceConfig.DEFINITION, GatewayConfig.DEFINITION, PortalConfig.DEFINITION);

  /** Each file that holds a generated table, and whose. */
  static final Map<String, List<ConfigDefinition>> TABLES = Map.of(
      "lead-router/README.md", List.of(RouterConfig.DEFINITION),
      "suppression-service/README.md", List.of(ServiceConfig.DEFINITION),
      "partner-gateway/README.md", List.of(GatewayConfig.DEFINITION),
      "partner-portal/README.md", List.of(PortalConfig.DEFINITION),
      "docs/partner-delivery.md", List.of(GatewayConfig.DEFINITION),
      "docs/partner-portal.md", List.of(PortalConfig.DEFINITION));

  private static final boolean WRITE = Boolean.getBoolean("config.docs.write");

  @Test
  void opsConfigKeysIsTheDefinitions() throws IOException {
    check(Repository.file("ops/config-keys.txt"), ConfigDocs.keysFile(DEFINITIONS));
  }

  @Test
  void everyConfigurationTableIsTheDefinitions() throws IOException {
    for (Map.Entry<String, List<ConfigDefinition>> e : TABLES.entrySet()) {
      Path file = Repository.file(e.getKey());
      String text = Files.readString(file, StandardCharsets.UTF_8);
      String generated = text;
      for (ConfigDefinition d : e.getValue()) {
        generated = ConfigDocs.replaceTable(generated, d);
      }
      check(file, generated);
    }
  }

  @Test
  void theOpsReadmeKeyListIsTheDefinitions() throws IOException {
    Path file = Repository.file("ops/README.md");
    check(file, ConfigDocs.replaceKeyList(Files.readString(file, StandardCharsets.UTF_8), DEFINITIONS));
  }

  private static void check(Path file, String generated) throws IOException {
    if (WRITE) {
      Files.writeString(file, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .as(file + " differs from the configuration definitions in the code; regenerate it with: " + REGENERATE)
        .isEqualTo(generated);
  }
}
