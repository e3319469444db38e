package io.leadpipeline.reliability.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One application (a router, the suppression-service, an ingest) in a JVM of its own, so a test
 * can kill it with SIGKILL as a crash would: no shutdown hook, no flush, no commit. Output goes to
 * a log file the test can read (the personal-data scan reads it). Every child carries a marker
 * naming this JVM, and a shutdown hook kills what is still running when the test JVM exits; a
 * child left behind by a test JVM that was itself killed is reaped by the next one.
 */
public final class ChildJvm implements AutoCloseable {
  static final String OWNER = "lead-pipeline.reliability.owner";
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
  private static final Set<ChildJvm> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    reapOrphans();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ChildJvm::kill), "child-jvm-reaper"));
  }

  private final String name;
  private final List<String> command;
  private final Path log;
  private final Path workDir;
  private Process process;

  private ChildJvm(String name, List<String> command, Path workDir, Path log) {
    this.name = name;
    this.command = command;
    this.workDir = workDir;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} with this JVM's class path, its settings in a properties file
   * ({@code --config}) and its output appended to {@code log}.
   */
  public static ChildJvm start(String name, String mainClass, List<String> args, Map<String, String> settings,
      Path workDir, Path log, String heap) {
    try {
      Files.createDirectories(workDir);
      Files.createDirectories(log.getParent());
      Path config = workDir.resolve(name + ".properties");
      Properties p = new Properties();
      p.putAll(settings);
      try (Writer w = Files.newBufferedWriter(config)) {
        p.store(w, "settings of " + name);
      }
      List<String> command = new ArrayList<>(List.of(
          JAVA.toString(), "-D" + OWNER + "=" + ProcessHandle.current().pid(), "-Xmx" + heap,
          "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.leadpipeline.avro",
          "-cp", System.getProperty("java.class.path"), mainClass));
      command.addAll(args);
      command.add("--config");
      command.add(config.toString());
      ChildJvm child = new ChildJvm(name, command, workDir, log);
      child.launch();
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  private void launch() throws IOException {
    process = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    RUNNING.add(this);
  }

  /** Starts the same command again, appending to the same log: a restart after a crash. */
  public ChildJvm restart() {
    if (isAlive()) {
      throw new IllegalStateException(name + " is still running");
    }
    try {
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restart " + name, e);
    }
    return this;
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL, as a crash or an OOM killer would. */
  public void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(30));
    RUNNING.remove(this);
  }

  /** SIGTERM and wait for the application's own shutdown; SIGKILL after {@code grace}. */
  public void stop(Duration grace) {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!waitFor(grace)) {
      process.destroyForcibly();
      waitFor(Duration.ofSeconds(30));
    }
    RUNNING.remove(this);
  }

  /** Waits for the process to end; true if it did. */
  public boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public int exitValue() {
    return process.exitValue();
  }

  /** The last lines of the log, for a failure message. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(20));
  }

  /** Kills children whose owning test JVM is gone (it was killed before its shutdown hook ran). */
  private static void reapOrphans() {
    String marker = "-D" + OWNER + "=";
    ProcessHandle.allProcesses().forEach(p -> p.info().arguments().ifPresent(args -> {
      for (String a : args) {
        if (a.startsWith(marker)) {
          long owner = Long.parseLong(a.substring(marker.length()));
          if (ProcessHandle.of(owner).filter(ProcessHandle::isAlive).isEmpty()) {
            p.destroyForcibly();
          }
        }
      }
    }));
  }
}
