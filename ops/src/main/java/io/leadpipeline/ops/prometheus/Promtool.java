package io.leadpipeline.ops.prometheus;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs Prometheus's own checker, {@code promtool}, the authority on rules and configuration. */
public final class Promtool {
  public static final String MISSING =
      "promtool is not on PATH: install the Debian package prometheus "
          + "(apt-get install -y prometheus), see .ci/run";

  public record Result(int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  private final Path executable;

  private Promtool(Path executable) {
    this.executable = executable;
  }

  /** The promtool on PATH, or an {@link IllegalStateException} saying how to install it. */
  public static Promtool onPath() {
    return find().orElseThrow(() -> new IllegalStateException(MISSING));
  }

  public static Optional<Promtool> find() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return Optional.of(new Promtool(candidate));
      }
    }
    return Optional.empty();
  }

  /** {@code promtool <args>} in {@code directory}, stdout and stderr together. */
  public Result run(Path directory, String... args) {
    return execute(directory, "", args);
  }

  /**
   * {@code promtool check metrics} on a {@code /metrics} body: exit code 0 when clean, 3 when it
   * lists lint problems (one per line, see {@link MetricsLint}), 1 when the body does not parse.
   */
  public Result checkMetrics(String exposition) {
    return execute(Path.of("").toAbsolutePath(), exposition, "check", "metrics");
  }

  private Result execute(Path directory, String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command)
          .directory(directory.toFile())
          .redirectErrorStream(true)
          .start();
      // A /metrics body is a few hundred kB at most: write it all, then read the verdict.
      try (var in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      // Output is small; reading it to the end also waits for the process to close it.
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, output + "\n(promtool timed out)");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running promtool", e);
    }
  }
}
