package io.leadpipeline.bench;

import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.Register;
import io.leadpipeline.bench.baseline.Passthrough;
import io.leadpipeline.bench.baseline.RouterShape;
import io.leadpipeline.bench.ceiling.CeilingBench;
import io.leadpipeline.bench.latency.DrainCounter;
import io.leadpipeline.bench.latency.DrainRate;
import io.leadpipeline.bench.latency.LatencyRun;
import io.leadpipeline.bench.latency.OutputWatch;
import io.leadpipeline.bench.latency.Percentiles;
import io.leadpipeline.bench.latency.QuietProbe;
import io.leadpipeline.bench.load.SyntheticEnquiries;
import io.leadpipeline.bench.profile.JfrSummary;
import io.leadpipeline.bench.profile.Profiler;
import io.leadpipeline.bench.propagation.PropagationBench;
import io.leadpipeline.bench.report.Machine;
import io.leadpipeline.bench.report.Report;
import io.leadpipeline.bench.router.CpuWindow;
import io.leadpipeline.bench.router.RecordBudget;
import io.leadpipeline.bench.router.RouterUnderTest;
import io.leadpipeline.bench.router.ScreenedBacklog;
import io.leadpipeline.bench.router.StreamThreadTime;
import io.leadpipeline.bench.router.TimedClients;
import io.leadpipeline.bench.stack.BenchStack;
import io.leadpipeline.bench.stack.Progress;
import io.leadpipeline.bench.tps.RegisterFile;
import io.leadpipeline.bench.tps.TpsBulkLoad;
import io.leadpipeline.router.RouterConfig;
import io.leadpipeline.suppression.SuppressionService;
import io.leadpipeline.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The benchmark harness, {@code benchmarks/run}: starts the local real broker and registry, then
 * measures the ceiling, the passthrough baseline against the full router under each processing
 * guarantee, end-to-end latency at fixed loads and at saturation, suppression propagation and the
 * TPS bulk load, and writes every figure into {@code docs/BENCHMARKS.md}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure the pipeline on the local real broker and write docs/BENCHMARKS.md.")
public final class BenchMain implements Callable<Integer> {

  /** What a run measures; all by default. */
  enum Phase { CEILING, THROUGHPUT, LATENCY, PROPAGATION, TPS, GATEWAY, QUIET }

  @Option(names = "--records", defaultValue = "50000",
      description = "Enquiries in the backlog that the passthrough and the router each drain (default ${DEFAULT-VALUE}).")
  int records;

  @Option(names = "--drain-warm-up", defaultValue = "50000",
      description = "Enquiries at the head of each throughput backlog that warm the application up and are not timed"
          + " (default ${DEFAULT-VALUE}; 0: time a cold start).")
  int drainWarmUp;

  /** Every enquiry of a throughput backlog: the warm-up, then the timed ones. */
  private int backlog() {
    return drainWarmUp + records;
  }

  @Option(names = "--ceiling-records", defaultValue = "300000",
      description = "Records through the raw producer and consumer (default ${DEFAULT-VALUE}).")
  int ceilingRecords;

  @Option(names = "--rates", split = ",", defaultValue = "500,1000,2000",
      description = "Offered loads for latency, enquiries/s; saturation is added (default ${DEFAULT-VALUE}).")
  List<Double> rates;

  @Option(names = "--latency-seconds", defaultValue = "10", description = "Length of each latency run (default ${DEFAULT-VALUE}).")
  double latencySeconds;

  @Option(names = "--guarantees", split = ",", defaultValue = "exactly_once_v2,at_least_once",
      description = "Processing guarantees to compare (default ${DEFAULT-VALUE}).")
  List<String> guarantees;

  @Option(names = "--quiet-probes", defaultValue = "20",
      description = "QUIET phase: enquiries sent one at a time, each after the silence (default ${DEFAULT-VALUE}).")
  int quietProbes;

  @Option(names = "--quiet-silence", defaultValue = "2m",
      description = "QUIET phase: how long nothing is sent before each probe (default ${DEFAULT-VALUE}).")
  String quietSilence;

  @Option(names = "--propagation-samples", defaultValue = "100", description = "Do-not-call writes timed (default ${DEFAULT-VALUE}).")
  int propagationSamples;

  @Option(names = "--tps-numbers", defaultValue = "20000000",
      description = "Numbers in the synthetic full TPS file (default ${DEFAULT-VALUE}); fewer for a quick run.")
  long tpsNumbers;

  @Option(names = "--tps-timeout", defaultValue = "15m",
      description = "Longest wait for each TPS step: ingest, router catch-up, router restore (default ${DEFAULT-VALUE}).")
  String tpsTimeout;

  @Option(names = "--tps-router-budget", defaultValue = "90s",
      description = "Longest the router's read and restore of the register are timed; past it the rate so far is"
          + " reported and the full time extrapolated (default ${DEFAULT-VALUE}; --tps-router-budget 15m measures"
          + " 20 M to the end here).")
  String tpsRouterBudget;

  @Option(names = "--gateway-backlog", defaultValue = "5000",
      description = "Leads partner-gateway delivers from a backlog (default ${DEFAULT-VALUE}).")
  int gatewayBacklog;

  @Option(names = "--gateway-seconds", defaultValue = "20",
      description = "Length of partner-gateway's latency run at 100 leads/s (default ${DEFAULT-VALUE}).")
  int gatewaySeconds;

  @Option(names = "--phases", split = ",", defaultValue = "CEILING,THROUGHPUT,LATENCY,PROPAGATION,TPS,GATEWAY",
      description = "Which measurements to make (default ${DEFAULT-VALUE}); QUIET (one enquiry after each of"
          + " --quiet-probes silences, about 40 minutes) only when named.")
  Set<Phase> phases = EnumSet.allOf(Phase.class);

  @Option(names = "--hop-breakdown", defaultValue = "false",
      description = "Also time each enquiry of the router's latency runs at each internal topic (a consumer more on the same cores).")
  boolean hopBreakdown;

  @Option(names = "--warm-up-seconds", defaultValue = "30",
      description = "Before the router's latency runs, paced load at the first of --rates for this long, not recorded"
          + " (default ${DEFAULT-VALUE}; 0: none): after the drain the JIT compilers keep compiling under paced load.")
  int warmUpSeconds;

  @Option(names = "--client-timing", defaultValue = "false",
      description = "Also time the router's stream thread inside and between its Kafka client calls during the latency runs"
          + " (about four clock readings per call).")
  boolean clientTiming;

  // A plain flag: picocli's negatable form of an option that defaults to true read --no-profile as
  // "the default" and --profile as "the opposite", so the profile could not be turned off.
  @Option(names = "--no-profile",
      description = "Do not record the router under saturation with JFR (by default it is, and where its time goes is summarised).")
  boolean noProfile;

  @Option(names = "--no-shape",
      description = "Do not drain the router's shape without its rules (by default the throughput phase does, beside the passthrough).")
  boolean noShape;

  /** Whether the throughput phase also drains the router's shape ({@link RouterShape}). */
  boolean shape() {
    return !noShape;
  }

  /** Whether the router's saturation run is recorded with JFR. */
  boolean profile() {
    return !noProfile;
  }

  @Option(names = "--router-setting", description = "Override a router setting, e.g. --router-setting commit.interval.ms=50.")
  Map<String, String> routerSettings = new LinkedHashMap<>();

  /** A router setting as this run sets it, or the router's default. */
  String routerSetting(String key) {
    return routerSettings.getOrDefault(key, RouterConfig.DEFAULTS.get(key));
  }

  @Option(names = "--report", defaultValue = "docs/BENCHMARKS.md", description = "Where the results go (default ${DEFAULT-VALUE}).")
  Path reportFile;

