package io.leadpipeline.router;

import io.leadpipeline.config.ConfigValues;
import io.leadpipeline.config.LogFormat;
import io.leadpipeline.config.Settings;
import io.leadpipeline.config.SharedKeys;
import io.leadpipeline.router.ops.ErrorHandling;
import io.leadpipeline.router.ops.HealthServer;
import io.leadpipeline.router.ops.RestoreTracker;
import io.leadpipeline.router.ops.RouterMetrics;
import io.leadpipeline.router.ordering.OffsetWatch;
import io.leadpipeline.router.ordering.Ordering;
import io.leadpipeline.router.ordering.SkewMonitor;
import io.leadpipeline.router.reoffer.ReofferTopic;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.Topics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * The lead router: a Kafka Streams application plus its HTTP endpoints. {@link #buildTopology}
 * is the one topology, used by tests and benchmarks; {@link #start} is the one production wiring.
 */
public final class LeadRouter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeadRouter.class);
  static final String AVRO_PACKAGES = AvroPackages.PROPERTY;

  private final KafkaStreams streams;
  private final HealthServer http;
  private final PrometheusMeterRegistry registry;
  private final RouterMetrics metrics;
  private final RestoreTracker restores;
  private final KafkaStreamsMetrics streamsMetrics;
  private final OffsetWatch offsets;
  private final SkewMonitor clocks;

  private LeadRouter(
      KafkaStreams streams, HealthServer http, PrometheusMeterRegistry registry, RouterMetrics metrics,
      RestoreTracker restores, KafkaStreamsMetrics streamsMetrics, OffsetWatch offsets, SkewMonitor clocks) {
    this.streams = streams;
    this.http = http;
    this.registry = registry;
    this.metrics = metrics;
    this.restores = restores;
    this.streamsMetrics = streamsMetrics;
    this.offsets = offsets;
    this.clocks = clocks;
  }

  /**
   * The router's topology over {@code serdes}' registry, recording into {@code metrics}, its
   * suppression stages ordered by {@code ordering} (end offsets, clock bound).
   */
  public static Topology buildTopology(RouterConfig config, TopicSerdes serdes, RouterMetrics metrics, Ordering ordering) {
    return RouterTopology.build(config, serdes, metrics, ordering);
  }

  /** Avro refuses to load generated classes unless their package is allowed. */
  static void allowAvroPackages() {
    AvroPackages.allow();
  }

  /** The Kafka Streams configuration the router runs with. */
  static Properties streamsProperties(ConfigValues settings, RouterConfig config, RouterMetrics metrics) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.string(SharedKeys.BOOTSTRAP_SERVERS));
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, settings.string("processing.guarantee").toLowerCase(java.util.Locale.ROOT));
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.integer("num.standby.replicas"));
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.integer("num.stream.threads"));
    // Under exactly-once each of the three internal hops and the leads themselves become visible
    // only at a commit: four commit intervals are the delivery latency floor.
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.integer("commit.interval.ms"));
    // Kafka Streams lingers 100 ms per write by default; with three internal hops that is most
    // of the latency under at_least_once. Exactly-once flushes at each commit anyway.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), settings.integer("producer.linger.ms"));
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, settings.integer("replication.factor"));
    settings.optional("state.dir").ifPresent(dir -> p.put(StreamsConfig.STATE_DIR_CONFIG, dir));
    // No KIP-695 idling: ordering rests on the offset barrier (docs/ordering.md), and with idling on
    // a suppression-stage task, whose suppression partitions are empty most of the time, formats a
    // diagnostic string per partition for every record it processes (11 % of the stream thread).
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    // Punctuators run between polls: an idle poll must be as short as the barrier's tick.
    p.put(StreamsConfig.POLL_MS_CONFIG, config.barrierTick().toMillis());
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, ErrorHandling.Deserialization.class);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ErrorHandling.Processing.class);
    p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ErrorHandling.Production.class);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    p.put(ErrorHandling.DLQ_TOPIC, Topics.ENQUIRIES_DLQ.name(config.topicPrefix()));
    p.put(ErrorHandling.METRICS, metrics);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
    p.putAll(OS_SOCKET_BUFFERS);
    p.putAll(settings.under(SharedKeys.KAFKA));
    return p;
  }

  /**
   * Every client's TCP buffers sized by the operating system (-1), not the clients' fixed 32 or
   * 64 KiB: a fixed receive buffer smaller than what a fetch or produce response brings in at once
   * made the kernel drop segments, and each drop cost a retransmission timeout of 200 ms or more on
   * the enquiry's hop (docs/BENCHMARKS.md, "the router's shape"). {@code kafka.*} settings override it.
   */
  static final Map<String, Object> OS_SOCKET_BUFFERS =
      Map.of(CommonClientConfigs.RECEIVE_BUFFER_CONFIG, -1, CommonClientConfigs.SEND_BUFFER_CONFIG, -1);

  /** Starts Kafka Streams and the HTTP endpoints; returns once started, not necessarily RUNNING. */
  public static LeadRouter start(Settings settings) {
    return start(settings, null, Time.SYSTEM);
  }

  /**
   * As {@link #start(Settings)}, with Kafka Streams' clients from {@code clients} (null: its own)
   * and running on {@code time}: tests delay a consumer or skew the router's clock through these.
   */
  public static LeadRouter start(Settings settings, KafkaClientSupplier clients, Time time) {
    allowAvroPackages();
    ConfigValues values = RouterConfig.DEFINITION.parse(settings);
    RouterConfig config = RouterConfig.from(values);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    RouterMetrics metrics = new RouterMetrics(registry);
    Map<String, Object> clientConfig = clientConfig(settings);
    OffsetWatch offsets = new OffsetWatch(clientConfig, config.applicationId(), metrics::offsetReadFailed);
    SkewMonitor clocks = new SkewMonitor(clientConfig, config.applicationId() + "-clock-probe",
        (short) values.integer("replication.factor"), time, config.clockSkewBound());
    metrics.clockSkew(clocks::worstOffsetMs, clocks::releasesAllowed);
    Ordering ordering = new Ordering(offsets, clocks::releasesAllowed, config.clockSkewBound(), config.barrierTick());
    // The re-offer loop's topic is the router's own, like its internal topics (docs/SPECIFICATION.md §6.8).
    ReofferTopic.create(clientConfig, config.applicationId(), (short) settings.integer("replication.factor", -1));
    Topology topology = buildTopology(config, TopicSerdes.from(settings), metrics, ordering);
    Properties props = streamsProperties(values, config, metrics);
    KafkaStreams streams = clients == null
        ? new KafkaStreams(topology, props, time)
        : new KafkaStreams(topology, props, clients, time);
    RestoreTracker restores = new RestoreTracker(metrics.restoringStores());
    streams.setGlobalStateRestoreListener(restores);
    streams.setUncaughtExceptionHandler(
        e -> {
          // Registry outages and failed transactions land here; a fresh thread retries from the last commit.
          LOG.error("stream thread failed; replacing it: {}", io.leadpipeline.router.ops.Redacted.describe(e));
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.setStateListener((now, before) -> LOG.info("lead-router {} -> {}", before, now));
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    HealthServer http;
    try {
      http = new HealthServer(
          values.integer(SharedKeys.HTTP_PORT),
          registry::scrape,
          () -> streams.state().isRunningOrRebalancing() || streams.state() == KafkaStreams.State.CREATED,
          () -> ready(streams, restores, metrics));
    } catch (IOException e) {
      streams.close();
      offsets.close();
      clocks.close();
      throw new UncheckedIOException("cannot open the HTTP port", e);
    }
    streams.start();
    LOG.info("lead-router started; HTTP on port {}", http.port());
    return new LeadRouter(streams, http, registry, metrics, restores, streamsMetrics, offsets, clocks);
  }

  /** Bootstrap servers and the {@code kafka.*} client settings (security, timeouts) the helper clients share. */
  static Map<String, Object> clientConfig(Settings settings) {
    Map<String, Object> c = new java.util.HashMap<>(OS_SOCKET_BUFFERS);
    settings.under("kafka.").forEach((k, v) -> {
      if (AdminClientConfig.configNames().contains(k)) {
        c.put(k, v);
      }
    });
    c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.require("bootstrap.servers"));
    return c;
  }

  private static boolean ready(KafkaStreams streams, RestoreTracker restores, RouterMetrics metrics) {
    return streams.state() == KafkaStreams.State.RUNNING && !restores.restoring() && !metrics.isStale();
  }

  public int httpPort() {
    return http.port();
  }

  /** RUNNING, every store restored, and suppression data fresh. */
  public boolean isReady() {
    return ready(streams, restores, metrics);
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  public RouterMetrics metrics() {
    return metrics;
  }

  /** Graceful: finishes in-flight work, commits, leaves the group. */
  @Override
  public void close() {
    // Leave the group: otherwise a restarted or replacing router waits out this member's session timeout.
    streams.close(
        CloseOptions.timeout(Duration.ofSeconds(30))
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    streamsMetrics.close();
    offsets.close();
    clocks.close();
    http.close();
    registry.close();
  }

  public static void main(String[] args) {
    allowAvroPackages();
    System.exit(new CommandLine(new Cli()).execute(args));
  }

  static Settings load(Path config) {
    return Settings.load(RouterConfig.DEFINITION, Optional.ofNullable(config), System.getenv(), Map.of());
  }

  /** A command's settings, with their {@code log.format} applied before the command logs anything. */
  static Settings commandSettings(Path config) {
    Settings settings = load(config);
    LogFormat.from(settings).apply();
    return settings;
  }

  @Command(name = "lead-router", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
      subcommands = {Cli.Run.class, Cli.ImportPartners.class},
      description = "Routes enquiries to partners: validate, suppress, match, cap, fan out, audit.")
  static final class Cli implements Callable<Integer> {
    @Override
    public Integer call() {
      new CommandLine(this).usage(System.out);
      return 2;
    }

    /** {@code -V}: the version the runnable jar's manifest carries. */
    static final class Version implements CommandLine.IVersionProvider {
      @Override
      public String[] getVersion() {
        String version = LeadRouter.class.getPackage().getImplementationVersion();
        return new String[] {"lead-router " + (version == null ? "(not from the runnable jar)" : version)};
      }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, description = "Run the router until interrupted.")
    static final class Run implements Callable<Integer> {
      @Option(names = "--config", description = "properties file; LEAD_PIPELINE_* variables override it")
      Path config;

      @Override
      public Integer call() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        LeadRouter router = start(commandSettings(config));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          router.close();
          stopped.countDown();
        }, "lead-router-shutdown"));
        stopped.await();
        return 0;
      }
    }

    @Command(name = "import-partners", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, description = "Write partners from a JSON file to the partners topic, creating their topics.")
    static final class ImportPartners implements Callable<Integer> {
      @Option(names = "--config", description = "properties file; LEAD_PIPELINE_* variables override it")
      Path config;

      @Parameters(index = "0", description = "partners JSON file")
      Path file;

      @Override
      public Integer call() {
        int n = PartnerImport.importPartners(commandSettings(config), file);
        System.out.println("imported " + n + " partners");
        return 0;
      }
    }
  }
}
