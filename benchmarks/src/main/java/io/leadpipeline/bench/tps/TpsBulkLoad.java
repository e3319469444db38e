package io.leadpipeline.bench.tps;

import io.leadpipeline.bench.stack.BenchStack;
import io.leadpipeline.bench.stack.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The suppression-service's TPS ingest of a whole register file, run as the operator runs it: its
 * own CLI in a child JVM with a 512 MB heap cap. Peak memory comes from the kernel (VmHWM, the
 * resident set's high-water mark, polled while the process lives) and from the JVM's GC log (the
 * fullest the heap was before any collection).
 */
public final class TpsBulkLoad {
  private static final Pattern TOOK = Pattern.compile("\"tookMs\"\\s*:\\s*(\\d+)");
  private static final Pattern WRITTEN = Pattern.compile("\"recordsWritten\"\\s*:\\s*(\\d+)");

  public record Ingest(long numbers, int exitCode, double wallSeconds, long serviceMillis, long recordsWritten,
      long peakRssBytes, long peakHeapBytes, long heapCommittedBytes, int collections, Path log, Path profile) {}

  private TpsBulkLoad() {}

  public static Ingest ingest(
      BenchStack stack, String prefix, String subjectKeySecret, Path registerFile, long numbers, Path workDir,
      String maxHeap, boolean profile, java.time.Duration timeout) throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    Path gcLog = workDir.resolve("ingest-gc.log");
    Path out = workDir.resolve("ingest-stdout.json");
    Path err = workDir.resolve("ingest-stderr.log");
    Path state = workDir.resolve("tps-state");
    Path jfr = workDir.resolve("ingest.jfr");
    Files.deleteIfExists(jfr);
    deleteRecursively(state);
    Files.deleteIfExists(gcLog);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + maxHeap,
        "-Xlog:gc:file=" + gcLog,
        profile ? "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true" : "-Dbench.profile=off",
        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.leadpipeline.avro",
        "-cp", System.getProperty("java.class.path"),
        "io.leadpipeline.suppression.SuppressionService",
        "ingest-tps", "--register", "TPS", "--full", registerFile.toString()));
    Map<String, String> settings = Map.of(
        "bootstrap.servers", stack.bootstrapServers(),
        "schema.registry.url", stack.schemaRegistryUrl(),
        "topic.prefix", prefix,
        "subject.key.secret", subjectKeySecret,
        "unsubscribe.token.secret", "bench-unsubscribe-secret",
        "tps.state.dir", state.toString());
    settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
    String logging = System.getProperty("logback.configurationFile");
    if (logging != null) {
      // The same logging set-up as this JVM, so the child's stdout holds only the load's result.
      command.add(1, "-Dlogback.configurationFile=" + logging);
    }
    long started = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    long peakRss = 0;
    long deadline = started + timeout.toNanos();
    try {
      while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
        if (System.nanoTime() > deadline) {
          Progress.line("TPS ingest still running after " + timeout.toSeconds() + " s: stopping it");
          p.destroy();
          if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
          }
          break;
        }
        OptionalLong rss = ProcStatus.peakRssBytes(p.pid());
        if (rss.isPresent()) {
          peakRss = Math.max(peakRss, rss.getAsLong());
        }
      }
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
    double wall = (System.nanoTime() - started) / 1e9;
    GcLogPeak heap = new GcLogPeak();
    if (Files.exists(gcLog)) {
      try (Stream<String> lines = Files.lines(gcLog)) {
        lines.forEach(heap::accept);
      }
    }
    String json = Files.readString(out);
    Progress.line("TPS ingest exited " + p.exitValue() + " after " + Math.round(wall) + " s; its output is in " + out
        + ", its log in " + err);
    return new Ingest(numbers, p.exitValue(), wall, number(TOOK, json), number(WRITTEN, json), peakRss,
        heap.peakBytes(), heap.committedBytes(), heap.collections(), err, Files.exists(jfr) ? jfr : null);
  }

  private static long number(Pattern p, String json) {
    Matcher m = p.matcher(json);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** How far {@code groupId} is behind the end of {@code topic}, summed over partitions. */
  public static long lag(Admin admin, String groupId, String topic) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
      List<TopicPartition> partitions = new ArrayList<>();
      admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
      long lag = 0;
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata c = committed.get(tp);
        lag += ends.get(tp).offset() - (c == null ? 0 : c.offset());
      }
      return lag;
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the lag of " + groupId, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Bytes under {@code dir}, and under the directories named {@code store} or {@code store.*}
   * (RocksDB keeps a versioned store's segments beside it). Files RocksDB deletes mid-walk are skipped.
   */
  public static long[] sizeOf(Path dir, String store) {
    long[] sizes = new long[2];
    if (!Files.exists(dir)) {
      return sizes;
    }
    try {
      Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
        @Override
        public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes attrs) {
          sizes[0] += attrs.size();
          for (Path segment : dir.relativize(f)) {
            String name = segment.toString();
            if (name.equals(store) || name.startsWith(store + ".")) {
              sizes[1] += attrs.size();
              break;
            }
          }
          return java.nio.file.FileVisitResult.CONTINUE;
        }

        @Override
        public java.nio.file.FileVisitResult visitFileFailed(Path f, IOException e) {
          return java.nio.file.FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sizes;
  }

  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
