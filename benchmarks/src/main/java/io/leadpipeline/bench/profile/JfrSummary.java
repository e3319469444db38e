package io.leadpipeline.bench.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a thread's CPU time went, from the execution samples of a JFR recording: by component
 * (each sample charged to the innermost frame that belongs to a known library or to our code, so a
 * {@code HashMap.get} inside Avro counts as Avro), by hottest method, and by our own methods with
 * everything they call.
 */
public record JfrSummary(
    long samples, Map<String, Long> byComponent, List<Entry<String, Long>> hotMethods,
    List<Entry<String, Long>> ourMethodsInclusive) {

  private static final Pattern STREAM_THREAD = Pattern.compile(".*-StreamThread-\\d+");

  /** Class-name prefixes, most specific first, and the component they belong to. */
  static final List<Entry<String, String>> COMPONENTS =
      List.of(
          Map.entry("org.rocksdb.", "RocksDB (state stores, JNI)"),
          Map.entry("org.apache.avro.", "Avro encoding/decoding"),
          Map.entry("com.fasterxml.jackson.", "Jackson (JSON serdes of internal topics)"),
          Map.entry("io.leadpipeline.router.wire.", "router internal serdes (wire)"),
          Map.entry("io.leadpipeline.router.", "router rules and processors"),
          Map.entry("io.leadpipeline.suppression.", "suppression-service (ingest, diff, publish)"),
          Map.entry("io.leadpipeline.serde.", "Confluent wire-format serde (schemas)"),
          Map.entry("io.leadpipeline.identity.", "identity (E.164, HMAC keys)"),
          Map.entry("com.google.i18n.phonenumbers.", "libphonenumber"),
          Map.entry("javax.crypto.", "HMAC-SHA-256"),
          Map.entry("com.sun.crypto.", "HMAC-SHA-256"),
          Map.entry("sun.security.", "HMAC-SHA-256"),
          Map.entry("io.micrometer.", "Micrometer"),
          Map.entry("org.apache.kafka.streams.state.", "Kafka Streams state-store layers"),
          Map.entry("org.apache.kafka.streams.", "Kafka Streams runtime"),
          Map.entry("org.apache.kafka.clients.producer.", "Kafka producer"),
          Map.entry("org.apache.kafka.clients.consumer.", "Kafka consumer"),
          Map.entry("org.apache.kafka.", "Kafka clients (network, records)"),
          Map.entry("org.slf4j.", "logging"),
          Map.entry("ch.qos.logback.", "logging"),
          Map.entry("sun.nio.", "JDK network and file I/O"),
          Map.entry("java.util.zip.", "checksums (CRC32C)"));

  /**
   * A Kafka Streams stream thread ({@code <client id>-StreamThread-<n>}), and not the threads named
   * after one: its producer's network thread ({@code kafka-producer-network-thread | <client
   * id>-StreamThread-<n>-producer}) runs beside it on the other core, and the global stream thread
   * has a name of its own.
   */
  public static boolean streamThread(String name) {
    return STREAM_THREAD.matcher(name).matches();
  }

  /** Reads the {@code jdk.ExecutionSample} events of the threads whose name {@code thread} accepts. */
  public static JfrSummary read(Path recording, Predicate<String> thread, int top) throws IOException {
    long samples = 0;
    Map<String, Long> components = new HashMap<>();
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> ours = new HashMap<>();
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      var sampled = event.getThread("sampledThread");
      String name = sampled == null ? null : sampled.getJavaName();
      RecordedStackTrace stack = event.getStackTrace();
      if (name == null || !thread.test(name) || stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<String> frames = new ArrayList<>();
      for (RecordedFrame f : stack.getFrames()) {
        if (f.isJavaFrame()) {
          frames.add(frameName(f.getMethod().getType().getName(), f.getMethod().getName()));
        }
      }
      if (frames.isEmpty()) {
        continue;
      }
      self.merge(frames.get(0), 1L, Long::sum);
      components.merge(component(frames), 1L, Long::sum);
      frames.stream()
          .filter(f -> f.startsWith("io.leadpipeline."))
          .distinct()
          .forEach(f -> ours.merge(f, 1L, Long::sum));
    }
    return new JfrSummary(samples, sorted(components), topN(self, top), topN(ours, top));
  }

  /** {@code Type.method}, with the JVM's per-run lambda class suffixes removed so runs compare. */
  static String frameName(String type, String method) {
    int lambda = type.indexOf("$$Lambda");
    return (lambda < 0 ? type : type.substring(0, lambda) + "$$Lambda") + "." + method;
  }

  /** The component of the innermost frame that has one; JDK-only stacks are "JDK (other)". */
  static String component(List<String> framesInnermostFirst) {
    for (String frame : framesInnermostFirst) {
      for (Entry<String, String> c : COMPONENTS) {
        if (frame.startsWith(c.getKey())) {
          return c.getValue();
        }
      }
    }
    return "JDK (other)";
  }

  private static Map<String, Long> sorted(Map<String, Long> counts) {
    Map<String, Long> out = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static List<Entry<String, Long>> topN(Map<String, Long> counts, int n) {
    return counts.entrySet().stream()
        .sorted(Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .limit(n)
        .map(e -> Map.entry(e.getKey(), e.getValue()))
        .toList();
  }
}
