package io.leadpipeline.suppression.tps;

import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.TpsFileKind;
import io.leadpipeline.avro.TpsLoad;
import io.leadpipeline.avro.TpsRegistration;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.suppression.SuppressionLog;
import io.leadpipeline.suppression.Suppressions;
import io.leadpipeline.suppression.ops.ServiceMetrics;
import io.leadpipeline.topics.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a TPS or CTPS file: reads it as a stream, diffs it against the register as last loaded
 * (full files) or applies it (change files), writes additions, re-dated entries and tombstones to
 * {@code suppression.tps} keyed by phone key, waits for every acknowledgement, then keeps the new
 * register on disk and records the load on {@code suppression.tps-loads}. Bad lines are counted,
 * never fatal. Memory: one packed long per number (full files) or the change set.
 */
public final class TpsIngest {
  private static final Logger log = LoggerFactory.getLogger(TpsIngest.class);
  private static final int MAX_LINE = 128;
  private static final long PROGRESS_EVERY = 1_000_000;

  /** Told every million lines, and at the end, how far the load has got. */
  @FunctionalInterface
  public interface Progress {
    void report(String stage, long lines, long bytes);
  }

  /** The outcome of one load. */
  public record Result(
      Register register,
      TpsFileKind kind,
      String file,
      Map<LineResult, Long> lines,
      long numbers,
      long added,
      long removed,
      long redated,
      long recordsWritten,
      Instant acknowledgedAt,
      Duration took) {}

  private final RegisterStore store;
  private final SuppressionLog suppressionLog;
  private final Suppressions suppressions;
  private final SubjectKeys keys;
  private final ServiceMetrics metrics;
  private final Clock clock;

  public TpsIngest(
      RegisterStore store, Suppressions suppressions, SubjectKeys keys, ServiceMetrics metrics, Clock clock) {
    this.store = store;
    this.suppressions = suppressions;
    this.suppressionLog = suppressions.log();
    this.keys = keys;
    this.metrics = metrics;
    this.clock = clock;
  }

  public Result ingest(
      Register register, TpsFileKind kind, String fileName, InputStream in, String actor, Progress progress)
      throws IOException {
    long started = System.nanoTime();
    String file = safeName(fileName);
    try (java.io.Closeable lock = store.lock()) {
      Map<LineResult, Long> counts = new EnumMap<>(LineResult.class);
      for (LineResult r : LineResult.values()) {
        counts.put(r, 0L);
      }
      LineReader lines = new LineReader(in, MAX_LINE);
      EntryBuffer full = kind == TpsFileKind.FULL ? new EntryBuffer() : null;
      ChangeSet changes = kind == TpsFileKind.CHANGES ? new ChangeSet() : null;
      long n = 0;
      for (String line = lines.next(); line != null; line = lines.next()) {
        RegisterLineParser.Parsed p =
            line == LineReader.TOO_LONG
                ? new RegisterLineParser.Parsed(LineResult.MALFORMED, 0, false)
                : RegisterLineParser.parse(line, kind == TpsFileKind.CHANGES);
        counts.merge(p.result(), 1L, Long::sum);
        if (p.result() == LineResult.ACCEPTED) {
          if (full != null) {
            full.add(p.entry());
          } else if (p.removal()) {
            changes.remove(p.entry());
          } else {
            changes.add(p.entry());
          }
        }
        if (++n % PROGRESS_EVERY == 0) {
          progress.report("read", n, lines.bytesRead());
        }
      }
      progress.report("read", n, lines.bytesRead());
      counts.forEach((r, c) -> metrics.tpsLines(register.name(), r.label(), c));

      Register other = register == Register.TPS ? Register.CTPS : Register.TPS;
      RegisterStore.Index otherIndex = store.index(other);
      Publisher publisher = new Publisher(register, file, otherIndex);
      RegisterDiff.Counts diff;
      try (RegisterStore.Reader previous = store.read(register);
          RegisterStore.Writer next = store.write(register)) {
        publisher.writer = next;
        EntryCursor incoming;
        RegisterStore.Reader base = null;
        if (full != null) {
          incoming = EntryCursor.of(full.sortedByNumber());
        } else {
          base = store.read(register);
          incoming = changes.applyTo(base);
        }
        try {
          diff = RegisterDiff.diff(previous, incoming, publisher);
        } finally {
          if (base != null) {
            base.close();
          }
        }
        progress.report("publish", n, lines.bytesRead());
        suppressionLog.flush();
        if (publisher.failure.get() != null) {
          throw new Suppressions.WriteFailedException(
              "Kafka did not acknowledge every register change; the previous register is kept and"
                  + " the next load sends the differences again",
              publisher.failure.get());
        }
        next.commit();
      }
      Instant loadedAt = clock.instant();
      TpsLoad load =
          TpsLoad.newBuilder()
              .setRegister(register)
              .setKind(kind)
              .setFile(file)
              .setLoadedAt(loadedAt)
              .setNumbers(diff.entries())
              .setAdded(diff.added())
              .setRemoved(diff.removed())
              .setRejectedLines(
                  counts.get(LineResult.INVALID_NUMBER)
                      + counts.get(LineResult.INVALID_DATE)
                      + counts.get(LineResult.MALFORMED))
              // Names this load in every routing decision screened against it (docs/enquiry-contract.md §3).
              .setLoadId(java.util.UUID.randomUUID().toString())
              .build();
      SuppressionLog.Ack ack =
          Suppressions.await(suppressionLog.append(Topics.SUPPRESSION_TPS_LOADS, register.name(), load));
      Suppressions.await(
          suppressions.audit(actor, "TPS_" + kind.name() + "_LOAD", Topics.SUPPRESSION_TPS_LOADS, register.name()));
      suppressions.view().apply(Topics.SUPPRESSION_TPS_LOADS, register.name(), load, ack.offset());
      metrics.suppressionUpdate("tps_load");
      Result result =
          new Result(
              register, kind, file, counts, diff.entries(), diff.added(), diff.removed(), diff.redated(),
              publisher.written.get(), ack.timestamp(), Duration.ofNanos(System.nanoTime() - started));
      log.info(
          "{} {} load of {}: {} numbers, +{} -{} ~{}, {} records, {} rejected lines, {} ms",
          register, kind, file, result.numbers(), result.added(), result.removed(), result.redated(),
          result.recordsWritten(), load.getRejectedLines(), result.took().toMillis());
      return result;
    }
  }

