package io.leadpipeline.suppression.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
  private static final String SECRET = "s3cret-value-for-tests";
  private final ApiKeys keys =
      ApiKeys.parse(
          ApiKeys.configLine("crm", SECRET, EnumSet.of(Scope.SUPPRESSION_WRITE, Scope.DSAR_READ))
              + ","
              + ApiKeys.configLine("tps-loader", "another-secret", EnumSet.of(Scope.TPS_WRITE)));

  @Test
  void theRightIdAndSecretAuthenticateWithTheConfiguredScopes() {
    ApiKey key = keys.authenticate("crm." + SECRET).orElseThrow();
    assertThat(key.id()).isEqualTo("crm");
    assertThat(key.allows(Scope.SUPPRESSION_WRITE)).isTrue();
    assertThat(key.allows(Scope.DSAR_READ)).isTrue();
    assertThat(key.allows(Scope.DSAR_ERASE)).isFalse();
  }

  @Test
  void aWrongSecretAnUnknownIdOrAnotherKeysSecretAreRefused() {
    assertThat(keys.authenticate("crm.wrong")).isEmpty();
    assertThat(keys.authenticate("nobody." + SECRET)).isEmpty();
    assertThat(keys.authenticate("crm.another-secret")).isEmpty();
    assertThat(keys.authenticate(SECRET)).isEmpty();
    assertThat(keys.authenticate("")).isEmpty();
    assertThat(keys.authenticate(null)).isEmpty();
  }

  @Test
  void theConfigurationHoldsTheHashNotTheSecret() {
    String line = ApiKeys.configLine("crm", SECRET, EnumSet.of(Scope.SUPPRESSION_WRITE));
    assertThat(line).doesNotContain(SECRET).matches("crm:[0-9a-f]{64}:suppression:write");
  }

  @Test
  void malformedEntriesAndUnknownScopesAreConfigurationErrors() {
    assertThatThrownBy(() -> ApiKeys.parse("crm:abcd")).hasMessageContaining("<id>:<sha256hex>:<scopes>");
    assertThatThrownBy(() -> ApiKeys.parse("crm:" + "ab".repeat(32) + ":suppression:everything"))
        .hasMessageContaining("unknown scope");
    assertThatThrownBy(() -> ApiKeys.parse("crm:xyz:dsar:read")).hasMessageContaining("not hex");
    String ok = "crm:" + "ab".repeat(32) + ":dsar:read";
    assertThatThrownBy(() -> ApiKeys.parse(ok + "," + ok)).hasMessageContaining("twice");
  }
}
