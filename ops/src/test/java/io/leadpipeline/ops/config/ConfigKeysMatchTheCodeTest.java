package io.leadpipeline.ops.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.gateway.GatewayConfig;
import io.leadpipeline.ops.Repository;
import io.leadpipeline.router.RouterConfig;
import io.leadpipeline.suppression.ServiceConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ops/config-keys.txt against the services' own defaults (the code is the truth): every key a
 * service knows is documented with the default it really has, and every documented key is one
 * the loader knows, so its LEAD_PIPELINE_* variable is not silently ignored.
 */
class ConfigKeysMatchTheCodeTest {
  private static final Map<String, Map<String, String>> CODE_DEFAULTS =
      Map.of("lead-router", RouterConfig.DEFAULTS, "suppression-service", ServiceConfig.DEFAULTS,
          "partner-gateway", GatewayConfig.DEFAULTS);

  private final ConfigKeys documented = ConfigKeys.read(Repository.file("ops/config-keys.txt"));

  @Test
  void everyKeyAServiceKnowsIsDocumentedForIt() {
    CODE_DEFAULTS.forEach((service, defaults) ->
        assertThat(defaults.keySet()).allSatisfy(key ->
            assertThat(documented.find(service, key)).as(service + " " + key).isPresent()));
  }

  @Test
  void everyDocumentedKeyIsOneTheServiceKnowsSoItsVariableWorks() {
    for (ConfigKeys.Key key : documented.keys()) {
      if (key.isPrefix()) {
        continue;
      }
      for (String service : key.services()) {
        assertThat(CODE_DEFAULTS.get(service)).as(service + " knows " + key.key()).containsKey(key.key());
      }
    }
  }

  @Test
  void everyDocumentedDefaultIsTheCodes() {
    CODE_DEFAULTS.forEach((service, defaults) -> defaults.forEach((key, value) -> {
      String doc = documented.find(service, key).orElseThrow().defaultFor(service);
      if (value.isBlank()) {
        // No value in the code: the documentation says what happens instead, in parentheses.
        assertThat(doc).as(service + " " + key).startsWith("(").endsWith(")");
      } else {
        assertThat(doc).as(service + " " + key).isEqualTo(value);
      }
    }));
  }

  @Test
  void theLogFormatIsOneKeyOfBothServices() {
    for (String service : List.of("lead-router", "suppression-service")) {
      assertThat(CODE_DEFAULTS.get(service)).containsEntry("log.format", "text");
    }
  }
}
