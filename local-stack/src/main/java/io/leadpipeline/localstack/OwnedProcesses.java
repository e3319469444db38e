package io.leadpipeline.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A pid file per stack process, naming the JVM that owns it. A shutdown hook never runs after
 * {@code kill -9}, so the next stack to start removes whatever such a JVM left behind.
 */
final class OwnedProcesses {

    static final String OWNER_PROPERTY = "lead-pipeline.local-stack.owner";
    static final Path DIRECTORY = Path.of(System.getProperty("java.io.tmpdir"), "lead-pipeline-local-stack");

    private OwnedProcesses() {
    }

    /** The JVM option that marks a process as owned by the JVM {@code owner}. */
    static String marker(long owner) {
        return "-D" + OWNER_PROPERTY + "=" + owner;
    }

    static void record(ProcessHandle process, long owner) {
        try {
            Files.createDirectories(DIRECTORY);
            Files.writeString(pidFile(process.pid()), String.valueOf(owner));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void forget(long pid) {
        try {
            Files.deleteIfExists(pidFile(pid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills every recorded process whose owner has died, and forgets processes already gone. */
    static void reapOrphans(Consumer<String> progress) {
        if (!Files.isDirectory(DIRECTORY)) {
            return;
        }
        List<Path> pidFiles;
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            pidFiles = files.filter(f -> f.getFileName().toString().endsWith(".pid")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path pidFile : pidFiles) {
            long pid = Long.parseLong(pidFile.getFileName().toString().replace(".pid", ""));
            Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) {
                forget(pid);
                continue;
            }
            // An unreadable owner is a pid file being written right now by a live JVM.
            Optional<Long> owner = readOwner(pidFile);
            if (owner.isPresent() && ProcessHandle.of(owner.get()).filter(ProcessHandle::isAlive).isEmpty()) {
                // The pid may have been reused since; only kill a process that carries the marker.
                if (isMarkedBy(process.get(), owner.get())) {
                    progress.accept("killing local-stack process " + pid + " left behind by dead JVM " + owner.get());
                    process.get().descendants().forEach(ProcessHandle::destroyForcibly);
                    process.get().destroyForcibly();
                }
                forget(pid);
            }
        }
    }

    static boolean isMarkedBy(ProcessHandle process, long owner) {
        return process.info().arguments().map(args -> List.of(args).contains(marker(owner))).orElse(false);
    }

    private static Optional<Long> readOwner(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Path pidFile(long pid) {
        return DIRECTORY.resolve(pid + ".pid");
    }
}
