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
 * <p>With {@link Builder#brokers(int) brokers(3)} the broker is a cluster instead: one KRaft
 * controller and three brokers, each its own JVM, topics with three replicas of which two must
 * acknowledge, and no unclean leader election. Tests find, kill, restart, pause and resume each
 * broker by its node id, and move leaders with {@link #leaders()}.
 *
 * <p>Processes are stopped by {@link #close()}, or by a shutdown hook if the JVM exits first. Each
 * carries {@code -Dlead-pipeline.local-stack.owner=<pid of this JVM>} and has a pid file, so a
 * stack left running by a killed JVM is removed the next time any stack starts.
 */
public final class LocalStack implements AutoCloseable {

    /** Default log directory for every stack in this JVM, e.g. {@code target/local-stack-logs}. */
    public static final String LOG_DIR_PROPERTY = "lead-pipeline.local-stack.log-dir";

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    // Generous: on a loaded machine a cluster's five JVMs can take a minute to start.
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    /** The controller's node id in a cluster; brokers are 1..n. */
    static final int CONTROLLER_ID = 100;

    private final int controllerPort;
    private final int registryPort;
    private final Path dataDir;
    private final boolean temporaryDataDir;
    private final Path logDir;
    private final Consumer<String> progress;
    private final List<Node> brokers;
    /** Only in a cluster; a single node is broker and controller at once. */
    private final Node controller;
    private final String clusterId = Uuid.randomUuid().toString();
    private final StackProcess registry;
    private final StackArtifacts artifacts;
    private final BrokerSecurity security;
    private final Map<String, String> extraBrokerProperties;
    private BrokerSecurity.TlsFiles tlsFiles;
    private final Thread shutdownHook = new Thread(this::shutDown, "local-stack-shutdown");
    private final java.util.Set<Integer> paused = new java.util.HashSet<>();
    private boolean closed;

    /** One Kafka process: its node id, client port (0 for the controller), files and process. */
    private record Node(int id, int port, Path kafkaDir, Path serverProperties, StackProcess process) {
    }

    private LocalStack(Builder b, int[] freePorts) {
        int n = b.brokers;
        this.controllerPort = b.controllerPort != 0 ? b.controllerPort : freePorts[n];
        this.registryPort = b.registryPort != 0 ? b.registryPort : freePorts[n + 1];
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
        List<Node> nodes = new ArrayList<>();
        if (n == 1) {
            int port = b.kafkaPort != 0 ? b.kafkaPort : freePorts[0];
            nodes.add(kafkaNode("Kafka broker", 1, port, "kafka", "server.properties", "kafka.log", "512m"));
            this.controller = null;
        } else {
            for (int id = 1; id <= n; id++) {
                int port = id == 1 && b.kafkaPort != 0 ? b.kafkaPort : freePorts[id - 1];
                nodes.add(kafkaNode("Kafka broker " + id, id, port, "kafka-" + id, "broker-" + id + ".properties",
                        "kafka-" + id + ".log", "384m"));
            }
            this.controller = kafkaNode("Kafka controller", CONTROLLER_ID, 0, "kafka-controller",
                    "controller.properties", "kafka-controller.log", "256m");
        }
        this.brokers = List.copyOf(nodes);
        List<String> registryArgs = new ArrayList<>(List.of(
                "-Xmx256m", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + registryPort));
        if (b.persistentRegistry) {
            // Apicurio's default storage is an in-memory H2 database; a file one survives restarts.
            registryArgs.add("-Dapicurio.datasource.url=jdbc:h2:file:" + dataDir.resolve("registry").resolve("schemas"));
        }
        registryArgs.addAll(List.of("-jar", artifacts.registryJar().toString()));
        this.registry = new StackProcess("Apicurio Registry", registryArgs, dataDir, logDir.resolve("registry.log"));
    }

    private Node kafkaNode(String name, int id, int port, String dir, String properties, String log, String heap) {
        Path serverProperties = dataDir.resolve(properties);
        StackProcess process = new StackProcess(name, List.of(
                "-Xmx" + heap, "-Djava.awt.headless=true", log4jConfig(),
                "-cp", artifacts.kafkaClasspath(), "kafka.Kafka", serverProperties.toString()),
                dataDir, logDir.resolve(log));
        return new Node(id, port, dataDir.resolve(dir), serverProperties, process);
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
            prepareKafka();
            progress.accept("starting Kafka " + (isCluster() ? brokers.size() + " brokers" : "broker") + " on "
                    + bootstrapServers() + " and Apicurio Registry on " + schemaRegistryUrl() + " (logs in " + logDir + ")");
            if (controller != null) {
                controller.process().start();
            }
            brokers.forEach(node -> node.process().start());
            registry.start();
            awaitBrokers(brokers, startedAt);
            awaitRegistry(startedAt);
            progress.accept(String.format("local stack ready in %.1f s", secondsSince(startedAt)));
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * {@code host:port} of the client listener: PLAINTEXT, or SASL when the stack is secured. In a
     * cluster, every broker's, comma-separated, so a client starts with any one of them down.
     */
    public String bootstrapServers() {
        return String.join(",", brokers.stream().map(node -> brokerAddress(node.id())).toList());
    }

    /** The number of brokers: 1, or as many as {@link Builder#brokers(int)} asked for. */
    public int brokerCount() {
        return brokers.size();
    }

    /** The brokers' node ids, 1 to {@link #brokerCount()}. */
    public List<Integer> brokerIds() {
        return brokers.stream().map(Node::id).toList();
    }

    /** The replication factor topics of this stack should use: 3 in a cluster (fewer if it is smaller), else 1. */
    public short replicationFactor() {
        return (short) Math.min(3, brokers.size());
    }

    /** {@code host:port} of one broker's client listener. */
    public String brokerAddress(int brokerId) {
        return "127.0.0.1:" + node(brokerId).port();
    }

    /** The operating system's process id of a running broker. */
    public long brokerPid(int brokerId) {
        return node(brokerId).process().pid();
    }

    /** Reads and moves partition leaders of this stack. */
    public Leaders leaders() {
        return new Leaders(adminConfig());
    }

    private boolean isCluster() {
        return controller != null;
    }

    private Node node(int brokerId) {
        return brokers.stream().filter(node -> node.id() == brokerId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no broker " + brokerId + "; brokers are " + brokerIds()));
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

    /** Shuts every broker down cleanly; {@link #startBroker()} brings them back with the same data. */
    public synchronized void stopBroker() {
        brokerIds().forEach(this::stopBroker);
    }

    /** Kills every broker with SIGKILL, leaving its log to be recovered by {@link #startBroker()}. */
    public synchronized void killBroker() {
        brokerIds().forEach(this::killBroker);
    }

    /** Starts every broker that is not running and waits until all answer. */
    public synchronized void startBroker() {
        long startedAt = System.nanoTime();
        List<Node> stopped = brokers.stream().filter(node -> !node.process().isAlive()).toList();
        progress.accept("starting Kafka on " + bootstrapServers());
        stopped.forEach(node -> node.process().start());
        awaitBrokers(stopped, startedAt);
    }

    /** Shuts one broker down cleanly (SIGTERM): it hands its leaderships over first. */
    public synchronized void stopBroker(int brokerId) {
        progress.accept("stopping Kafka broker " + brokerId);
        resumeIfPaused(node(brokerId));
        node(brokerId).process().stop(STOP_GRACE);
    }

    /** Kills one broker with SIGKILL: no clean shutdown, its log recovered at the next start. */
    public synchronized void killBroker(int brokerId) {
        progress.accept("killing Kafka broker " + brokerId + " with SIGKILL");
        node(brokerId).process().kill();
        paused.remove(brokerId);
    }

    /**
     * Starts one broker again on the same port and data, and waits until the cluster lists it.
     * After a kill the controller first waits out the old registration ({@code broker.session.timeout.ms}).
     */
    public synchronized void startBroker(int brokerId) {
        long startedAt = System.nanoTime();
        progress.accept("starting Kafka broker " + brokerId + " on " + brokerAddress(brokerId));
        node(brokerId).process().start();
        awaitBrokers(List.of(node(brokerId)), startedAt);
    }

    /**
     * Freezes one broker with SIGSTOP, as a long GC pause or a stalled VM would: its sockets stay
     * open but it answers nothing, and past {@code broker.session.timeout.ms} the controller fences it.
     */
    public synchronized void pauseBroker(int brokerId) {
        progress.accept("pausing Kafka broker " + brokerId + " with SIGSTOP");
        node(brokerId).process().signal("STOP");
        paused.add(brokerId);
    }

    /** Lets a paused broker run again (SIGCONT). */
    public synchronized void resumeBroker(int brokerId) {
        progress.accept("resuming Kafka broker " + brokerId + " with SIGCONT");
        node(brokerId).process().signal("CONT");
        paused.remove(brokerId);
    }

    private void resumeIfPaused(Node node) {
        if (paused.remove(node.id()) && node.process().isAlive()) {
            node.process().signal("CONT");
        }
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
        // A stopped process cannot act on SIGTERM.
        brokers.forEach(this::resumeIfPaused);
        brokers.forEach(node -> node.process().stop(STOP_GRACE));
        if (controller != null) {
            controller.process().stop(STOP_GRACE);
        }
        if (temporaryDataDir) {
            deleteRecursively(dataDir);
        }
        progress.accept("local stack stopped");
    }

    private void prepareKafka() {
        writeLog4jConfig();
        if (!isCluster()) {
            prepareSingleNode(brokers.get(0));
            return;
        }
        // One cluster id for every node, or the brokers would refuse the controller.
        format(controller, BrokerProperties.controller(CONTROLLER_ID, controllerPort, controller.kafkaDir(), brokers.size()), "--standalone");
        for (Node node : brokers) {
            Properties properties = BrokerProperties.clusterBroker(node.id(), node.port(), controllerPort, node.kafkaDir(),
                    brokers.size());
            properties.putAll(extraBrokerProperties);
            format(node, properties, "--no-initial-controllers");
        }
    }

    private void format(Node node, Properties properties, String quorumOption) {
        BrokerProperties.write(properties, node.serverProperties());
        if (!Files.exists(node.kafkaDir().resolve("meta.properties"))) {
            new StackProcess("Kafka storage format", List.of(
                    log4jConfig(), "-cp", artifacts.kafkaClasspath(), "kafka.tools.StorageTool", "format",
                    quorumOption, "-t", clusterId, "-c", node.serverProperties().toString()),
                    dataDir, logDir.resolve("kafka-format.log")).run(READY_TIMEOUT);
        }
    }

    private void prepareSingleNode(Node node) {
        Path kafkaLogDir = node.kafkaDir();
        Properties properties = BrokerProperties.singleNode(node.port(), controllerPort, kafkaLogDir);
        if (security != null) {
            if (security.tls() && tlsFiles == null) {
                tlsFiles = SelfSignedTls.inDirectory(dataDir.resolve("tls"));
            }
            security.applyTo(properties, node.port(), controllerPort, tlsFiles);
        }
        properties.putAll(extraBrokerProperties);
        BrokerProperties.write(properties, node.serverProperties());
        // Formatting twice would fail: a data directory keeps its cluster id for life.
        if (!Files.exists(kafkaLogDir.resolve("meta.properties"))) {
            List<String> format = new ArrayList<>(List.of(
                    log4jConfig(), "-cp", artifacts.kafkaClasspath(), "kafka.tools.StorageTool", "format",
                    "--standalone", "-t", clusterId, "-c", node.serverProperties().toString()));
            if (security != null) {
                // SCRAM users live in the metadata log: they must exist before the broker first starts.
                format.addAll(security.formatArguments());
            }
            new StackProcess("Kafka storage format", format, dataDir, logDir.resolve("kafka.log")).run(READY_TIMEOUT);
        }
    }

    /** Waits until each of {@code nodes} accepts connections and the cluster lists it. */
    private void awaitBrokers(List<Node> nodes, long startedAt) {
        for (Node node : nodes) {
            String name = isCluster() ? "Kafka broker " + node.id() : "Kafka broker";
            await(node.process(), name, () -> portOpen(node.port()) && clusterLists(node.id()));
        }
        if (controller != null && !controller.process().isAlive()) {
            throw controller.process().failure("Kafka controller exited");
        }
        progress.accept(String.format("Kafka %s ready on %s in %.1f s", nodes.size() == 1 ? "broker" : nodes.size() + " brokers",
                String.join(",", nodes.stream().map(node -> brokerAddress(node.id())).toList()), secondsSince(startedAt)));
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
    // A broker is listed once the controller has registered and unfenced it.
    private boolean clusterLists(int brokerId) {
        Map<String, Object> config = new HashMap<>(adminConfig());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokerAddress(brokerId));
        try (Admin admin = Admin.create(config)) {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).nodes().get().stream()
                    .anyMatch(n -> n.id() == brokerId);
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the broker", e);
        }
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
        private int brokers = 1;
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

        /**
         * {@code 1} (the default): one process that is broker and controller, fastest to start.
         * More: one KRaft controller and this many brokers, each its own JVM, replication factor
         * 3 (or the broker count, if smaller), {@code min.insync.replicas} 2, no unclean leader
         * election. Not combined with {@link #security(BrokerSecurity)}.
         */
        public Builder brokers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("brokers must be at least 1, not " + count);
            }
            this.brokers = count;
            return this;
        }

        /** The client port of the only broker, or of broker 1 in a cluster. */
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
            if (brokers > 1 && security != null) {
                throw new IllegalStateException("a secured stack has one broker; build the cluster without security(...)");
            }
            return new LocalStack(this, FreePorts.pick(brokers + 2));
        }
    }
}