  @Option(names = "--work-dir", defaultValue = "benchmarks/target/bench", description = "Scratch space (default ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(names = "--command", hidden = true, description = "How the run was started, for the report.")
  String command;

  private long nextIndex;
  private final Map<String, Double> passthroughRates = new LinkedHashMap<>();
  private final Map<String, Double> shapeRates = new LinkedHashMap<>();
  private final Map<String, Double> routerRates = new LinkedHashMap<>();
  /** The allocation step's drain rate alone ({@link #allocationAlone}): its single-thread ceiling. */
  private final Map<String, Double> allocationRates = new LinkedHashMap<>();
  private final List<List<String>> throughputRows = new ArrayList<>();
  private final List<List<String>> latencyRows = new ArrayList<>();
  private final List<List<String>> hopRows = new ArrayList<>();
  private final List<List<String>> threadTimeRows = new ArrayList<>();
  /** The running router's timed clients with --client-timing, else null. */
  private TimedClients routerClients;
  private Report report;
  private Path routerProfile;
  private double routerProfileRate;

  public static void main(String[] args) {
    // Avro refuses to load generated classes from packages it was not told about.
    System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.leadpipeline.avro");
    System.exit(new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(workDir);
    String run = "r" + Long.toString(System.currentTimeMillis() / 1000, 36);
    report = new Report(Machine.current(), command == null ? "benchmarks/run" : command);
    SyntheticEnquiries people = new SyntheticEnquiries(run);
    nextIndex = backlog() + 1_000;
    Progress.line("run " + run + ": phases " + phases + ", load average " + Machine.loadAverage());
    try (BenchStack stack = BenchStack.start(workDir.resolve("stack-logs"))) {
      if (phases.contains(Phase.CEILING)) {
        ceiling(stack, people);
      }
      boolean routerPhases = phases.contains(Phase.THROUGHPUT) || phases.contains(Phase.LATENCY)
          || phases.contains(Phase.PROPAGATION) || phases.contains(Phase.QUIET);
      if (routerPhases) {
        for (String guarantee : guarantees) {
          guarantee(stack, people, guarantee);
        }
        writeRouterSections();
        writeProfileSection();
      }
      if (phases.contains(Phase.TPS)) {
        tps(stack);
      }
      if (phases.contains(Phase.GATEWAY)) {
        gateway(stack, run);
      }
    } finally {
      Map<String, String> blocks = report.finish();
      if (EnumSet.of(Phase.GATEWAY, Phase.QUIET).containsAll(phases)) {
        // A gateway-only or quiet-only run leaves the main run's description alone; its blocks say their own load.
        blocks.remove("run");
      }
      Files.writeString(workDir.resolve("results.md"), Report.concatenate(blocks));
      Report.writeInto(reportFile, blocks);
      Progress.line("results written to " + reportFile + " (and " + workDir.resolve("results.md") + ")");
    }
    return 0;
  }

  private void ceiling(BenchStack stack, SyntheticEnquiries people) {
    Progress.line("ceiling: " + ceilingRecords + " records, raw producer -> read_committed consumer");
    double load = Machine.loadAverage();
    CeilingBench.Result r = CeilingBench.run(stack, "bench.ceiling", people, ceilingRecords);
    report.block("ceiling").section("Ceiling: raw Kafka producer → consumer",
        "The bytes of the synthetic enquiries (Confluent wire format) written by one idempotent `acks=all` "
            + "producer (`linger.ms=100` as Kafka Streams' own producer, `batch.size=256 KiB`) to a " + Topics.PARTITIONS + "-partition topic "
            + "while a `read_committed` consumer reads them (produced → consumed), then read again from the "
            + "start by a fresh consumer (consumer only); no serde work. An application that reads and writes "
            + "every record cannot beat the slower of producer and consumer: that is the ceiling the ratios "
            + "below use.");
    report.table(List.of("records", "avg record (key + value)", "producer only", "consumer only", "produced → consumed",
            "ceiling = min(producer, consumer)", "MB/s at the ceiling", "load avg"),
        List.of(List.of(fmt(r.records()), Report.fmt(r.avgRecordBytes(), 0) + " B", rate(r.producerPerSecond()),
            rate(r.consumerPerSecond()), rate(r.endToEndPerSecond()), rate(r.ceilingPerSecond()),
            Report.fmt(r.ceilingPerSecond() * r.avgRecordBytes() / 1e6, 1), Report.fmt(load, 2))));
    ceilingRate = r.ceilingPerSecond();
  }

  private double ceilingRate = Double.NaN;

  private void gateway(BenchStack stack, String run) throws Exception {
    Progress.line("gateway: partner-gateway to a loopback webhook receiver");
    double loadBefore = Machine.loadAverage();
    io.leadpipeline.bench.gateway.GatewayBench.Result r = io.leadpipeline.bench.gateway.GatewayBench.run(
        stack, "bench." + run + ".gw.", 4, gatewayBacklog, 100, gatewaySeconds);
    report.block("gateway").section("partner-gateway: webhook deliveries (" + run + ")",
        "partner-gateway (docs/partner-delivery.md) in this JVM delivers a backlog of leads spread over "
            + r.partners() + " webhook partners to a receiver on loopback (the JDK's HTTP server answering 204), "
            + "every request signed and committed with its delivery log and offsets. The reference is a raw "
            + "`read_committed` consumer reading and decoding the same leads in the same run. Deliveries/s run "
            + "from the first receipt to the last, so the gateway's start-up is left out. Then leads are sent at "
            + Report.fmt(r.rate(), 0) + "/s, open loop, and each is timed from its due send time to its receipt "
            + "by the receiver. Machine load average at the start " + Report.fmt(loadBefore, 2)
            + ", at the end " + Report.fmt(Machine.loadAverage(), 2) + ".");
    report.table(List.of("backlog", "raw consumer", "gateway deliveries", "gateway ÷ raw"),
        List.of(List.of(fmt(r.backlog()), rate(r.rawPerSecond()), rate(r.deliveredPerSecond()),
            Report.fmt(r.deliveredPerSecond() / r.rawPerSecond(), 3))));
    report.text("Latency at " + Report.fmt(r.rate(), 0) + " leads/s over the healthy partners, alone and while a fifth "
        + "partner's endpoint answers 503 to every attempt (" + r.failingAttempts() + " attempts, retried from 200 ms "
        + "backoff). Its lane waits; the healthy partners' lanes are not blocked by it (PartnerDeliveryIT checks that"
        + " functionally); a rise here beside the failing partner also includes its retries' share of the machine.");
    report.table(List.of("run", "leads timed", "p50", "p99", "p99.9", "max"),
        List.of(latencyRow("healthy partners alone", r.latency()),
            latencyRow("beside a failing partner", r.latencyBesideFailing())));
  }

  private void guarantee(BenchStack stack, SyntheticEnquiries people, String guarantee) throws Exception {
    String tag = guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2) ? "eos" : "alos";
    if (phases.contains(Phase.THROUGHPUT)) {
      passthrough(stack, people, guarantee, tag);
      if (shape()) {
        routerShape(stack, people, guarantee, tag);
      }
    }
    String prefix = "bench-" + tag + ".";
    Progress.line(guarantee + ": preparing the router's topics, partners and register loads on " + prefix);
    List<Partner> partners = RouterUnderTest.prepare(stack, prefix, workDir);
    RouterUnderTest.registerSomePhones(stack, prefix, backlog(), 10);
    LatencyRun.Outputs outputs = RouterUnderTest.outputs(stack, prefix, partners);
    Path state = workDir.resolve("state-" + tag);
    TpsBulkLoad.deleteRecursively(state);
    Map<String, String> overrides = new HashMap<>(routerSettings);
    String app = prefix + "router";
    TimedDrain drain = null;
    if (phases.contains(Phase.THROUGHPUT)) {
      Progress.line(guarantee + ": writing a backlog of " + backlog() + " enquiries for the router");
      stack.produceEnquiries(Topics.ENQUIRIES.name(prefix), people, 0, backlog());
      drain = new TimedDrain(stack, prefix, app, outputs.decisionTopic());
    }
    routerClients = clientTiming ? new TimedClients() : null;
    try (RouterUnderTest router = RouterUnderTest.start(
        RouterUnderTest.settings(stack, prefix, app, guarantee, state, overrides), routerClients)) {
      if (drain != null) {
        Progress.line(guarantee + ": router draining the backlog");
        routerRates.put(guarantee, drain.measure(guarantee, "full lead-router", "full lead-router"));
      }
      if (routerClients != null) {
        routerClients.start(); // after the drain: its rate and CPU are the router's untimed
      }
      awaitReady(router);
      if (phases.contains(Phase.LATENCY)) {
        latency(stack, people, guarantee, prefix, outputs);
      }
      if (phases.contains(Phase.PROPAGATION) && guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)) {
        propagation(stack, people, prefix);
      }
      if (phases.contains(Phase.QUIET) && guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)) {
        quiet(stack, people, prefix, outputs);
      }
    } finally {
      if (drain != null) {
        drain.close();
      }
    }
    if (phases.contains(Phase.THROUGHPUT)) {
      allocationAlone(stack, people, guarantee, tag);
    }
    Percentiles atHalf = halfCapacityLeads.get(guarantee);
    if (atHalf != null) {
      baselinesAtHalfCapacity(stack, people, guarantee, tag, atHalf);
    }
  }

  /**
   * One application's drain of the backlog, timed: its outputs (one per enquiry) watched and the
   * record budget started before the application starts; {@link #measure} waits until the backlog
   * is drained and adds the throughput row.
   */
  private final class TimedDrain implements AutoCloseable {
    private final DrainRate.Window timed = new DrainRate.Window(drainWarmUp, records);
    private final CpuWindow window;
    private final DrainCounter drained;
    private final OutputWatch watch;
    private final Admin admin;
    private final RecordBudget budget;
    private final double load = Machine.loadAverage();
    private final long start;

    /** @param app the application id, which names its threads */
    TimedDrain(BenchStack stack, String prefix, String app, String outputTopic) throws Exception {
      window = new CpuWindow(app);
      drained = new DrainCounter(timed, window::open, window::close);
      watch = new OutputWatch(stack.committedReaderConfig(), List.of(outputTopic), false, drained);
      admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()));
      budget = RecordBudget.start(admin, prefix);
      start = System.nanoTime();
    }

    /** Outputs per second between the 10 % and 90 % marks of the timed backlog; {@code label} names the row. */
    double measure(String guarantee, String label, String name) throws Exception {
      boolean complete = drained.await(watch, Duration.ofMinutes(5));
      watch.close();
      DrainCounter.Drain d = drained.result(start);
      CpuWindow.Reading cpu = window.reading();
      long inWindow = timed.timed();
      String own = cpu == null ? "n/a" : cpuPerEnquiry(cpu.threadNanos(), inWindow);
      String busy = cpu == null ? "n/a" : Report.fmt(cpu.busyCores(), 2);
      String jit = cpu == null || Double.isNaN(cpu.jitCores()) ? "n/a" : Report.fmt(cpu.jitCores(), 2);
      String cold = Double.isNaN(d.coldPerSecond()) ? "n/a" : rate(d.coldPerSecond());
      String machine = cpu == null ? "n/a" : cpuPerEnquiry(cpu.machineNanos(), inWindow);
      throughputRows.add(List.of(guarantee, label, fmt(d.seen()) + (complete ? "" : " of " + fmt(backlog()) + " (timed out)"),
          Report.fmt(d.seconds(), 1) + " s", cold, rate(d.perSecond()), own, busy, jit, machine, Report.fmt(load, 2)));
      Progress.line(guarantee + ": " + name + " " + rate(d.perSecond()) + " enquiries/s, " + own
          + " µs CPU per enquiry, the machine " + busy + " cores busy (" + jit + " compiling; " + machine
          + " µs per enquiry), cold " + cold + "/s; by thread: "
          + (cpu == null ? "n/a" : cpuByThread(cpu.byThread(), inWindow)));
      budget(guarantee, name, budget.appended(), d.seen());
      return d.perSecond();
    }

    @Override
    public void close() {
      watch.close();
      admin.close();
    }
  }

  /**
   * The allocation step alone: the router as deployed on topics of its own, with a backlog of
   * screened enquiries already on its allocation hop ({@link ScreenedBacklog}) and nothing on its
   * input, so its stream thread does nothing but allocate. The rate is the allocation stage's
   * single-thread ceiling: past it the router must scale allocation out, whatever the stages
   * before it reach.
   */
  private void allocationAlone(BenchStack stack, SyntheticEnquiries people, String guarantee, String tag) throws Exception {
    String prefix = "bench-alloc-" + tag + ".";
    Progress.line(guarantee + ": the allocation step alone, on " + prefix);
    RouterUnderTest.prepare(stack, prefix, workDir);
    String app = prefix + "router";
    String hop = RouterUnderTest.hopTopics(app).get(2);
    stack.createTopics(List.of(new NewTopic(hop, 1, (short) 1)));
    Progress.line(guarantee + ": writing a backlog of " + backlog() + " screened enquiries to " + hop);
    ScreenedBacklog.write(stack, hop, people, backlog(), 10);
    Path state = workDir.resolve("state-alloc-" + tag);
    TpsBulkLoad.deleteRecursively(state);
    try (TimedDrain drain = new TimedDrain(stack, prefix, app, Topics.LEAD_DECISIONS.name(prefix));
        RouterUnderTest router = RouterUnderTest.start(
            RouterUnderTest.settings(stack, prefix, app, guarantee, state, new HashMap<>(routerSettings)))) {
      allocationRates.put(guarantee, drain.measure(guarantee, "allocation step alone", "allocation step alone"));
    }
  }

  private final List<List<String>> budgetRows = new ArrayList<>();

  private static String cpuByThread(Map<String, Long> byThread, long enquiries) {
    StringBuilder out = new StringBuilder();
    byThread.forEach((name, nanos) -> out.append("\n    ").append(name).append(' ')
        .append(cpuPerEnquiry(nanos, enquiries)));
    return out.toString();
  }

  private static String cpuPerEnquiry(long nanos, long enquiries) {
    return enquiries == 0 ? "n/a" : Report.fmt(nanos / 1_000.0 / enquiries, 1);
  }

  /** Offsets an application appended per enquiry while it drained its backlog, by kind of topic. */
  private void budget(String guarantee, String application, Map<String, Long> appended, long enquiries) {
    long total = 0;
    for (Map.Entry<String, Long> kind : RecordBudget.byKind(appended).entrySet()) {
      budgetRows.add(List.of(guarantee, application, kind.getKey(), Report.fmt((double) kind.getValue() / enquiries, 2)));
      total += kind.getValue();
    }
    budgetRows.add(List.of(guarantee, application, "**all**", "**" + Report.fmt((double) total / enquiries, 2) + "**"));
    StringBuilder byTopic = new StringBuilder();
    appended.forEach((topic, n) -> byTopic.append("\n    ").append(topic).append(' ')
        .append(Report.fmt((double) n / enquiries, 2)));
    Progress.line(guarantee + ": " + application + " appended " + Report.fmt((double) total / enquiries, 2)
        + " offsets per enquiry:" + byTopic);
  }

  /** The router's lead latency at half its own measured capacity, by guarantee, to set beside the passthrough's. */
  private final Map<String, Percentiles> halfCapacityLeads = new LinkedHashMap<>();
  private final Map<String, Double> halfCapacityRates = new LinkedHashMap<>();
  private final List<List<String>> halfCapacityRows = new ArrayList<>();

  /**
   * The passthrough and the router's shape at the rate the router ran at half its capacity, each on
   * topics of its own, after the router stopped: "no more than twice the passthrough's p99 at the
   * same rate". The shape also runs at each of the fixed rates: what its four commits alone give.
   */
  private void baselinesAtHalfCapacity(BenchStack stack, SyntheticEnquiries people, String guarantee, String tag,
      Percentiles router) throws Exception {
    double perSecond = halfCapacityRates.get(guarantee);
    double load = Machine.loadAverage();
    String passPrefix = "bench-pass-lat-" + tag + ".";
    String output = passPrefix + "enquiries-out";
    var enquiries = stack.serdes().value(Topics.ENQUIRIES).deserializer();
    Percentiles pass = baselineLatency(stack, people, guarantee, passPrefix, "passthrough",
        List.of(new NewTopic(output, Topics.PARTITIONS, (short) 1)),
        new LatencyRun.Outputs(List.of(), bytes -> "", output, bytes -> enquiries.deserialize(output, bytes).getEnquiryId()),
        input -> Passthrough.buildTopology(stack.serdes(), input, output), List.of(perSecond)).get(0);
    double ratio = router.p99() / pass.p99();
    Progress.line(guarantee + ": at half capacity router p99 " + ms(router.p99()) + ", passthrough p99 " + ms(pass.p99()));
    String shapeAtHalf = "n/a";
    String overShape = "n/a";
    if (shape()) {
      String shapePrefix = "bench-shape-lat-" + tag + ".";
      List<String> leadTopics = RouterShape.outputTopics(shapePrefix).stream()
          .filter(t -> !t.equals(RouterShape.decisionTopic(shapePrefix))).toList();
      List<Double> shapeRates = new ArrayList<>(rates);
      shapeRates.add(perSecond);
      List<Percentiles> shape = baselineLatency(stack, people, guarantee, shapePrefix, "shape",
          RouterShape.outputTopics(shapePrefix).stream().map(t -> new NewTopic(t, Topics.PARTITIONS, (short) 1)).toList(),
          new LatencyRun.Outputs(leadTopics, RouterShape::enquiryId, RouterShape.decisionTopic(shapePrefix), RouterShape::enquiryId),
          input -> RouterShape.buildTopology(input, shapePrefix), shapeRates);
      for (int i = 0; i < shapeRates.size(); i++) {
        Percentiles p = shape.get(i);
        shapeLatencyRows.add(List.of(guarantee, rate(shapeRates.get(i)) + (i == rates.size() ? " (half the router's capacity)" : ""),
            ms(p.p50()), ms(p.p99()), ms(p.max())));
      }
      Percentiles half = shape.get(shape.size() - 1);
      shapeAtHalf = ms(half.p50()) + " / " + ms(half.p99());
      overShape = Report.fmt(router.p99() / half.p99(), 2) + "×";
    }
    halfCapacityRows.add(List.of(guarantee, rate(perSecond), ms(router.p50()) + " / " + ms(router.p99()),
        ms(pass.p50()) + " / " + ms(pass.p99()), Report.fmt(ratio, 2) + "×", shapeAtHalf, overShape,
        (ratio <= 2 ? "met" : "missed") + " (≤ 2×)", Report.fmt(load, 2)));
  }

  private final List<List<String>> shapeLatencyRows = new ArrayList<>();

  /**
   * A baseline application's lead latency at each rate, warmed first by a backlog of 5,000
   * enquiries, as the router is warmed by its drain before it is timed.
   */
  private List<Percentiles> baselineLatency(BenchStack stack, SyntheticEnquiries people, String guarantee, String prefix,
      String name, List<NewTopic> outputTopics, LatencyRun.Outputs outputs, Function<String, Topology> topology,
      List<Double> perSecond) throws Exception {
    String input = Topics.ENQUIRIES.name(prefix);
    List<NewTopic> topics = new ArrayList<>(outputTopics);
    topics.add(Topics.ENQUIRIES.newTopic(prefix, (short) 1));
    stack.createTopics(topics);
    Path state = workDir.resolve("state-" + prefix);
    TpsBulkLoad.deleteRecursively(state);
    List<Percentiles> leads = new ArrayList<>();
    try (Passthrough app = Passthrough.start(topology.apply(input),
        Passthrough.streamsProperties(prefix + name, stack.bootstrapServers(), guarantee, state,
            Integer.parseInt(routerSetting("commit.interval.ms")), Integer.parseInt(routerSetting("producer.linger.ms"))))) {
      int warm = 5_000;
      stack.produceEnquiries(input, people, nextIndex, warm);
      nextIndex += warm;
      DrainCounter warmed = new DrainCounter(warm);
      try (OutputWatch watch = new OutputWatch(stack.committedReaderConfig(), List.of(outputs.decisionTopic()), false, warmed)) {
        if (!warmed.await(watch, Duration.ofMinutes(2))) {
          throw new IllegalStateException("the " + name + " did not take its warm-up enquiries within 2 minutes");
        }
      }
      for (double rate : perSecond) {
        Progress.line(guarantee + ": " + name + " latency at " + rate(rate) + " enquiries/s");
        LatencyRun.Result r = LatencyRun.run(stack, input, outputs, people, nextIndex, rate, latencySeconds, Duration.ofSeconds(60));
        nextIndex += r.enquiries() + 1_000;
        // The passthrough has no leads: its copy is what it delivers.
        Percentiles p = outputs.leadTopics().isEmpty() ? r.decisionsLatency() : r.leads();
        Progress.line(guarantee + ": " + name + " p50 " + ms(p.p50()) + " p99 " + ms(p.p99()) + " max " + ms(p.max()));
        leads.add(p);
      }
    }
    return leads;
  }

  private void quiet(BenchStack stack, SyntheticEnquiries people, String prefix, LatencyRun.Outputs outputs) {
    Duration silence = io.leadpipeline.config.Settings.parseDuration("--quiet-silence", quietSilence);
    Progress.line("quiet: " + quietProbes + " probes, each after " + silence.toSeconds() + " s of silence");
    double load = Machine.loadAverage();
    QuietProbe.Result r = QuietProbe.run(stack, Topics.ENQUIRIES.name(prefix), outputs, people, nextIndex, quietProbes,
        silence, Duration.ofSeconds(60),
        (n, decided, millis) -> Progress.line("quiet: probe " + n + (decided ? " decided, " : " NOT decided, ")
            + Report.fmt(millis, 0) + " ms until seen; load average " + Machine.loadAverage()));
    nextIndex += quietProbes + 1_000;
    report.block("quiet").section("Quiet moments: one enquiry after " + silence.toSeconds() + " s of silence",
        "The router (exactly_once_v2, as deployed) receives nothing for " + silence.toSeconds() + " s, then one "
            + "enquiry; repeated " + quietProbes + " times. Each lead and the decision are timed from the send to the "
            + "poll of a `read_committed` consumer that returned them. An idle router pays in full for what a busy "
            + "one shares between enquiries: a fresh read of the suppression end offsets after the enquiry, the "
            + "barrier's next look, the next transaction commit. Load average at the start " + Report.fmt(load, 2)
            + ", at the end " + Report.fmt(Machine.loadAverage(), 2) + ".");
    report.table(List.of("probes", "undecided", "leads timed", "lead p50", "lead p99", "lead max", "decision p50",
            "decision p99", "target"),
        List.of(List.of(Integer.toString(r.probes()), fmt(r.undecided()), fmt(r.leads().count()), ms(r.leads().p50()),
            ms(r.leads().p99()), ms(r.leads().max()), ms(r.decisions().p50()), ms(r.decisions().p99()),
            (r.undecided() == 0 && r.leads().max() < 500 ? "met" : "missed") + " (every lead < 500 ms)")));
  }

  /** Milliseconds this JVM's JIT compiler threads have spent compiling, in all. */
  private static long jitMillis() {
    var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
  }

  private static void awaitReady(RouterUnderTest router) {
    if (!router.awaitReady(Duration.ofMinutes(2))) {
      throw new IllegalStateException("the router did not become ready within 2 minutes");
    }
  }

  private void passthrough(BenchStack stack, SyntheticEnquiries people, String guarantee, String tag) throws Exception {
    String prefix = "bench-pass-" + tag + ".";
    String output = prefix + "enquiries-out";
    passthroughRates.put(guarantee, baselineDrain(stack, people, guarantee, prefix, "passthrough",
        "passthrough (same serde)", List.of(new NewTopic(output, Topics.PARTITIONS, (short) 1)), output,
        input -> Passthrough.buildTopology(stack.serdes(), input, output)));
  }

  private void routerShape(BenchStack stack, SyntheticEnquiries people, String guarantee, String tag) throws Exception {
    String prefix = "bench-shape-" + tag + ".";
    List<NewTopic> outputs = RouterShape.outputTopics(prefix).stream()
        .map(t -> new NewTopic(t, Topics.PARTITIONS, (short) 1)).toList();
    shapeRates.put(guarantee, baselineDrain(stack, people, guarantee, prefix, "shape", "router's shape, no rules",
        outputs, RouterShape.decisionTopic(prefix), input -> RouterShape.buildTopology(input, prefix)));
  }

  /**
   * Drains a backlog of enquiries through a baseline application with the router's settings; its
   * rate (outputs on {@code counted}, one per enquiry) goes into the throughput table.
   */
  private double baselineDrain(BenchStack stack, SyntheticEnquiries people, String guarantee, String prefix,
      String name, String label, List<NewTopic> outputs, String counted,
      Function<String, Topology> topology) throws Exception {
    String input = Topics.ENQUIRIES.name(prefix);
    List<NewTopic> topics = new ArrayList<>(outputs);
    topics.add(Topics.ENQUIRIES.newTopic(prefix, (short) 1));
    stack.createTopics(topics);
    Progress.line(guarantee + ": writing a backlog of " + backlog() + " enquiries for the " + name);
    stack.produceEnquiries(input, people, 0, backlog());
    Path state = workDir.resolve("state-" + prefix);
    TpsBulkLoad.deleteRecursively(state);
    try (TimedDrain drain = new TimedDrain(stack, prefix, prefix + name, counted);
        Passthrough app = Passthrough.start(topology.apply(input),
            Passthrough.streamsProperties(prefix + name, stack.bootstrapServers(), guarantee, state,
                Integer.parseInt(routerSetting("commit.interval.ms")), Integer.parseInt(routerSetting("producer.linger.ms"))))) {
      Progress.line(guarantee + ": " + name + " draining the backlog (" + app.state() + ")");
      return drain.measure(guarantee, label, name);
    }
  }

  private void latency(BenchStack stack, SyntheticEnquiries people, String guarantee, String prefix,
      LatencyRun.Outputs outputs) throws Exception {
    List<Double> loads = new ArrayList<>(rates);
    Double capacity = routerRates.get(guarantee);
    double saturation = capacity != null && Double.isFinite(capacity) ? capacity : 2 * rates.stream().mapToDouble(d -> d).max().orElse(1000);
    if (capacity != null && Double.isFinite(capacity)) {
      halfCapacityRates.put(guarantee, capacity / 2);
      loads.add(capacity / 2);
    }
    loads.add(-saturation);
    if (warmUpSeconds > 0) {
      double rate = rates.get(0);
      long jit = jitMillis();
      LatencyRun.Result w = LatencyRun.run(stack, Topics.ENQUIRIES.name(prefix), outputs, people, nextIndex, rate,
          warmUpSeconds, Duration.ofSeconds(60), List.of());
      nextIndex += w.enquiries() + 1_000;
      Progress.line(guarantee + ": warm-up at " + rate(rate) + " enquiries/s for " + warmUpSeconds + " s, not recorded: "
          + "p99 " + ms(w.leads().p99()) + ", JIT compiling " + fmt(jitMillis() - jit) + " ms");
    }
    for (double offered : loads) {
      boolean saturated = offered < 0;
      double perSecond = Math.abs(offered);
      double load = Machine.loadAverage();
      Progress.line(guarantee + ": latency at " + rate(perSecond) + " enquiries/s for " + latencySeconds + " s"
          + (saturated ? " (saturation)" : ""));
      List<String> hopTopics = hopBreakdown ? RouterUnderTest.hopTopics(prefix + "router") : List.of();
      StreamThreadTime threadBefore = routerClients == null ? null : routerClients.read();
      long jit = jitMillis();
      LatencyRun.Result r = LatencyRun.run(stack, Topics.ENQUIRIES.name(prefix), outputs, people, nextIndex, perSecond,
          latencySeconds, Duration.ofSeconds(60), hopTopics);
      nextIndex += r.enquiries() + 1_000;
      if (!saturated && Objects.equals(halfCapacityRates.get(guarantee), perSecond)) {
        halfCapacityLeads.put(guarantee, r.leads());
      }
      latencyRows.add(List.of(guarantee, (saturated ? "saturation: " : "") + rate(perSecond), rate(r.sentPerSecond()),
          fmt(r.enquiries()) + (r.complete() ? "" : " (" + fmt(r.enquiries() - r.decisions()) + " undecided)"),
          fmt(r.leads().count()), ms(r.leads().p50()), ms(r.leads().p99()), ms(r.leads().p999()), ms(r.leads().max()),
          ms(r.decisionsLatency().p99()), fmt(jitMillis() - jit), Report.fmt(load, 2)));
      Progress.line(guarantee + ": leads p50 " + ms(r.leads().p50()) + " p99 " + ms(r.leads().p99()) + " max " + ms(r.leads().max()));
      if (!hopTopics.isEmpty() && r.hops().isEmpty() && r.leads().count() > 0) {
        // The names are the topology's Repartitioned names; a renamed hop must not pass unnoticed.
        throw new IllegalStateException("--hop-breakdown saw no enquiry on every one of " + hopTopics
            + ": are these still the router's repartition topics?");
      }
      if (threadBefore != null) {
        threadTime(guarantee, (saturated ? "saturation: " : "") + rate(perSecond), routerClients.read().since(threadBefore));
      }
      if (!r.hops().isEmpty()) {
        List<String> row = new ArrayList<>(List.of(guarantee, (saturated ? "saturation: " : "") + rate(perSecond)));
        r.hops().forEach(h -> row.add(ms(h.p50()) + " / " + ms(h.p99()) + " / " + ms(h.max()) + " (" + ms(h.slowestMean()) + ")"));
        hopRows.add(row);
        Progress.line(guarantee + ": by hop (p50 / p99 / max, slowest 1 % mean) " + row.subList(2, row.size()));
      }
    }
    if (profile() && guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)) {
      profileAtSaturation(stack, people, prefix, outputs, saturation);
    }
  }

  /**
   * One more run at saturation, recorded with JFR and not timed: the recording keeps the JIT
   * compilers busy for most of a core (42–44 s of compiling in a 40 s run), so a timed row
   * recorded with it would time the recording.
   */
  private void profileAtSaturation(BenchStack stack, SyntheticEnquiries people, String prefix,
      LatencyRun.Outputs outputs, double saturation) {
    Progress.line("exactly_once_v2: profiling at " + rate(saturation) + " enquiries/s for " + latencySeconds
        + " s (not timed)");
    Profiler profiler = Profiler.start(workDir.resolve("router-saturation.jfr"));
    try {
      LatencyRun.Result p = LatencyRun.run(stack, Topics.ENQUIRIES.name(prefix), outputs, people, nextIndex, saturation,
          latencySeconds, Duration.ofSeconds(60), List.of());
      nextIndex += p.enquiries() + 1_000;
    } finally {
      routerProfile = profiler.stop();
      routerProfileRate = saturation;
    }
  }

  private void threadTime(String guarantee, String offered, StreamThreadTime spent) {
    List<String> row = new ArrayList<>(List.of(guarantee, offered));
    spent.shares().forEach(s -> row.add(Report.fmt(100 * s.wall(), 1) + " % (" + Report.fmt(100 * s.offCpu(), 1) + ")"));
    row.add(spent.queuedShare().map(q -> Report.fmt(100 * q, 1) + " %").orElse("—"));
    threadTimeRows.add(row);
    Progress.line(guarantee + ": stream thread's time (processing, send, commit, poll, other; off a core in brackets;"
        + " waiting for a core) " + row.subList(2, row.size()));
  }

  private void profileSection(Path jfr, double perSecond) {
    try {
      JfrSummary s = JfrSummary.read(jfr, JfrSummary::streamThread, 15);
      report.block("profile").section("Profile: the router's stream thread at saturation (" + rate(perSecond) + " enquiries/s, exactly_once_v2)",
          "JFR execution samples (JDK `profile` settings, every 10 ms of CPU) of the router's stream thread "
              + "(`<application id>-<uuid>-StreamThread-<n>`; not its producer's network thread, named after it), "
              + "recorded in-process during a run at saturation after the timed ones, itself not timed (the recording "
              + "keeps the JIT compilers busy); the recording is `" + jfr + "` "
              + "(`jfr print --events jdk.ExecutionSample` / `jfr summary` read it). " + fmt(s.samples()) + " samples.");
      profileTables(s);
    } catch (Exception e) {
      report.text("The profile could not be read: " + e);
    }
  }

  private void profileTables(JfrSummary s) {
      List<List<String>> rows = new ArrayList<>();
      s.byComponent().forEach((c, n) -> rows.add(List.of(c, fmt(n), pct(n, s.samples()))));
      report.text("By component (each sample charged to the innermost frame of a known library or of our code):");
      report.table(List.of("component", "samples", "share"), rows);
      List<List<String>> hot = new ArrayList<>();
      s.hotMethods().forEach(e -> hot.add(List.of("`" + e.getKey() + "`", fmt(e.getValue()), pct(e.getValue(), s.samples()))));
      report.text("Hottest methods (self time):");
      report.table(List.of("method", "samples", "share"), hot);
      List<List<String>> ours = new ArrayList<>();
      s.ourMethodsInclusive().forEach(e -> ours.add(List.of("`" + e.getKey() + "`", fmt(e.getValue()), pct(e.getValue(), s.samples()))));
      report.text("Our own methods, with everything they call (inclusive):");
      report.table(List.of("method", "samples", "share"), ours);
  }

  private void propagation(BenchStack stack, SyntheticEnquiries people, String prefix) throws Exception {
    Progress.line("propagation: " + propagationSamples + " do-not-call writes through the suppression-service");
    double load = Machine.loadAverage();
    Path state = workDir.resolve("service-state");
    TpsBulkLoad.deleteRecursively(state);
    PropagationBench.Result r;
    try (SuppressionService service = PropagationBench.startService(stack, prefix, RouterUnderTest.SECRET, state)) {
      r = PropagationBench.run(stack, service, prefix, people, nextIndex, propagationSamples, 10, Duration.ofSeconds(60));
    }
    nextIndex += propagationSamples + 1_000;
    report.block("propagation").section("Suppression propagation: write acknowledged → router enforcing it",
        "A do-not-call is posted to the suppression-service's `/v1/do-not-call` (the real service, in process, "
            + "acks=all); the moment its 2xx arrives an enquiry from that number is sent, one the person typed "
            + "themselves (so without the do-not-call the call would be permitted). Measured: acknowledgement → "
            + "that enquiry's decision visible to a `read_committed` consumer with the call withheld for "
            + "DO_NOT_CALL. Any other decision is a violation of the ordering guarantee. 10 writes/s, "
            + "exactly_once_v2, router settings as deployed (the offset barrier included).");
    report.table(List.of("samples", "enforced", "violations", "no decision", "p50", "p99", "p99.9", "max",
            "HTTP write round trip p50 / p99", "load avg"),
        List.of(List.of(fmt(r.samples()), fmt(r.enforced()), fmt(r.violations()), fmt(r.missing()),
            ms(r.ackToEnforced().p50()), ms(r.ackToEnforced().p99()), ms(r.ackToEnforced().p999()),
            ms(r.ackToEnforced().max()), ms(r.writeRoundTrip().p50()) + " / " + ms(r.writeRoundTrip().p99()),
            Report.fmt(load, 2))));
    Progress.line("propagation: p50 " + ms(r.ackToEnforced().p50()) + " p99 " + ms(r.ackToEnforced().p99())
        + ", violations " + r.violations());
  }

  private void writeRouterSections() {
    if (!throughputRows.isEmpty()) {
      report.block("throughput").section("Throughput: passthrough vs full router",
          "Each application drains the same backlog of " + fmt(backlog()) + " synthetic enquiries (every one valid, "
              + "a new person, matching 3 of 4 partners in its city; half typed their own number; every tenth "
              + "is on the TPS register and typed their number, so the lookup finds it and consent overrides it) "
              + "written before it starts. The first " + fmt(drainWarmUp) + " warm it up and are not timed: its "
              + "start-up, the JIT compilers' first work on its code and the broker's on its kind of traffic fall "
              + "there (`--drain-warm-up`). Rate = outputs per second between the 10 % and 90 % marks of the next "
              + fmt(records) + " outputs becoming visible to a `read_committed` consumer; for the router "
              + "an output is its one `RoutingDecision` per enquiry (each also writes up to 3 leads). Each runs "
              + "one stream thread, `commit.interval.ms=" + routerSetting("commit.interval.ms") + "` and producer `linger.ms="
              + routerSetting("producer.linger.ms") + "`, with TCP buffers sized by the operating system, as the router is deployed.");
      report.text("CPU per enquiry is the CPU time of the application's own threads (its stream thread, its "
          + "producer's network thread, the router's end-offset reader: every thread named with its application id) "
          + "over the rate's own window, from the output at the 10 % mark to the one at 90 %, divided by the "
          + "enquiries decided in it; the broker's own work is not in it. The harness prints it by thread too. "
          + "Machine busy is how many of the machine's " + Machine.current().cores() + " cores were not idle over "
          + "the same window, on average (`/proc/stat`): the application, the broker, the registry and the "
          + "harness's reader together; machine CPU per enquiry is that time divided by the same enquiries, so "
          + "rate × machine CPU per enquiry = machine busy. A rate can rise only as far as the idle cores allow "
          + "or as that figure falls. Of the busy cores, the JIT compilers of every JVM on the machine (the "
          + "harness's, the broker's, the registry's; their `C1`/`C2 CompilerThread`s in `/proc`) kept so many busy. "
          + "The cold rate is the warm-up's own, between its 10 % and 90 % marks, as every drain was timed before "
          + "the warm-up was added: compare earlier figures with it. Both figures move between runs on this shared "
          + "machine (a busier machine costs more CPU per enquiry), so compare means of runs alternated with a baseline.");
      report.table(List.of("guarantee", "application", "outputs", "start → last output", "warm-up, cold (enquiries/s)",
              "enquiries/s", "CPU per enquiry (µs)", "machine busy (cores)", "of which JIT compiling (cores)",
              "machine CPU per enquiry (µs)", "load avg"),
          throughputRows);
      List<List<String>> ratios = new ArrayList<>();
      for (String g : guarantees) {
        Double pass = passthroughRates.get(g);
        Double router = routerRates.get(g);
        Double shape = shapeRates.get(g);
        Double allocation = allocationRates.get(g);
        if (pass != null && router != null) {
          ratios.add(List.of(g, Report.fmt(100 * router / pass, 1) + " %",
              shape == null ? "n/a" : Report.fmt(100 * shape / pass, 1) + " %",
              shape == null ? "n/a" : Report.fmt(100 * router / shape, 1) + " %",
              allocation == null ? "n/a" : Report.fmt(100 * router / allocation, 1) + " %",
              Double.isNaN(ceilingRate) ? "n/a" : Report.fmt(100 * router / ceilingRate, 2) + " %",
              Double.isNaN(ceilingRate) ? "n/a" : Report.fmt(100 * pass / ceilingRate, 2) + " %",
              g.equals(StreamsConfig.EXACTLY_ONCE_V2) ? (router / pass >= 0.5 ? "met" : "missed") + " (≥ 50 %)" : "—"));
        }
      }
      if (!shapeRates.isEmpty()) {
        report.text("The router's shape without its rules (`RouterShape`) carries the enquiries' bytes through the "
            + "router's three hops, writes and removes each in a hold store, and in the single allocation task "
            + "writes the allocation step's store records and three leads and a decision, each about the size of "
            + "the router's, with no decoding, rule or lookup. Shape ÷ passthrough is what any router with these "
            + "hops and writes reaches here; router ÷ shape is what the router's own work costs.");
      }
      if (!allocationRates.isEmpty()) {
        report.text("The allocation step alone: the router as deployed, on topics of its own, given the same number "
            + "of enquiries already screened (validated by the router's own code, with the facts and register loads "
            + "its suppression stages find for them here) on its allocation hop, and nothing on its input. Its one "
            + "stream thread then does nothing but allocate: its rate is the allocation stage's single-thread "
            + "ceiling, the rate past which allocation, a single writer by design, must scale out however fast the "
            + "stages before it become. Router ÷ allocation alone is how close the whole router comes to it.");
      }
      report.table(List.of("guarantee", "router ÷ passthrough", "shape ÷ passthrough", "router ÷ shape",
          "router ÷ allocation alone", "router ÷ ceiling",
          "passthrough ÷ ceiling", "target"), ratios);
      if (!budgetRows.isEmpty()) {
        report.text("What each appended to the broker per enquiry while it drained: the growth of the end offsets "
            + "of every topic under its prefix, so records and, under exactly-once, the transaction markers each "
            + "commit writes into every partition it wrote. The broker does work for each one; an application "
            + "appending n per enquiry cannot pass the ceiling ÷ n.");
        report.table(List.of("guarantee", "application", "topics", "offsets per enquiry"), budgetRows);
      }
    }
    if (!latencyRows.isEmpty()) {
      report.block("latency").section("Latency: enquiry produced → lead visible to a read_committed consumer",
          "Open-loop load at a fixed rate for " + Report.fmt(latencySeconds, 0) + " s; each lead is timed from its "
              + "enquiry's scheduled send time (so a stalled sender cannot hide queueing) to the poll that returned "
              + "it. Saturation = the offered load equal to the drain rate the router reached above. Percentiles "
              + "from HdrHistogram 2.2.2 (3 significant digits), in milliseconds. The router runs as deployed: "
              + "each enquiry waits at the suppression offset barrier (docs/ordering.md; `suppression.clock-skew-bound` "
              + routerSetting("suppression.clock-skew-bound") + ", `suppression.barrier-tick` "
              + routerSetting("suppression.barrier-tick") + ") and `commit.interval.ms` is "
              + routerSetting("commit.interval.ms") + ". "
              + (warmUpSeconds > 0 ? "Before the first run, " + warmUpSeconds + " s of load at the first rate, not "
                  + "recorded (`--warm-up-seconds`): the drain warms the router at full speed, but under paced load the "
                  + "JIT compilers went on compiling for half a minute after it. " : "")
              + "JIT = the time this JVM's compiler threads (router, load generator and consumers) spent compiling "
              + "during the run, in ms: the harness's own warm-up, competing for the two cores.");
      report.table(List.of("guarantee", "offered/s", "sent/s", "enquiries", "leads", "p50", "p99", "p99.9", "max",
          "decision p99", "JIT", "load avg"), latencyRows);
    }
    if (!hopRows.isEmpty()) {
      report.text("Where each lead's time went, by hop (`--hop-breakdown`): a further read_committed consumer notes "
          + "when each enquiry first became visible on each internal topic; each segment runs from the previous "
          + "one's end (the first from the scheduled send) and includes that hop's processing and the commit that "
          + "made it visible. p50 / p99 / max in ms over the enquiries seen everywhere, and in brackets the "
          + "segment's mean over the slowest 1 % end to end:");
      report.table(List.of("guarantee", "offered/s", "sent → by-phone", "→ by-subject (barrier)", "→ allocation",
          "→ first lead"), hopRows);
    }
    if (!threadTimeRows.isEmpty()) {
      report.text("Where the router's stream thread spent its time during each run (`--client-timing`): each of its "
          + "calls on its producer and main consumer timed in wall time and in the thread's CPU time, as a share of its "
          + "wall time. Processing is the time between calls (Kafka Streams and the router's own code); commit is "
          + "`flush`, `sendOffsetsToTransaction`, `commitTransaction` and `beginTransaction`; `poll` includes waiting for "
          + "records when there are none. In brackets the share spent off a core: waiting for a broker's answer, or "
          + "for a core on this busy machine. The last column is the kernel's word on the latter: the share of the "
          + "thread's time it was runnable but kept waiting for a core (`/proc/thread-self/schedstat`, read at each poll).");
      report.table(List.of("guarantee", "offered/s", "processing", "`send`", "commit", "`poll`", "other",
          "waiting for a core"), threadTimeRows);
    }
    if (!halfCapacityRows.isEmpty()) {
      report.text("At half the router's own measured capacity, beside the passthrough at the same rate in the same run "
          + "(its own topics, started after the router stopped and warmed by a backlog of 5,000 enquiries, as the router "
          + "drained its own before it was timed; its p50 / p99 are enquiry sent → copy visible):");
      report.table(List.of("guarantee", "offered/s", "router lead p50 / p99", "passthrough p50 / p99",
          "router p99 ÷ passthrough p99", "shape lead p50 / p99", "router p99 ÷ shape p99", "target", "load avg"),
          halfCapacityRows);
    }
    if (!shapeLatencyRows.isEmpty()) {
      report.text("The router's shape without its rules (`RouterShape`, the throughput section), warmed the same way, "
          + "at the fixed rates and at half the router's capacity: what its three hops and four commits in a row give "
          + "with no work of the router's. Lead p50 / p99 / max in ms:");
      report.table(List.of("guarantee", "offered/s", "p50", "p99", "max"), shapeLatencyRows);
    }
  }

  private void writeProfileSection() {
    if (routerProfile != null) {
      profileSection(routerProfile, routerProfileRate);
    }
  }

  private void tps(BenchStack stack) throws Exception {
    Duration timeout = io.leadpipeline.config.Settings.parseDuration("--tps-timeout", tpsTimeout);
    Path dir = workDir.resolve("tps");
    Progress.line("TPS: writing a register file of " + fmt(tpsNumbers) + " numbers");
    long t = System.nanoTime();
    Path file = RegisterFile.write(dir.resolve("register-" + tpsNumbers + ".txt"), tpsNumbers);
    double generated = (System.nanoTime() - t) / 1e9;
    String prefix = "bench-tps.";
    stack.createCatalogue(prefix);
    double load = Machine.loadAverage();
    Progress.line("TPS: ingest-tps in a child JVM with -Xmx512m");
    TpsBulkLoad.Ingest in = TpsBulkLoad.ingest(stack, prefix, RouterUnderTest.SECRET, file, tpsNumbers, dir, "512m", profile(), timeout);
    report.block("tps").section("TPS bulk load: " + fmt(tpsNumbers) + " numbers",
        "A synthetic full register file (" + fmt(tpsNumbers) + " distinct valid London numbers with dates, "
            + Report.fmt(Files.size(file) / 1e6, 0) + " MB, written in " + Report.fmt(generated, 1) + " s or reused) "
            + "loaded by the suppression-service's own CLI, `ingest-tps --register TPS --full`, in a child JVM "
            + "with `-Xmx512m`: parse, key (HMAC), diff against the empty previous register, publish to "
            + "`suppression.tps` (acks=all) and record the load. Peak RSS is the kernel's VmHWM polled every "
            + "100 ms; peak heap is the fullest the heap was before a collection (`-Xlog:gc`).");
    report.table(List.of("numbers", "exit", "wall time (JVM start → exit)", "service's own timing", "records written",
            "numbers/s", "peak RSS", "peak heap", "heap committed", "GCs", "target", "load avg"),
        List.of(List.of(fmt(in.numbers()), Integer.toString(in.exitCode()), Report.fmt(in.wallSeconds(), 1) + " s",
            in.serviceMillis() < 0 ? "n/a" : Report.fmt(in.serviceMillis() / 1000.0, 1) + " s", fmt(in.recordsWritten()),
            rate(in.numbers() / in.wallSeconds()), mb(in.peakRssBytes()), mb(in.peakHeapBytes()), mb(in.heapCommittedBytes()),
            Integer.toString(in.collections()),
            targetVerdict(in),
            Report.fmt(load, 2))));
    if (in.profile() != null) {
      try {
        JfrSummary s = JfrSummary.read(in.profile(), name -> true, 10);
        report.text("Where the ingest's time goes (JFR in the child JVM, all threads, " + fmt(s.samples())
            + " samples; `" + in.profile() + "`; JFR was on during the run above):");
        profileTables(s);
      } catch (Exception e) {
        report.text("The ingest profile could not be read: " + e);
      }
    }
    if (in.exitCode() != 0) {
      report.text("The ingest failed; its log is `" + in.log() + "`. The router restore was not measured.");
      return;
    }
    routerRestore(stack, prefix, timeout);
  }

  /** The ingest's own timing (from reading the file to the load recorded) against 120 s; heap against 512 MB. */
  private String targetVerdict(TpsBulkLoad.Ingest in) {
    double seconds = in.serviceMillis() >= 0 ? in.serviceMillis() / 1000.0 : in.wallSeconds();
    boolean met = in.exitCode() == 0 && seconds <= 120 && in.peakHeapBytes() <= 512L << 20;
    return (met ? "met" : "missed") + " (ingest ≤ 120 s, heap ≤ 512 MB)"
        + (tpsNumbers == 20_000_000 ? "" : " — stated for 20 M");
  }

  private void routerRestore(BenchStack stack, String prefix, Duration timeout) throws Exception {
    RouterUnderTest.writeRegisterLoads(stack, prefix, Register.CTPS);
    Path state = workDir.resolve("state-tps");
    TpsBulkLoad.deleteRecursively(state);
    String app = prefix + "router";
    String tpsTopic = Topics.SUPPRESSION_TPS.name(prefix);
    // The run is meant to take about ten minutes; reading 20 M numbers into RocksDB takes longer here.
    Duration budget = io.leadpipeline.config.Settings.parseDuration("--tps-router-budget", tpsRouterBudget);
    Duration limit = budget.compareTo(timeout) < 0 ? budget : timeout;
    List<List<String>> rows = new ArrayList<>();
    boolean partial = false; // the first start stopped at the budget: the restore restores what it read
    long read = tpsNumbers;
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      for (int i = 0; i < 2; i++) {
        boolean first = i == 0;
        String step = first ? "first start: read suppression.tps into the versioned store"
            : "restart on an empty state dir: restore from the changelog";
        double load = Machine.loadAverage();
        Progress.line("TPS: router " + step);
        long start = System.nanoTime();
        double seconds;
        boolean done = false;
        long left = 0;
        try (RouterUnderTest router = RouterUnderTest.start(RouterUnderTest.settings(
            stack, prefix, app, StreamsConfig.EXACTLY_ONCE_V2, state, routerSettings))) {
          long deadline = start + limit.toNanos();
          while (System.nanoTime() < deadline) {
            if (router.isReady() && ((!first && partial) || TpsBulkLoad.lag(admin, app, tpsTopic) == 0)) {
              done = true;
              break;
            }
            LockSupport.parkNanos(250_000_000);
          }
          seconds = (System.nanoTime() - start) / 1e9;
          if (!done) {
            left = TpsBulkLoad.lag(admin, app, tpsTopic);
          }
        }
        long[] size = TpsBulkLoad.sizeOf(state, "suppression-tps");
        String time;
        if (done && !first && partial) {
          time = Report.fmt(seconds, 1) + " s for the " + fmt(read) + " records read above; all " + fmt(tpsNumbers)
              + " ≈ " + Report.fmt(seconds * tpsNumbers / Math.max(1, read), 0) + " s (extrapolated)";
        } else if (done) {
          time = Report.fmt(seconds, 1) + " s";
        } else if (first && left < tpsNumbers) {
          partial = true;
          read = tpsNumbers - left;
          time = "stopped after " + Report.fmt(seconds, 0) + " s with " + fmt(read) + " of " + fmt(tpsNumbers)
              + " read (" + rate(read / seconds) + " records/s); all ≈ "
              + Report.fmt(seconds * tpsNumbers / Math.max(1, read), 0) + " s (extrapolated)";
        } else {
          time = "not done in " + Report.fmt(seconds, 0) + " s";
        }
        rows.add(List.of(step, time, mb(size[1]), mb(size[0]), Report.fmt(load, 2)));
        Progress.line("TPS: " + step + ": " + time + "; state " + mb(size[0]));
        if (!done && !partial) {
          break;
        }
        TpsBulkLoad.deleteRecursively(state);
      }
    }
    report.text("The router (exactly_once_v2) on the loaded register: time from `LeadRouter.start` until it is "
        + "ready (RUNNING, restored, registers fresh) and its group has read `suppression.tps` to the end, each "
        + "step timed for at most `--tps-router-budget` (" + tpsRouterBudget + ") so the run stays near ten minutes; "
        + "a step stopped early reports its rate and an extrapolation, the restore then restores what was read. "
        + "RocksDB footprint = bytes under the state dir (the TPS store's own directories / all stores).");
    report.table(List.of("step", "time to ready and caught up", "TPS store on disk", "state dir total", "load avg"), rows);
  }

  private static List<String> latencyRow(String run, io.leadpipeline.bench.latency.Percentiles p) {
    return List.of(run, fmt(p.count()), Report.fmt(p.p50(), 1) + " ms", Report.fmt(p.p99(), 1) + " ms",
        Report.fmt(p.p999(), 1) + " ms", Report.fmt(p.max(), 1) + " ms");
  }

  private static String fmt(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String rate(double perSecond) {
    return Report.fmt(perSecond, 0);
  }

  private static String ms(double millis) {
    return Report.fmt(millis, millis < 10 ? 1 : 0);
  }

  private static String mb(long bytes) {
    return Report.fmt(bytes / (1024.0 * 1024), 0) + " MiB";
  }

  private static String pct(long n, long of) {
    return Report.fmt(100.0 * n / Math.max(1, of), 1) + " %";
  }
}
