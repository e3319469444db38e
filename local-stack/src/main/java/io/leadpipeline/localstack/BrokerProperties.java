package io.leadpipeline.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The {@code server.properties} of the stack's KRaft nodes for development and tests: one node that
 * is both broker and controller, or a cluster of one controller and several brokers.
 */
final class BrokerProperties {

    private BrokerProperties() {
    }

    static Properties singleNode(int port, int controllerPort, Path logDir) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        // A dynamic quorum, formatted with --standalone: the one Kafka 4 recommends.
        p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        // Kafka refuses to start if the controller listener is advertised.
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());

        // One broker: every internal topic must be satisfied by a single replica.
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");

        // Small and fast: tests should not wait for rebalances or create 50-partition internal topics.
        p.setProperty("num.partitions", "3");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.num.partitions", "5");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "4");
        // The default 128 MiB would be a quarter of the broker's heap.
        p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        // TCP buffers sized by the operating system, as the router's clients' are: on loopback a
        // fixed 100 KiB let the kernel drop segments, each a retransmission timeout (200 ms or more).
        p.setProperty("socket.receive.buffer.bytes", "-1");
        p.setProperty("socket.send.buffer.bytes", "-1");
        return p;
    }

    /** The KRaft controller of a cluster: no client listener, formatted with {@code --standalone}. */
    static Properties controller(int nodeId, int controllerPort, Path logDir, int brokers) {
        Properties p = new Properties();
        p.setProperty("process.roles", "controller");
        p.setProperty("node.id", String.valueOf(nodeId));
        p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        p.setProperty("num.partitions", "3");
        durability(p, brokers);
        return p;
    }

    /**
     * Broker {@code nodeId} of a cluster of {@code brokers}: every topic and internal topic has
     * three replicas (or as many as there are brokers), two must acknowledge, and a replica that
     * fell out of sync never becomes leader, so an acknowledged write survives any one broker.
     */
    static Properties clusterBroker(int nodeId, int port, int controllerPort, Path logDir, int brokers) {
        Properties p = singleNode(port, controllerPort, logDir);
        p.setProperty("process.roles", "broker");
        p.setProperty("node.id", String.valueOf(nodeId));
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port);
        durability(p, brokers);
        return p;
    }

    // Both roles need these: in KRaft the controller resolves a topic's default replication factor,
    // keeps min.insync.replicas as a cluster default, and decides leader elections.
    private static void durability(Properties p, int brokers) {
        String replicas = String.valueOf(Math.min(3, brokers));
        String minIsr = String.valueOf(Math.min(2, brokers));
        p.setProperty("default.replication.factor", replicas);
        p.setProperty("min.insync.replicas", minIsr);
        p.setProperty("offsets.topic.replication.factor", replicas);
        p.setProperty("transaction.state.log.replication.factor", replicas);
        p.setProperty("transaction.state.log.min.isr", minIsr);
        p.setProperty("share.coordinator.state.topic.replication.factor", replicas);
        p.setProperty("share.coordinator.state.topic.min.isr", minIsr);
        p.setProperty("unclean.leader.election.enable", "false");
        // Leaders stay where a test put them until it moves them again.
        p.setProperty("auto.leader.rebalance.enable", "false");
    }

    static void write(Properties properties, Path file) {
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "Written by lead-pipeline local-stack");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