  /** Turns register differences into records on {@code suppression.tps}. */
  private final class Publisher implements RegisterDiff.Listener {
    private final Register register;
    private final String file;
    private final RegisterStore.Index other;
    private final AtomicLong written = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    RegisterStore.Writer writer;

    Publisher(Register register, String file, RegisterStore.Index other) {
      this.register = register;
      this.file = file;
      this.other = other;
    }

    @Override
    public void entry(long entry) throws IOException {
      writer.append(entry);
    }

    @Override
    public void added(long entry) {
      publish(RegisterEntry.number(entry), -1, entry);
    }

    @Override
    public void removed(long previous) {
      publish(RegisterEntry.number(previous), previous, -1);
    }

    @Override
    public void redated(long previous, long entry) {
      publish(RegisterEntry.number(entry), previous, entry);
    }

    private void publish(long number, long before, long after) {
      if (failure.get() != null) {
        return; // stop sending once one failed; the load will be refused
      }
      long otherEntry = other.find(number);
      Optional<EffectiveRegistration.Effective> was = EffectiveRegistration.of(register, before, otherEntry);
      Optional<EffectiveRegistration.Effective> now = EffectiveRegistration.of(register, after, otherEntry);
      if (was.equals(now)) {
        return; // the other register's entry stands either way
      }
      String key = keys.ofE164("+" + number);
      TpsRegistration value =
          now.map(
                  e ->
                      TpsRegistration.newBuilder()
                          .setRegister(e.register())
                          .setRegisteredOn(RegisterEntry.registeredOn(e.entry()))
                          .setSource(e.register() == register ? file : e.register().name() + " register")
                          .build())
              .orElse(null);
      String type = value == null ? "tps_removal" : "tps_registration";
      suppressionLog
          .append(Topics.SUPPRESSION_TPS, key, value)
          .whenComplete(
              (ack, error) -> {
                if (error != null) {
                  failure.compareAndSet(null, error);
                } else {
                  written.incrementAndGet();
                  metrics.suppressionUpdate(type);
                }
              });
    }
  }

  /** File names go into records and logs: keep them short and printable. */
  static String safeName(String fileName) {
    if (fileName == null || fileName.isBlank()) {
      return "upload";
    }
    String name = fileName.replace('\\', '/');
    name = name.substring(name.lastIndexOf('/') + 1);
    StringBuilder out = new StringBuilder();
    name.codePoints()
        .filter(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_')
        .limit(100)
        .forEach(out::appendCodePoint);
    return out.isEmpty() ? "upload" : out.toString();
  }
}
