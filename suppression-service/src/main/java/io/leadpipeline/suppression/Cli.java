package io.leadpipeline.suppression;

import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.TpsFileKind;
import io.leadpipeline.config.LogFormat;
import io.leadpipeline.config.Settings;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.suppression.access.ApiKeys;
import io.leadpipeline.suppression.access.Scope;
import io.leadpipeline.suppression.ops.ServiceMetrics;
import io.leadpipeline.suppression.tps.RegisterStore;
import io.leadpipeline.suppression.tps.TpsIngest;
import io.leadpipeline.suppression.tps.TpsRoutes;
import io.leadpipeline.topics.TopicSerdes;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The command line: {@code serve}, {@code ingest-tps}, {@code hash-api-key}. */
@Command(
    name = "suppression-service",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    subcommands = {Cli.Serve.class, Cli.IngestTps.class, Cli.HashApiKey.class, Cli.CreateTopics.class},
    description = "The only writer of suppression data.")
public final class Cli implements Runnable {

  public static int run(String[] args) {
    return new CommandLine(new Cli()).execute(args);
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  static Settings settings(Path config, Map<String, String> overrides) {
    return Settings.load(ServiceConfig.DEFINITION, Optional.ofNullable(config), System.getenv(), overrides);
  }

  /** A command's settings, with their {@code log.format} applied before the command logs anything. */
  static Settings commandSettings(Path config, Map<String, String> overrides) {
    Settings settings = settings(config, overrides);
    LogFormat.from(settings).apply();
    return settings;
  }

  /** {@code -V}: the version the runnable jar's manifest carries. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Cli.class.getPackage().getImplementationVersion();
      return new String[] {"suppression-service " + (version == null ? "(not from the runnable jar)" : version)};
    }
  }

  @Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, description = "Run the HTTP API until stopped (SIGTERM shuts down gracefully).")
  static final class Serve implements Callable<Integer> {
    @Option(names = "--config", description = "Properties file; LEAD_PIPELINE_* variables override it.")
    Path config;

    @Option(names = "-D", description = "Override a setting: -Dhttp.port=8091")
    Map<String, String> overrides = new HashMap<>();

    @Override
    public Integer call() throws InterruptedException {
      SuppressionService service = SuppressionService.start(commandSettings(config, overrides));
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        service.close();
        stopped.countDown();
      }, "suppression-service-shutdown"));
      stopped.await();
      return 0;
    }
  }

  @Command(name = "ingest-tps", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, description = "Load a TPS or CTPS file and record the load.")
  static final class IngestTps implements Callable<Integer> {
    @Option(names = "--config", description = "Properties file; LEAD_PIPELINE_* variables override it.")
    Path config;

    @Option(names = "-D", description = "Override a setting.")
    Map<String, String> overrides = new HashMap<>();

    @Option(names = "--register", required = true, description = "TPS or CTPS")
    Register register;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    FileChoice file;

    static final class FileChoice {
      @Option(names = "--full", description = "A full register file: diffed against the last load.")
      Path full;

      @Option(names = "--changes", description = "A change file: +number[,date] adds, -number removes.")
      Path changes;
    }

    @Override
    public Integer call() throws Exception {
      ServiceConfig cfg = ServiceConfig.from(commandSettings(config, overrides));
      TopicSerdes serdes = new TopicSerdes(cfg.serdeConfig());
      SuppressionView view = new SuppressionView();
      view.markCaughtUp(); // ingest writes whole records; it merges nothing
      Path path = file.full != null ? file.full : file.changes;
      TpsFileKind kind = file.full != null ? TpsFileKind.FULL : TpsFileKind.CHANGES;
      try (SuppressionLog log = new KafkaSuppressionLog(cfg.kafkaClientConfig(), serdes, cfg.topicPrefix());
          ServiceMetrics metrics = new ServiceMetrics();
          InputStream in = Files.newInputStream(path)) {
        long size = Files.size(path);
        Suppressions suppressions = new Suppressions(log, view, metrics, Clock.systemUTC());
        TpsIngest ingest =
            new TpsIngest(new RegisterStore(cfg.tpsStateDir()), suppressions, new SubjectKeys(cfg.subjectKeySecret()), metrics, Clock.systemUTC());
        TpsIngest.Result r =
            ingest.ingest(
                register, kind, path.getFileName().toString(), in, "cli/" + System.getProperty("user.name", "unknown"),
                (stage, lines, bytes) ->
                    System.err.printf("%s: %,d lines, %d%% of the file%n", stage, lines, size == 0 ? 100 : bytes * 100 / size));
        System.out.println(io.leadpipeline.suppression.api.Bodies.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(TpsRoutes.describe(r)));
      }
      return 0;
    }
  }

  @Command(name = "create-topics", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, description = "Create the catalogue's fixed topics that do not exist yet (under topic.prefix).")
  static final class CreateTopics implements Callable<Integer> {
    @Option(names = "--config", description = "Properties file; LEAD_PIPELINE_* variables override it.")
    Path config;

    @Option(names = "-D", description = "Override a setting.")
    Map<String, String> overrides = new HashMap<>();

    @Option(names = "--replication-factor", defaultValue = "3", description = "Default: ${DEFAULT-VALUE}")
    short replicationFactor;

    @Override
    public Integer call() throws Exception {
      ServiceConfig cfg = ServiceConfig.from(commandSettings(config, overrides));
      try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(cfg.kafkaClientConfig())) {
        java.util.Set<String> existing = admin.listTopics().names().get();
        java.util.List<org.apache.kafka.clients.admin.NewTopic> missing = new java.util.ArrayList<>();
        for (var topic : io.leadpipeline.topics.Topics.fixed()) {
          if (!existing.contains(topic.name(cfg.topicPrefix()))) {
            missing.add(topic.newTopic(cfg.topicPrefix(), replicationFactor));
          }
        }
        admin.createTopics(missing).all().get();
        missing.forEach(t -> System.out.println("created " + t.name()));
      }
      return 0;
    }
  }

  @Command(name = "hash-api-key", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, description = "Make an API key: prints the key to give the client and the api.keys entry.")
  static final class HashApiKey implements Callable<Integer> {
    @Option(names = "--id", required = true, description = "The key's public id, e.g. crm")
    String id;

    @Option(names = "--scopes", required = true, split = ",", description = "suppression:write,tps:write,dsar:read,dsar:erase,dsar:rectify")
    Set<String> scopes;

    @Option(names = "--secret", description = "Use this secret instead of a random one.")
    String secret;

    @Override
    public Integer call() {
      Set<Scope> parsed = EnumSet.noneOf(Scope.class);
      for (String s : scopes) {
        parsed.add(Scope.fromLabel(s.strip()).orElseThrow(() -> new IllegalArgumentException("unknown scope " + s)));
      }
      String s = secret;
      if (s == null) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        s = HexFormat.of().formatHex(random);
      }
      System.out.println("key for the client (Authorization: Bearer ...): " + id + "." + s);
      System.out.println("api.keys entry: " + ApiKeys.configLine(id, s, parsed));
      return 0;
    }
  }
}
