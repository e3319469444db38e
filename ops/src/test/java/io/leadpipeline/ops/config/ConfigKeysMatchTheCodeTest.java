package io.leadpipeline.ops.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.config.ConfigDefinition;
import io.leadpipeline.ops.Repository;
import io.leadpipeline.router.RouterConfig;
import io.leadpipeline.suppression.ServiceConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ops/config-keys.txt as the compose checks read it, against the components' definitions (the
 * code is the truth): every key a component defines is documented for it with the default it
 * really has, and every documented key is one the component defines, so its LEAD_PIPELINE_*
 * variable is accepted and not refused as unknown. GeneratedConfigDocsTest keeps the file
 * generated; this keeps the parser the compose checks use reading it the same way.
 */
class ConfigKeysMatchTheCodeTest {
  private final ConfigKeys documented = ConfigKeys.read(Repository.file("ops/config-keys.txt"));

  @Test
  void everyKeyAComponentDefinesIsDocumentedForIt() {
    for (ConfigDefinition d : GeneratedConfigDocsTest.DEFINITIONS) {
      assertThat(d.keys()).allSatisfy(key ->
          assertThat(documented.find(d.component(), key.name())).as(d.component() + " " + key.name()).isPresent());
      assertThat(d.passThrough()).allSatisfy(prefix ->
          assertThat(documented.find(d.component(), prefix + "x")).as(d.component() + " " + prefix + "*").isPresent());
    }
  }

  @Test
  void everyDocumentedKeyIsOneTheComponentDefinesSoItsVariableWorks() {
    for (ConfigKeys.Key key : documented.keys()) {
      for (String component : key.services()) {
        ConfigDefinition d = GeneratedConfigDocsTest.DEFINITIONS.stream()
            .filter(c -> c.component().equals(component)).findFirst().orElseThrow();
        String name = key.isPrefix() ? key.key().substring(0, key.key().length() - 1) + "x" : key.key();
        assertThat(d.knows(name)).as(component + " knows " + key.key()).isTrue();
        if (!key.isPrefix()) {
          assertThat(d.keyOfVariable(io.leadpipeline.config.Settings.envName(name))).contains(name);
        }
      }
    }
  }

  @Test
  void everyDocumentedDefaultIsTheCodes() {
    for (ConfigDefinition d : GeneratedConfigDocsTest.DEFINITIONS) {
      for (ConfigDefinition.Key key : d.keys()) {
        String doc = documented.find(d.component(), key.name()).orElseThrow().defaultFor(d.component());
        if (key.defaultValue().isEmpty() || key.defaultValue().get().isEmpty()) {
          // No value in the code: the documentation says what happens instead, in parentheses.
          assertThat(doc).as(d.component() + " " + key.name()).startsWith("(").endsWith(")");
        } else {
          assertThat(doc).as(d.component() + " " + key.name()).isEqualTo(key.defaultValue().get());
        }
      }
    }
  }

  @Test
  void kafkaAndTheRegistryAreRequiredEverywhere() {
    for (ConfigDefinition d : GeneratedConfigDocsTest.DEFINITIONS) {
      for (String key : List.of("bootstrap.servers", "schema.registry.url", "subject.key.secret")) {
        assertThat(documented.find(d.component(), key).orElseThrow().defaultFor(d.component()))
            .as(d.component() + " " + key).isEqualTo("(required)");
      }
    }
  }

  @Test
  void theLogFormatIsOneKeyOfBothServices() {
    for (ConfigDefinition d : List.of(RouterConfig.DEFINITION, ServiceConfig.DEFINITION)) {
      assertThat(d.defaults()).containsEntry("log.format", "text");
    }
  }
}
