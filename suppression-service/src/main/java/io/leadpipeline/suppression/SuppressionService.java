package io.leadpipeline.suppression;

import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.TpsLoad;
import io.leadpipeline.config.Settings;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.suppression.access.RateLimiter;
import io.leadpipeline.suppression.api.ApiServer;
import io.leadpipeline.suppression.api.Endpoints;
import io.leadpipeline.suppression.api.Idempotency;
import io.leadpipeline.suppression.api.SuppressionRoutes;
import io.leadpipeline.suppression.dsar.AccessReports;
import io.leadpipeline.suppression.dsar.DecisionSource;
import io.leadpipeline.suppression.dsar.DsarRoutes;
import io.leadpipeline.suppression.dsar.Erasures;
import io.leadpipeline.suppression.dsar.KafkaDecisionSource;
import io.leadpipeline.suppression.dsar.KafkaNoticeSource;
import io.leadpipeline.suppression.dsar.NoticeSource;
import io.leadpipeline.suppression.ops.ServiceMetrics;
import io.leadpipeline.suppression.rectify.KafkaRectificationSource;
import io.leadpipeline.suppression.rectify.RectificationRoutes;
import io.leadpipeline.suppression.rectify.RectificationSource;
import io.leadpipeline.suppression.rectify.Rectifications;
import io.leadpipeline.suppression.tps.RegisterStore;
import io.leadpipeline.suppression.tps.TpsIngest;
import io.leadpipeline.suppression.tps.TpsRoutes;
import io.leadpipeline.suppression.unsubscribe.UnsubscribeRoutes;
import io.leadpipeline.suppression.unsubscribe.UnsubscribeTokens;
import io.leadpipeline.topics.TopicSerdes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The suppression service: the only writer of {@code suppression.*}. HTTP API, TPS/CTPS ingest,
 * unsubscribe and preference pages, data-subject requests, metrics and health, in one process.
 */
