package io.leadpipeline.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (single-node KRaft) and a real schema registry (Apicurio Registry, in
 * memory, with its Confluent-compatible API), each its own JVM on 127.0.0.1. The one way the demo
 * and every integration test get Kafka.
 *
 * <p>Processes are stopped by {@link #close()}, or by a shutdown hook if the JVM exits first. Each
 * carries {@code -Dlead-pipeline.local-stack.owner=<pid of this JVM>} and has a pid file, so a
 * stack left running by a killed JVM is removed the next time any stack starts.
 */
public final class LocalStack implements AutoCloseable {

    /** Default log directory for every stack in this JVM, e.g. {@code target/local-stack-logs}. */
    public static final String LOG_DIR_PROPERTY = "lead-pipeline.local-stack.log-dir";

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final int kafkaPort;
    private final int controllerPort;
    private final int registryPort;
    private final Path dataDir;
    private final boolean temporaryDataDir;
    private final Path logDir;
    private final Consumer<String> progress;
    private final StackProcess broker;
    private final StackProcess registry;
    private final StackArtifacts artifacts;
    private final BrokerSecurity security;
    private final Map<String, String> extraBrokerProperties;
    private BrokerSecurity.TlsFiles tlsFiles;
    private final Thread shutdownHook = new Thread(this::shutDown, "local-stack-shutdown");
    private boolean closed;

    private LocalStack(Builder b, int[] freePorts) {
        this.kafkaPort = b.kafkaPort != 0 ? b.kafkaPort : freePorts[0];
        this.controllerPort = b.controllerPort != 0 ? b.controllerPort : freePorts[1];
        this.registryPort = b.registryPort != 0 ? b.registryPort : freePorts[2];
        this.temporaryDataDir = b.dataDir == null;
        this.progress = b.progress;
        this.security = b.security;
        this.extraBrokerProperties = Map.copyOf(b.brokerProperties);
        this.artifacts = StackArtifacts.locate();
        try {
            this.dataDir = temporaryDataDir ? Files.createTempDirectory("lead-pipeline-local-stack-")
                    : Files.createDirectories(b.dataDir);
            this.logDir = Files.createDirectories(b.logDir != null ? b.logDir : defaultLogDir(dataDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.broker = new StackProcess("Kafka broker", List.of(
                "-Xmx512m", "-Djava.awt.headless=true", log4jConfig(),
                "-cp", artifacts.kafkaClasspath(), "kafka.Kafka", serverProperties().toString()),
                dataDir, brokerLog());
        List<String> registryArgs = new ArrayList<>(List.of(
                "-Xmx256m", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + registryPort));
        if (b.persistentRegistry) {
            // Apicurio's default storage is an in-memory H2 database; a file one survives restarts.
            registryArgs.add("-Dapicurio.datasource.url=jdbc:h2:file:" + dataDir.resolve("registry").resolve("schemas"));
        }
        registryArgs.addAll(List.of("-jar", artifacts.registryJar().toString()));
        this.registry = new StackProcess("Apicurio Registry", registryArgs, dataDir, logDir.resolve("registry.log"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts broker and registry side by side and returns once both answer. */
    public synchronized LocalStack start() {
        OwnedProcesses.reapOrphans(progress);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            long startedAt = System.nanoTime();
            prepareBroker();
            progress.accept("starting Kafka broker on " + bootstrapServers() + " and Apicurio Registry on "
                    + schemaRegistryUrl() + " (logs in " + logDir + ")");
            broker.start();
            registry.start();
            awaitBroker(startedAt);
            awaitRegistry(startedAt);
            progress.accept(String.format("local stack ready in %.1f s", secondsSince(startedAt)));
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** {@code host:port} of the client listener: PLAINTEXT, or SASL when the stack is secured. */
    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** Base URL of the Confluent-compatible API, for Confluent serializers' {@code schema.registry.url}. */
    public String schemaRegistryUrl() {
        return "http://127.0.0.1:" + registryPort + "/apis/ccompat/v7";
    }

    /**
     * Enough to create an {@link Admin}; also a start for producer and consumer configs. On a
     * secured stack it logs in as the super user.
     */
    public Map<String, Object> adminConfig() {
        if (security == null) {
            return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        }
        return clientConfig(security.superUser());
    }

    /** The security settings the stack was built with, if any. */
    public Optional<BrokerSecurity> security() {
        return Optional.ofNullable(security);
    }

    /**
     * Client settings that log in as {@code user} of the stack's {@link BrokerSecurity}: bootstrap
     * servers, SASL and, with TLS, the truststore. Only for a secured stack.
     */
    public Map<String, Object> clientConfig(String user) {
        return clientConfig(user, requireSecurity().password(user));
    }

    /** As {@link #clientConfig(String)} with a password of the caller's choosing, wrong ones included. */
    public Map<String, Object> clientConfig(String user, String password) {
        Map<String, Object> config = new HashMap<>(requireSecurity().clientConfig(user, password, tlsFiles));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Map.copyOf(config);
    }

    private BrokerSecurity requireSecurity() {
        if (security == null) {
            throw new IllegalStateException("this stack has no users: build it with security(BrokerSecurity)");
        }
        return security;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logDir() {
        return logDir;
    }

    /** Creates the topics that do not exist yet and waits until the broker has created them. */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = Admin.create(adminConfig())) {
            for (var created : admin.createTopics(topics).values().entrySet()) {
                try {
                    created.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + created.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Topics not created within 30 s", e);
        }
    }

    /** Shuts the broker down cleanly; {@link #startBroker()} brings it back with the same data. */
    public synchronized void stopBroker() {
        progress.accept("stopping Kafka broker");
        broker.stop(STOP_GRACE);
    }

    /** Kills the broker with SIGKILL, leaving its log to be recovered by {@link #startBroker()}. */
    public synchronized void killBroker() {
        progress.accept("killing Kafka broker");
        broker.kill();
    }

    public synchronized void startBroker() {
        long startedAt = System.nanoTime();
        progress.accept("starting Kafka broker on " + bootstrapServers());
        broker.start();
        awaitBroker(startedAt);
    }

    public synchronized void stopRegistry() {
        progress.accept("stopping Apicurio Registry");
        registry.stop(STOP_GRACE);
    }

    /**
     * Starts the registry on the same port. By default its storage is in memory, so every schema
     * registered before {@link #stopRegistry()} is gone: ids restart and clients must register
     * again. With {@link Builder#persistentRegistry()} it comes back with every schema and id.
     */
    public synchronized void startRegistry() {
        long startedAt = System.nanoTime();
        progress.accept("starting Apicurio Registry on " + schemaRegistryUrl());
        registry.start();
        awaitRegistry(startedAt);
    }

    /** Stops both processes and, if the stack chose its data directory, deletes it. */
    @Override
    public synchronized void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is already running this same shutdown.
        }
        shutDown();
    }

    private synchronized void shutDown() {
        if (closed) {
            return;
        }
        closed = true;
        registry.stop(STOP_GRACE);
        broker.stop(STOP_GRACE);
        if (temporaryDataDir) {
            deleteRecursively(dataDir);
        }
        progress.accept("local stack stopped");
    }

    private void prepareBroker() {
        Path kafkaLogDir = dataDir.resolve("kafka");
        Properties properties = BrokerProperties.singleNode(kafkaPort, controllerPort, kafkaLogDir);
        if (security != null) {
            if (security.tls() && tlsFiles == null) {
                tlsFiles = SelfSignedTls.inDirectory(dataDir.resolve("tls"));
            }
            security.applyTo(properties, kafkaPort, controllerPort, tlsFiles);
        }
        properties.putAll(extraBrokerProperties);
        BrokerProperties.write(properties, serverProperties());
        writeLog4jConfig();
        // Formatting twice would fail: a data directory keeps its cluster id for life.
        if (!Files.exists(kafkaLogDir.resolve("meta.properties"))) {
            List<String> format = new ArrayList<>(List.of(
                    log4jConfig(), "-cp", artifacts.kafkaClasspath(), "kafka.tools.StorageTool", "format",
                    "--standalone", "-t", Uuid.randomUuid().toString(), "-c", serverProperties().toString()));
            if (security != null) {
                // SCRAM users live in the metadata log: they must exist before the broker first starts.
                format.addAll(security.formatArguments());
            }
            new StackProcess("Kafka storage format", format, dataDir, brokerLog()).run(READY_TIMEOUT);
        }
    }

    private void awaitBroker(long startedAt) {
        await(broker, "Kafka broker", () -> portOpen(kafkaPort) && clusterAnswers());
        progress.accept(String.format("Kafka broker ready on %s in %.1f s", bootstrapServers(), secondsSince(startedAt)));
    }

    private void awaitRegistry(long startedAt) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest subjects = HttpRequest.newBuilder(URI.create(schemaRegistryUrl() + "/subjects"))
                .timeout(Duration.ofSeconds(5)).build();
        await(registry, "Apicurio Registry", () -> {
            try {
                return http.send(subjects, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the registry", e);
            }
        });
        progress.accept(String.format("Apicurio Registry ready on %s in %.1f s", schemaRegistryUrl(),
                secondsSince(startedAt)));
    }

    private static void await(StackProcess process, String name, BooleanSupplier ready) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw process.failure(name + " exited during start-up");
            }
            if (System.nanoTime() > deadline) {
                throw process.failure(name + " not ready within " + READY_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
        }
    }

    private static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // Only asked once the port accepts, so the admin client does not log a stream of refused connections.
    private boolean clusterAnswers() {
        try (Admin admin = Admin.create(adminConfig())) {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).nodes().get().isEmpty();
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the broker", e);
        }
    }

    private Path serverProperties() {
        return dataDir.resolve("server.properties");
    }

    private Path brokerLog() {
        return logDir.resolve("kafka.log");
    }

    private String log4jConfig() {
        return "-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.properties");
    }

    // The broker writes to stdout, which StackProcess appends to the broker log.
    private void writeLog4jConfig() {
        String config = """
                appender.stdout.type = Console
                appender.stdout.name = STDOUT
                appender.stdout.layout.type = PatternLayout
                appender.stdout.layout.pattern = [%d] %p %m (%c)%n
                rootLogger.level = INFO
                rootLogger.appenderRef.stdout.ref = STDOUT
                """;
        try {
            Files.writeString(dataDir.resolve("log4j2.properties"), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path defaultLogDir(Path dataDir) {
        String configured = System.getProperty(LOG_DIR_PROPERTY);
        return configured != null && !configured.isBlank() ? Path.of(configured) : dataDir.resolve("logs");
    }

    private static double secondsSince(long startedAt) {
        return (System.nanoTime() - startedAt) / 1e9;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}", dir, e);
        }
    }

    /** Ports left at 0 are picked from the free ports on 127.0.0.1. */
    public static final class Builder {
        private int kafkaPort;
        private int controllerPort;
        private int registryPort;
        private Path dataDir;
        private Path logDir;
        private Consumer<String> progress = LOG::info;
        private BrokerSecurity security;
        private boolean persistentRegistry;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Secures the broker: SASL/SCRAM logins (over TLS if asked), the KRaft StandardAuthorizer
         * and deny-by-default ACLs. {@link LocalStack#adminConfig()} then logs in as the super user.
         */
        public Builder security(BrokerSecurity security) {
            this.security = security;
            return this;
        }

        /**
         * Keeps the registry's schemas in a file database in the data directory, so a restarted
         * registry still knows every id, as a production registry (SQL or KafkaSQL storage) does.
         */
        public Builder persistentRegistry() {
            this.persistentRegistry = true;
            return this;
        }

        /** A {@code server.properties} entry of the caller's, applied after (and over) the stack's own. */
        public Builder brokerProperty(String key, String value) {
            this.brokerProperties.put(key, value);
            return this;
        }

        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        public Builder controllerPort(int port) {
            this.controllerPort = port;
            return this;
        }

        public Builder registryPort(int port) {
            this.registryPort = port;
            return this;
        }

        /** Kept after close; without it the stack uses a temporary directory and deletes it. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Where {@code kafka.log} and {@code registry.log} go; by default {@value LocalStack#LOG_DIR_PROPERTY}, else the data dir. */
        public Builder logDir(Path dir) {
            this.logDir = dir;
            return this;
        }

        /** Receives one line per slow step; by default logged at INFO. */
        public Builder progress(Consumer<String> sink) {
            this.progress = sink;
            return this;
        }

        public LocalStack build() {
            return new LocalStack(this, FreePorts.pick(3));
        }
    }
}
