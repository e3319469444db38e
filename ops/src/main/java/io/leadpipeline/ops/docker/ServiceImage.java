package io.leadpipeline.ops.docker;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One of our service images as its files describe it: {@code ops/docker/<service>.Dockerfile},
 * its {@code .dockerignore} and the configuration file it bakes in. {@link #problems} says what
 * would break the build or the container, checked without Docker.
 */
public final class ServiceImage {
  /** The launcher contract: Avro's allowed package, the shaded jar, and a config file. */
  private static final String AVRO_PACKAGES = "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.leadpipeline.avro";

  private final String service;
  private final Path root;
  private final Map<String, String> copies;
  private final String entrypoint;
  private final String cmd;
  private final List<String> ignore;

  private ServiceImage(String service, Path root, List<String> instructions, List<String> ignore) {
    this.service = service;
    this.root = root;
    this.ignore = ignore;
    Map<String, String> copies = new LinkedHashMap<>();
    String entrypoint = "";
    String cmd = "";
    for (String instruction : instructions) {
      String[] words = instruction.split("\\s+");
      switch (words[0].toUpperCase(java.util.Locale.ROOT)) {
        case "COPY", "ADD" -> {
          List<String> args = Arrays.stream(words).skip(1).filter(w -> !w.startsWith("--")).toList();
          for (String source : args.subList(0, args.size() - 1)) {
            copies.put(source, args.get(args.size() - 1));
          }
        }
        case "ENTRYPOINT" -> entrypoint = instruction.substring(words[0].length()).strip();
        case "CMD" -> cmd = instruction.substring(words[0].length()).strip();
        default -> { }
      }
    }
    this.copies = copies;
    this.entrypoint = entrypoint;
    this.cmd = cmd;
  }

  public static ServiceImage read(Path repositoryRoot, String service) {
    Path dockerfile = repositoryRoot.resolve("ops/docker/" + service + ".Dockerfile");
    Path ignore = repositoryRoot.resolve("ops/docker/" + service + ".Dockerfile.dockerignore");
    try {
      return new ServiceImage(
          service,
          repositoryRoot,
          instructions(Files.readString(dockerfile)),
          Files.exists(ignore) ? Files.readAllLines(ignore) : List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The subcommand the image runs by default: {@code run} for the router, {@code serve} for the service. */
  public List<String> problems(String subcommand) {
    List<String> problems = new ArrayList<>();
    String jar = service + "/target/" + service + ".jar";
    String config = "/etc/lead-pipeline/" + service + ".properties";
    if (!"/app/app.jar".equals(copies.get(jar))) {
      problems.add(service + ": the image must copy the shaded " + jar + " to /app/app.jar");
    }
    if (!config.equals(copies.get("ops/docker/" + service + ".properties"))) {
      problems.add(service + ": the image must copy ops/docker/" + service + ".properties to " + config);
    }
    for (String source : copies.keySet()) {
      if (!source.equals(jar) && !Files.exists(root.resolve(source))) {
        problems.add(service + ": COPY source " + source + " does not exist");
      }
      if (!ignore.isEmpty() && !ignore.contains("!" + source)) {
        problems.add(service + ": COPY source " + source + " is excluded by the Dockerfile's .dockerignore");
      }
    }
    for (String part : List.of(AVRO_PACKAGES, "\"-jar\", \"/app/app.jar\"")) {
      if (!entrypoint.contains(part)) {
        problems.add(service + ": ENTRYPOINT lacks " + part);
      }
    }
    String expectedCmd = "[\"" + subcommand + "\", \"--config\", \"" + config + "\"]";
    if (!cmd.equals(expectedCmd)) {
      problems.add(service + ": CMD should be " + expectedCmd + ", is " + cmd);
    }
    return problems;
  }

  /** The keys of the configuration file baked into the image. */
  public Set<String> configKeys() {
    Properties properties = new Properties();
    try (Reader reader = new StringReader(Files.readString(root.resolve("ops/docker/" + service + ".properties")))) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.stringPropertyNames().stream().collect(Collectors.toCollection(TreeSet::new));
  }

  /** Instructions with line continuations joined and comments dropped. */
  static List<String> instructions(String dockerfile) {
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : dockerfile.split("\n")) {
      String stripped = line.strip();
      if (stripped.startsWith("#") || (stripped.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (stripped.endsWith("\\")) {
        current.append(stripped, 0, stripped.length() - 1).append(' ');
        continue;
      }
      current.append(stripped);
      if (current.length() > 0) {
        instructions.add(current.toString().strip());
      }
      current.setLength(0);
    }
    return instructions;
  }
}
