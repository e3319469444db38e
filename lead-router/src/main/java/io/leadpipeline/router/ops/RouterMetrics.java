package io.leadpipeline.router.ops;

import io.leadpipeline.avro.DecisionOutcome;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.Register;
import io.leadpipeline.router.validation.IntakeCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The router's domain metrics. Names are chosen so the Prometheus registry exports them exactly
 * as the operations dashboard expects ({@code leads.routed} → {@code leads_routed_total}). No
 * label holds personal data or a partner id: labels are kinds, reasons and outcomes.
 *
 * <p>Under exactly-once a task that aborts re-processes its records, so counters can count a
 * retried record twice; the topics, not the counters, are the record of what happened.
 */
public final class RouterMetrics implements IntakeCounts {
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Timer latency;
  private final Map<String, AtomicLong> deferredByTask = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> heldByTask = new ConcurrentHashMap<>();
  private final AtomicLong stale = new AtomicLong(1);
  private final Map<Register, AtomicLong> registerLoadedAt = new ConcurrentHashMap<>();
  private final AtomicLong restoringStores = new AtomicLong();
  private final Map<String, AtomicLong> waitingByTask = new ConcurrentHashMap<>();

  public RouterMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.latency =
        Timer.builder("lead.routing.latency")
            .description("From the enquiry's event time to its routing decision")
            .serviceLevelObjectives(
                Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofMinutes(1), Duration.ofMinutes(5))
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofHours(1))
            .register(registry);
    Gauge.builder("leads.deferred", () -> sum(deferredByTask))
        .description("Leads waiting for their partner's delivery hours")
        .register(registry);
    Gauge.builder("enquiries.held", () -> sum(heldByTask))
        .description("Enquiries held by the suppression stages: at the offset barrier, for fresh suppression data or clocks")
        .register(registry);
    Gauge.builder("suppression.barrier.waiting", () -> sum(waitingByTask))
        .description("Held enquiries whose suppression partitions are not yet applied up to the end offsets read after them")
        .register(registry);
    Gauge.builder("suppression.data.stale", stale::get)
        .description("1 while delivery is held: a register is stale or never loaded, or tables restore")
        .register(registry);
    Gauge.builder("suppression.tables.restoring", restoringStores::get)
        .description("State stores still restoring")
        .register(registry);
    for (Register r : Register.values()) {
      AtomicLong at = new AtomicLong(Long.MIN_VALUE);
      registerLoadedAt.put(r, at);
      Gauge.builder(
              "suppression.register.age.seconds",
              () -> at.get() == Long.MIN_VALUE ? Double.NaN : (System.currentTimeMillis() - at.get()) / 1000.0)
          .description("Age of the newest TPS/CTPS load the router has seen")
          .tag("register", r.name())
          .register(registry);
    }
    // Exported as 0 from the start: erasures are rare, and the dashboard should see the series.
    counter("router.erasures", null, null);
    // Likewise each suppression table's unreadable count: its alert reads an increase from 0.
    for (String table : List.of("tps", "call_consents", "preferences", "do_not_repeat")) {
      counter("suppression.lookups.unreadable", "table", table);
    }
    counter("suppression.offset.reads.failed", null, null);
  }

  /**
   * The clock monitor's readings: {@code broker_clock_offset_seconds} (the broker clock furthest
   * from the router's, signed; NaN until measured) and {@code suppression_releases_held_for_skew}
   * (1 while releases wait because a broker is more than ε/2 away or unmeasured).
   */
  public void clockSkew(java.util.function.DoubleSupplier worstOffsetMs, java.util.function.BooleanSupplier withinBound) {
    Gauge.builder("broker.clock.offset.seconds", () -> worstOffsetMs.getAsDouble() / 1000.0)
        .description("The broker clock furthest from the router's, minus the router's clock, measured in band")
        .register(registry);
    Gauge.builder("suppression.releases.held.for.skew", () -> withinBound.getAsBoolean() ? 0 : 1)
        .description("1 while held enquiries wait because a broker clock is more than half the skew bound away, or unmeasured")
        .register(registry);
  }

  /** {@code suppression_offset_reads_failed_total}: end-offset or committed-offset reads that failed (retried). */
  public void offsetReadFailed() {
    counter("suppression.offset.reads.failed", null, null).increment();
  }

  public AtomicLong barrierWaiting(String task) {
    return waitingByTask.computeIfAbsent(task, t -> new AtomicLong());
  }

  /** Metrics nobody scrapes, for tests and benchmarks. */
  public static RouterMetrics unscraped() {
    return new RouterMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public void received() {
    counter("enquiries.received", null, null).increment();
  }

  @Override
  public void deadLettered(String reason) {
    counter("enquiries.dead.lettered", "reason", reason).increment();
  }

  public void suppressed(String reason) {
    counter("enquiries.suppressed", "reason", reason).increment();
  }

  public void decided(DecisionOutcome outcome, long latencyMs) {
    counter("routing.decisions", "outcome", outcome.name()).increment();
    latency.record(Duration.ofMillis(Math.max(0, latencyMs)));
  }

  public void routed(PartnerKind kind) {
    counter("leads.routed", "partner_kind", label(kind)).increment();
  }

  public void capExhausted(PartnerKind kind) {
    counter("partner.cap.exhausted", "partner_kind", label(kind)).increment();
  }

  /** {@code router_erasures_total}: erasure requests applied to the allocation step's state. */
  public void erasureApplied() {
    counter("router.erasures", null, null).increment();
  }

  /**
   * {@code suppression_lookups_unreadable_total{table}}: a held enquiry's suppression record could
   * not be decoded, so the enquiry stays held; counts every attempt (one per tick while it lasts),
   * and each undecodable change not passed to the allocation step.
   */
  public void suppressionUnreadable(String table) {
    counter("suppression.lookups.unreadable", "table", table).increment();
  }

  public AtomicLong deferred(String task) {
    return deferredByTask.computeIfAbsent(task, t -> new AtomicLong());
  }

  public AtomicLong held(String task) {
    return heldByTask.computeIfAbsent(task, t -> new AtomicLong());
  }

  public void stale(boolean isStale) {
    stale.set(isStale ? 1 : 0);
  }

  public boolean isStale() {
    return stale.get() != 0;
  }

  public void registerLoaded(Register register, long loadedAt) {
    registerLoadedAt.get(register).set(loadedAt);
  }

  public AtomicLong restoringStores() {
    return restoringStores;
  }

  public double count(String name, String tag, String value) {
    return counter(name, tag, value).count();
  }

  /** The HELP line of each counter: Prometheus tooling (promtool's lint) expects one. */
  private static final Map<String, String> DESCRIPTIONS = Map.of(
      "enquiries.received", "Records read from the enquiries topic, valid or not",
      "enquiries.dead.lettered", "Enquiries sent to the dead-letter topic, by reason",
      "enquiries.suppressed", "Suppressions applied to an enquiry (call withheld, opted out, partner excluded), by reason",
      "routing.decisions", "Routing decisions written, by outcome",
      "leads.routed", "Leads sent to partners, by partner kind",
      "partner.cap.exhausted", "Partners passed over because their daily cap was reached, by partner kind",
      "router.erasures", "Erasure requests applied to the router's state (introductions, waiting leads)",
      "suppression.offset.reads.failed", "Reads of suppression end offsets or of the router's committed offsets that failed and were retried",
      "suppression.lookups.unreadable", "Suppression records that did not decode: each look-up of a held enquiry, each change not passed on; by table");

  private Counter counter(String name, String tag, String value) {
    String id = name + "|" + tag + "|" + value;
    return counters.computeIfAbsent(
        id,
        k -> {
          Counter.Builder b = Counter.builder(name).description(DESCRIPTIONS.get(name));
          if (tag != null) {
            b.tag(tag, value);
          }
          return b.register(registry);
        });
  }

  private static String label(PartnerKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  private static long sum(Map<String, AtomicLong> byTask) {
    return byTask.values().stream().mapToLong(AtomicLong::get).sum();
  }
}
