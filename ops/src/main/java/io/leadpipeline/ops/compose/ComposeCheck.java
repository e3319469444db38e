package io.leadpipeline.ops.compose;

import io.leadpipeline.config.Settings;
import io.leadpipeline.ops.compose.ComposeFile.Dependency;
import io.leadpipeline.ops.compose.ComposeFile.Mount;
import io.leadpipeline.ops.compose.ComposeFile.Port;
import io.leadpipeline.ops.compose.ComposeFile.Service;
import io.leadpipeline.ops.config.ConfigKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Docker would trip over, found without Docker: each method returns the problems of one kind
 * (empty when all is well), worded so a failing build says what to fix.
 */
public final class ComposeCheck {
  private static final Set<String> CONDITIONS =
      Set.of("service_started", "service_healthy", "service_completed_successfully");

  /** Our images: {@code ops/docker/<service>.Dockerfile}, configured by {@code <service>.properties}. */
  private static final Pattern OUR_DOCKERFILE = Pattern.compile("ops/docker/([a-z-]+)\\.Dockerfile");

  private static final String ENV_PREFIX = Settings.ENV_PREFIX;

  /**
   * Files another module ships, mounted here before that module has landed on this branch: such
   * a file may be missing only while its module's folder is missing too.
   */
  private static final Map<String, String> SHIPPED_BY_MODULE =
      Map.of("examples/partners.json", "lead-router");

  private final ComposeFile compose;
  private final Path root;

  public ComposeCheck(ComposeFile compose, Path repositoryRoot) {
    this.compose = compose;
    this.root = repositoryRoot;
  }

  /** Every check but the configuration ones, which need the documented keys. */
  public List<String> structuralProblems() {
    List<String> problems = new ArrayList<>();
    problems.addAll(imagesOrBuilds());
    problems.addAll(dockerfilesExist());
    problems.addAll(mountsExist());
    problems.addAll(namedVolumesDeclared());
    problems.addAll(dependencies());
    problems.addAll(hostPortsUnique());
    return problems;
  }

  public List<String> imagesOrBuilds() {
    List<String> problems = new ArrayList<>();
    for (Service s : compose.services().values()) {
      if (s.image().isEmpty() && s.build().isEmpty()) {
        problems.add("service " + s.name() + " has neither image nor build");
      }
    }
    return problems;
  }

  public List<String> dockerfilesExist() {
    List<String> problems = new ArrayList<>();
    for (Service s : compose.services().values()) {
      s.build().ifPresent(b -> {
        if (!Files.isDirectory(root.resolve(b.context()))) {
          problems.add("service " + s.name() + ": build context " + b.context() + " does not exist");
        }
        if (!Files.isRegularFile(root.resolve(b.dockerfilePath()))) {
          problems.add("service " + s.name() + ": Dockerfile " + b.dockerfilePath() + " does not exist");
        }
      });
    }
    return problems;
  }

  public List<String> mountsExist() {
    List<String> problems = new ArrayList<>();
    for (Service s : compose.services().values()) {
      for (Mount m : s.mounts()) {
        if (!m.bind()) {
          continue;
        }
        if (!m.source().startsWith("./")) {
          problems.add("service " + s.name() + ": mount " + m.source() + " is not inside the repository (use ./path)");
          continue;
        }
        String relative = m.source().substring(2);
        if (Files.exists(root.resolve(relative))) {
          continue;
        }
        String module = SHIPPED_BY_MODULE.get(relative);
        if (module != null && !Files.isDirectory(root.resolve(module))) {
          continue;
        }
        problems.add("service " + s.name() + ": mounted path " + relative + " does not exist in the repository");
      }
    }
    return problems;
  }

  public List<String> namedVolumesDeclared() {
    List<String> problems = new ArrayList<>();
    for (Service s : compose.services().values()) {
      for (Mount m : s.mounts()) {
        if (!m.bind() && !compose.volumes().contains(m.source())) {
          problems.add("service " + s.name() + ": volume " + m.source() + " is not declared under volumes:");
        }
      }
    }
    return problems;
  }

