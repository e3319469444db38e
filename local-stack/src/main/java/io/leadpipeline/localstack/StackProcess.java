package io.leadpipeline.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One JVM of the stack: marked with its owner, recorded in a pid file, its output in a log file. */
final class StackProcess {

    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    private final String name;
    private final List<String> command;
    private final Path workDir;
    private final Path log;
    private Process process;

    /** {@code javaArgs} are everything after {@code java}: JVM options, then the main class or jar. */
    StackProcess(String name, List<String> javaArgs, Path workDir, Path log) {
        this.name = name;
        this.command = new ArrayList<>();
        command.add(JAVA.toString());
        command.add(OwnedProcesses.marker(ProcessHandle.current().pid()));
        command.addAll(javaArgs);
        this.workDir = workDir;
        this.log = log;
    }

    void start() {
        try {
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + ": " + command, e);
        }
        OwnedProcesses.record(process.toHandle(), ProcessHandle.current().pid());
    }

    /** Runs a one-shot command to its end and fails unless it exits 0. */
    void run(Duration timeout) {
        start();
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited || process.exitValue() != 0) {
                String outcome = exited ? "exited with " + process.exitValue() : "did not finish in " + timeout;
                kill();
                throw failure(name + " " + outcome);
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + name, e);
        }
        OwnedProcesses.forget(process.pid());
        process = null;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, so the process shuts down cleanly; SIGKILL if it has not exited within {@code grace}. */
    void stop(Duration grace) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        OwnedProcesses.forget(process.pid());
        process = null;
    }

    /** SIGKILL: no shutdown hooks, no clean shutdown, as when a machine loses power. */
    void kill() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        OwnedProcesses.forget(process.pid());
        process = null;
    }

    /** The operating system's id of the running process. */
    long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return process.pid();
    }

    /**
     * Sends a signal by name ({@code STOP}, {@code CONT}) with the system's {@code kill}: the JDK
     * can send only SIGTERM and SIGKILL.
     */
    void signal(String signal) {
        long pid = pid();
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes());
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not signal " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while signalling " + name, e);
        }
    }

    /** An exception whose message ends with the last lines of this process's log. */
    IllegalStateException failure(String message) {
        return new IllegalStateException(message + "; last lines of " + log + ":\n" + logTail(40));
    }

    private String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