public final class SuppressionService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SuppressionService.class);

  static {
    // Avro refuses to load generated classes from packages it was not told about.
    if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
      System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.leadpipeline.avro");
    }
  }

  private final ServiceConfig config;
  private final ServiceMetrics metrics;
  private final SuppressionLog suppressionLog;
  private final ViewFeeder feeder;
  private final ApiServer server;
  private final SubjectKeys keys;
  private final UnsubscribeTokens tokens;
  private final TpsIngest tpsIngest;
  private volatile boolean closed;

  private SuppressionService(
      ServiceConfig config,
      ServiceMetrics metrics,
      SuppressionLog suppressionLog,
      ViewFeeder feeder,
      ApiServer server,
      SubjectKeys keys,
      UnsubscribeTokens tokens,
      TpsIngest tpsIngest) {
    this.config = config;
    this.metrics = metrics;
    this.suppressionLog = suppressionLog;
    this.feeder = feeder;
    this.server = server;
    this.keys = keys;
    this.tokens = tokens;
    this.tpsIngest = tpsIngest;
  }

  /** Starts the HTTP server and the Kafka clients; returns once the server is serving. */
  public static SuppressionService start(Settings settings) {
    ServiceConfig config = ServiceConfig.from(settings);
    TopicSerdes serdes = new TopicSerdes(config.serdeConfig());
    SuppressionView view = new SuppressionView();
    SuppressionLog kafkaLog = new KafkaSuppressionLog(config.kafkaClientConfig(), serdes, config.topicPrefix());
    ViewFeeder feeder = new ViewFeeder(config.kafkaClientConfig(), serdes, config.topicPrefix(), view);
    feeder.start();
    DecisionSource decisions = new KafkaDecisionSource(config.kafkaClientConfig(), serdes, config.topicPrefix());
    SuppressionService service;
    try {
      NoticeSource notices = new KafkaNoticeSource(config.kafkaClientConfig(), serdes, config.topicPrefix());
      RectificationSource rectifications =
          new KafkaRectificationSource(config.kafkaClientConfig(), serdes, config.topicPrefix());
      service = assemble(config, kafkaLog, view, feeder, decisions, notices, rectifications, Clock.systemUTC());
    } catch (RuntimeException e) {
      feeder.close();
      kafkaLog.close();
      throw e;
    }
    service.awaitView(view);
    return service;
  }

  /**
   * Starts the service over a log and view of the caller's choosing (unit tests use in-memory
   * ones); {@link #start(Settings)} is this with Kafka.
   */
  public static SuppressionService assemble(
      ServiceConfig config,
      SuppressionLog suppressionLog,
      SuppressionView view,
      ViewFeeder feeder,
      DecisionSource decisions,
      NoticeSource notices,
      Clock clock) {
    return assemble(config, suppressionLog, view, feeder, decisions, notices, RectificationSource.NONE, clock);
  }

  /** As above, with the source of the access report's rectifications (docs/SPECIFICATION.md §8.5). */
  public static SuppressionService assemble(
      ServiceConfig config,
      SuppressionLog suppressionLog,
      SuppressionView view,
      ViewFeeder feeder,
      DecisionSource decisions,
      NoticeSource notices,
      RectificationSource rectifications,
      Clock clock) {
    ServiceMetrics metrics = new ServiceMetrics();
    metrics.view(view);
    SubjectKeys keys = new SubjectKeys(config.subjectKeySecret());
    UnsubscribeTokens tokens = new UnsubscribeTokens(config.unsubscribeTokenSecret(), config.unsubscribeTokenTtl(), clock);
    Suppressions suppressions = new Suppressions(suppressionLog, view, metrics, clock);
    RegisterStore registers = new RegisterStore(config.tpsStateDir());
    TpsIngest ingest = new TpsIngest(registers, suppressions, keys, metrics, clock);
    for (Register r : Register.values()) {
      // An unreadable load counts as none: the register reads as stale until the next load.
      metrics.tpsFileAge(
          r.name(), name -> view.tpsLoads().state(name).fold(() -> null, TpsLoad::getLoadedAt, gap -> null), clock);
    }
    List<Consumer<Endpoints>> features = new ArrayList<>();
    features.add(new SuppressionRoutes(suppressions, keys));
    features.add(new TpsRoutes(ingest, config.tpsUploadMaxBytes()));
    features.add(
        new DsarRoutes(
            new AccessReports(view, decisions, notices, rectifications, registers, clock),
            new Erasures(suppressions, decisions), keys));
    Rectifications rectify = new Rectifications(suppressions);
    features.add(new UnsubscribeRoutes(tokens, suppressions, rectify));
    features.add(new RectificationRoutes(rectify, keys));
    ApiServer server =
        new ApiServer(
            config.apiKeys(),
            new RateLimiter(config.rateLimitPerMinute(), System::nanoTime),
            metrics,
            new Idempotency(config.idempotencyTtl(), 100_000, clock),
            () -> view.incompleteBecause()
                .or(() -> suppressionLog.available() ? Optional.empty() : Optional.of("Kafka does not acknowledge writes")),
            () -> view.unreadableRecords().stream().map(SuppressionService::described).toList(),
            features);
    server.start(config.httpHost(), config.httpPort());
    if (config.apiKeys().isEmpty()) {
      log.warn("api.keys is empty: every /v1 call will be refused with 401");
    }
    log.info("suppression service listening on port {}", server.port());
    return new SuppressionService(config, metrics, suppressionLog, feeder, server, keys, tokens, ingest);
  }

  /** An unreadable record for readiness: where and why, never its key. */
  private static java.util.Map<String, Object> described(SuppressionView.Gap gap) {
    return java.util.Map.of("record", gap.where(), "kind", gap.kind().label(), "error", gap.error());
  }

  private void awaitView(SuppressionView view) {
    long deadline = System.nanoTime() + config.startupTimeout().toNanos();
    while (!view.caughtUp() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (!view.caughtUp()) {
      log.warn("suppression data not loaded after {}; writes answer 503 until it is", config.startupTimeout());
    }
  }

  public int httpPort() {
    return server.port();
  }

  /** A signed link to the unsubscribe page for this person, valid for {@code unsubscribe.token.ttl}. */
  public String unsubscribeUrl(String email) {
    String token = tokens.issue(keys.ofEmail(email));
    return config.baseUrl(server.port()) + "/unsubscribe?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  /** The preference page link with the same kind of token. */
  public String preferencesUrl(String email) {
    String token = tokens.issue(keys.ofEmail(email));
    return config.baseUrl(server.port()) + "/preferences?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  public TpsIngest tpsIngest() {
    return tpsIngest;
  }

  public ServiceMetrics metrics() {
    return metrics;
  }

  public List<ApiServer.Route> routes() {
    return server.routes();
  }

  /** Graceful: readiness goes DOWN, in-flight requests finish, then the Kafka clients close. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.beginShutdown();
    try {
      server.close();
    } finally {
      if (feeder != null) {
        feeder.close();
      }
      suppressionLog.flush();
      suppressionLog.close();
      metrics.close();
      log.info("suppression service stopped");
    }
  }

  /** {@code serve --config file}, {@code ingest-tps ...}, {@code hash-api-key ...}: see {@link Cli}. */
  public static void main(String[] args) {
    System.exit(Cli.run(args));
  }
}
