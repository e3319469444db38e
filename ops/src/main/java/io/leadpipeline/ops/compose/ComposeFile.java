package io.leadpipeline.ops.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A docker-compose file read as data, in both the short and the long syntax of the fields the
 * checks need. Values keep their {@code ${VAR:-default}} interpolations as written.
 */
public final class ComposeFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A build: context directory and Dockerfile, both as written (relative to the compose file). */
  public record Build(String context, String dockerfile) {
    /** The Dockerfile's path relative to the compose file's directory. */
    public String dockerfilePath() {
      return context.equals(".") ? dockerfile : context + "/" + dockerfile;
    }
  }

  /** A published port: host port (empty when Docker picks one) and container port. */
  public record Port(Optional<String> host, String container, String protocol) {}

  /** A volume: a bind mount of a host path, or a named volume. */
  public record Mount(String source, String target, boolean bind) {}

  /** A dependency and its condition (service_started when the short syntax is used). */
  public record Dependency(String service, String condition) {}

  public record Service(
      String name,
      Optional<String> image,
      Optional<Build> build,
      List<Port> ports,
      List<String> expose,
      List<Mount> mounts,
      Map<String, String> environment,
      List<Dependency> dependsOn,
      boolean healthcheck,
      /** Compose profiles; a service with none runs in every {@code docker compose up}. */
      List<String> profiles) {}

  private final Map<String, Service> services;
  private final Set<String> volumes;

  private ComposeFile(Map<String, Service> services, Set<String> volumes) {
    this.services = services;
    this.volumes = volumes;
  }

  public static ComposeFile read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ComposeFile parse(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("not YAML: " + e.getMessage(), e);
    }
    if (root == null || !root.path("services").isObject()) {
      throw new IllegalArgumentException("no services: mapping");
    }
    Map<String, Service> services = new LinkedHashMap<>();
    root.path("services").fields().forEachRemaining(e -> services.put(e.getKey(), service(e.getKey(), e.getValue())));
    Set<String> volumes = new TreeSet<>();
    root.path("volumes").fieldNames().forEachRemaining(volumes::add);
    return new ComposeFile(services, volumes);
  }

  public Map<String, Service> services() {
    return services;
  }

  public Optional<Service> service(String name) {
    return Optional.ofNullable(services.get(name));
  }

  /** Named volumes declared at the top level. */
  public Set<String> volumes() {
    return volumes;
  }

  private static Service service(String name, JsonNode node) {
    return new Service(
        name,
        text(node.get("image")),
        build(node.get("build")),
        ports(node.path("ports")),
        strings(node.path("expose")),
        mounts(node.path("volumes")),
        environment(node.path("environment")),
        dependencies(node.path("depends_on")),
        node.has("healthcheck") && !node.path("healthcheck").path("disable").asBoolean(false),
        strings(node.path("profiles")));
  }

  private static Optional<Build> build(JsonNode node) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (node.isTextual()) {
      return Optional.of(new Build(node.asText(), "Dockerfile"));
    }
    return Optional.of(
        new Build(node.path("context").asText("."), node.path("dockerfile").asText("Dockerfile")));
  }

  private static List<Port> ports(JsonNode node) {
    List<Port> ports = new ArrayList<>();
    for (JsonNode port : node) {
      if (port.isObject()) {
        ports.add(new Port(
            text(port.get("published")), port.path("target").asText(), port.path("protocol").asText("tcp")));
        continue;
      }
      String spec = port.asText();
      String protocol = "tcp";
      int slash = spec.indexOf('/');
      if (slash >= 0) {
        protocol = spec.substring(slash + 1);
        spec = spec.substring(0, slash);
      }
      // [ip:]host:container or container alone.
      String[] parts = spec.split(":");
      String container = parts[parts.length - 1];
      Optional<String> host = parts.length >= 2 ? Optional.of(parts[parts.length - 2]) : Optional.empty();
      ports.add(new Port(host, container, protocol));
    }
    return ports;
  }

  private static List<Mount> mounts(JsonNode node) {
    List<Mount> mounts = new ArrayList<>();
    for (JsonNode volume : node) {
      if (volume.isObject()) {
        String type = volume.path("type").asText("volume");
        mounts.add(new Mount(volume.path("source").asText(), volume.path("target").asText(), type.equals("bind")));
        continue;
      }
      String[] parts = volume.asText().split(":");
      if (parts.length == 1) {
        // An anonymous volume: no source at all.
        continue;
      }
      String source = parts[0];
      boolean bind = source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
      mounts.add(new Mount(source, parts[1], bind));
    }
    return mounts;
  }

  private static Map<String, String> environment(JsonNode node) {
    Map<String, String> env = new LinkedHashMap<>();
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
    } else {
      for (JsonNode item : node) {
        String entry = item.asText();
        int eq = entry.indexOf('=');
        env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
      }
    }
    return env;
  }

  private static List<Dependency> dependencies(JsonNode node) {
    List<Dependency> dependencies = new ArrayList<>();
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> dependencies.add(
          new Dependency(e.getKey(), e.getValue().path("condition").asText("service_started"))));
    } else {
      for (JsonNode item : node) {
        dependencies.add(new Dependency(item.asText(), "service_started"));
      }
    }
    return dependencies;
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    node.forEach(n -> values.add(n.asText()));
    return values;
  }

  private static Optional<String> text(JsonNode node) {
    return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
  }
}
