package io.leadpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.config.Settings;
import io.leadpipeline.gateway.GatewayConfig;
import io.leadpipeline.portal.PortalConfig;
import io.leadpipeline.router.RouterConfig;
import io.leadpipeline.suppression.ServiceConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo's configuration path: every component's settings parse under its own definition
 * (docs/SPECIFICATION.md §14), so no key the demo sets is unknown, mistyped or out of range.
 */
class DemoSettingsTest {
  private final Map<String, String> common = DemoSettings.common("127.0.0.1:9092", "http://127.0.0.1:8081/apis/ccompat/v7");
  private final Path work = Path.of("target", "demo-settings-test");

  @Test
  void theServiceSettingsParse() {
    ServiceConfig c = ServiceConfig.from(Settings.of(DemoSettings.service(common, work,
        DemoSuppressions.apiKeyEntry("demo", "demo-api-key-secret"))));
    assertThat(c.httpPort()).isZero();
    assertThat(c.tpsStateDir()).isEqualTo(work.resolve("tps"));
  }

  @Test
  void theRouterSettingsParse() {
    Settings s = Settings.of(DemoSettings.router(common, work));
    assertThat(RouterConfig.from(s).maxPartners()).isEqualTo(3);
    assertThat(RouterConfig.DEFINITION.parse(s).integer("commit.interval.ms")).isEqualTo(200);
  }

  @Test
  void theGatewaySettingsParse() {
    GatewayConfig c = GatewayConfig.from(Settings.of(DemoSettings.gateway(common, DemoPartnerDelivery.SECRETS, 2525)));
    assertThat(c.allowHttp()).isTrue();
    assertThat(c.smtp().port()).isEqualTo(2525);
  }

  @Test
  void thePortalSettingsParse() {
    PortalConfig c = PortalConfig.from(Settings.of(DemoSettings.portal(common, List.of("city-hub-london"))));
    assertThat(c.users().partnerOf(DemoPortal.userOf("city-hub-london"))).contains("city-hub-london");
  }
}
