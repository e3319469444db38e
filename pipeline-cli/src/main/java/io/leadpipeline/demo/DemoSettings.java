package io.leadpipeline.demo;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The demo's settings for each component, built in one place so that {@code DemoSettingsTest}
 * holds them to each component's definition (docs/SPECIFICATION.md §14): a key a component does
 * not define would stop the demo at start.
 */
final class DemoSettings {
  static final String SUBJECT_KEY_SECRET = "demo-subject-key-secret-not-for-production";

  private DemoSettings() {}

  /** What every component shares: the local stack and the subject-key secret. */
  static Map<String, String> common(String bootstrapServers, String schemaRegistryUrl) {
    return Map.of(
        "bootstrap.servers", bootstrapServers,
        "schema.registry.url", schemaRegistryUrl,
        "subject.key.secret", SUBJECT_KEY_SECRET);
  }

  static Map<String, String> service(Map<String, String> common, Path work, String apiKeyEntry) {
    return with(common, Map.of(
        "http.port", "0",
        "unsubscribe.token.secret", "demo-unsubscribe-secret-not-for-production",
        "api.keys", apiKeyEntry,
        "tps.state.dir", work.resolve("tps").toString()));
  }

  static Map<String, String> router(Map<String, String> common, Path work) {
    return with(common, Map.of(
        "http.port", "0",
        "state.dir", work.resolve("router-state").toString(),
        "commit.interval.ms", "200"));
  }

  static Map<String, String> gateway(Map<String, String> common, Path secretsFile, int smtpPort) {
    Map<String, String> s = new HashMap<>(common);
    s.put("gateway.secrets-file", secretsFile.toString());
    s.put("webhook.allow-http", "true");
    s.put("webhook.allowed-networks", "127.0.0.0/8,::1/128");
    s.put("retry.base", "2s");
    s.put("retry.max-delay", "10s");
    s.put("smtp.host", "127.0.0.1");
    s.put("smtp.port", Integer.toString(smtpPort));
    s.put("smtp.tls", "none");
    s.put("smtp.from", "leads@demo.example");
    return s;
  }

  static Map<String, String> portal(Map<String, String> common, List<String> partnerIds) {
    Map<String, String> s = new HashMap<>(common);
    s.put("http.host", "127.0.0.1");
    s.put("http.port", "0");
    s.put("portal.link.secret", "demo-portal-link-secret-not-for-production");
    s.put("portal.link.ttl", "2h");
    // No mail server in the demo: the demo prints a link instead of sending one.
    s.put("portal.users", partnerIds.stream().map(p -> DemoPortal.userOf(p) + "=" + p).collect(Collectors.joining(",")));
    return s;
  }

  private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
    Map<String, String> all = new HashMap<>(base);
    all.putAll(more);
    return all;
  }
}