  public List<String> dependencies() {
    List<String> problems = new ArrayList<>();
    for (Service s : compose.services().values()) {
      for (Dependency d : s.dependsOn()) {
        Optional<Service> target = compose.service(d.service());
        if (target.isEmpty()) {
          problems.add("service " + s.name() + " depends on " + d.service() + ", which is not a service");
          continue;
        }
        if (!CONDITIONS.contains(d.condition())) {
          problems.add("service " + s.name() + ": unknown depends_on condition " + d.condition());
        }
        if (d.condition().equals("service_healthy") && !target.get().healthcheck()) {
          problems.add("service " + s.name() + " waits for " + d.service() + " to be healthy, but it has no healthcheck");
        }
      }
    }
    cycle().ifPresent(problems::add);
    return problems;
  }

  public List<String> hostPortsUnique() {
    List<String> problems = new ArrayList<>();
    Map<String, String> owners = new HashMap<>();
    for (Service s : compose.services().values()) {
      for (Port p : s.ports()) {
        if (p.host().isEmpty()) {
          continue;
        }
        String host = p.host().get();
        if (!host.matches("\\d+")) {
          problems.add("service " + s.name() + ": host port " + host + " is not a number");
          continue;
        }
        String previous = owners.putIfAbsent(host + "/" + p.protocol(), s.name());
        if (previous != null) {
          problems.add("host port " + host + " is published by both " + previous + " and " + s.name());
        }
      }
    }
    return problems;
  }

  /**
   * Every {@code LEAD_PIPELINE_*} variable must override a documented key of the service the
   * image runs, and that key must be in the image's configuration file: the loader only lets the
   * environment override keys it already knows, and would ignore any other silently.
   */
  public List<String> environment(ConfigKeys documented, Map<String, Set<String>> imageConfigKeys) {
    List<String> problems = new ArrayList<>();
    for (Service s : compose.services().values()) {
      Optional<String> runs = runs(s);
      for (String variable : s.environment().keySet()) {
        if (!variable.startsWith(ENV_PREFIX)) {
          continue;
        }
        if (runs.isEmpty()) {
          problems.add("service " + s.name() + " sets " + variable + " but runs none of our images");
          continue;
        }
        Optional<ConfigKeys.Key> key = documented.forEnvironmentVariable(runs.get(), variable);
        if (key.isEmpty()) {
          problems.add("service " + s.name() + ": " + variable + " is no key of " + runs.get() + " in ops/config-keys.txt");
        } else if (!imageConfigKeys.getOrDefault(runs.get(), Set.of()).contains(key.get().key())) {
          problems.add("service " + s.name() + ": " + variable + " would be ignored: " + key.get().key()
              + " is not in ops/docker/" + runs.get() + ".properties");
        }
      }
    }
    return problems;
  }

  /** Which of our services the compose service runs, from the Dockerfile it is built from. */
  public static Optional<String> runs(Service service) {
    return service.build().map(ComposeFile.Build::dockerfilePath).flatMap(path -> {
      Matcher m = OUR_DOCKERFILE.matcher(path);
      return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    });
  }

  private Optional<String> cycle() {
    Set<String> done = new HashSet<>();
    for (String start : compose.services().keySet()) {
      Optional<String> found = visit(start, new ArrayList<>(), done);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private Optional<String> visit(String name, List<String> path, Set<String> done) {
    if (path.contains(name)) {
      return Optional.of("depends_on cycle: " + String.join(" -> ", path) + " -> " + name);
    }
    if (!done.add(name)) {
      return Optional.empty();
    }
    path.add(name);
    for (Dependency d : compose.service(name).map(Service::dependsOn).orElse(List.of())) {
      Optional<String> found = visit(d.service(), path, done);
      if (found.isPresent()) {
        return found;
      }
    }
    path.remove(path.size() - 1);
    return Optional.empty();
  }
}
