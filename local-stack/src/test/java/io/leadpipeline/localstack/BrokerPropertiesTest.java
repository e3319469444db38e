package io.leadpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerPropertiesTest {

    private final Properties properties = BrokerProperties.singleNode(9092, 9093, Path.of("/data/kafka"));

    @Test
    void listensOnLoopbackForClientsAndController() {
        assertThat(properties.getProperty("listeners"))
                .isEqualTo("PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
        assertThat(properties.getProperty("controller.quorum.bootstrap.servers")).isEqualTo("127.0.0.1:9093");
    }

    @Test
    void advertisesOnlyTheClientListener() {
        assertThat(properties.getProperty("advertised.listeners"))
                .isEqualTo("PLAINTEXT://127.0.0.1:9092")
                .doesNotContain("CONTROLLER");
    }

    @Test
    void internalTopicsNeedOnlyOneReplica() {
        assertThat(properties).containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("min.insync.replicas", "1");
    }

    @Test
    void consumerGroupsRebalanceWithoutDelay() {
        assertThat(properties).containsEntry("group.initial.rebalance.delay.ms", "0");
    }

    @Test
    void socketBuffersAreSizedByTheOperatingSystem() {
        assertThat(properties).containsEntry("socket.receive.buffer.bytes", "-1")
                .containsEntry("socket.send.buffer.bytes", "-1");
    }

    @Test
    void keepsTheLogInTheGivenDirectory() {
        assertThat(properties).containsEntry("log.dirs", Path.of("/data/kafka").toAbsolutePath().toString());
    }

    @Test
    void writtenFileReadsBackUnchanged(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("server.properties");

        BrokerProperties.write(properties, file);

        Properties read = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            read.load(in);
        }
        assertThat(read).isEqualTo(properties);
    }

    @Test
    void clusterBrokersKeepThreeReplicasTwoInSyncAndNoUncleanElection() {
        Properties broker = BrokerProperties.clusterBroker(2, 9192, 9093, Path.of("/data/kafka-2"), 3);

        assertThat(broker).containsEntry("process.roles", "broker")
                .containsEntry("node.id", "2")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9192")
                .containsEntry("controller.quorum.bootstrap.servers", "127.0.0.1:9093")
                .containsEntry("default.replication.factor", "3")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2")
                .containsEntry("unclean.leader.election.enable", "false");
    }

    @Test
    void clusterControllerHasNoClientListener() {
        Properties controller = BrokerProperties.controller(100, 9093, Path.of("/data/controller"), 3);

        assertThat(controller).containsEntry("process.roles", "controller")
                .containsEntry("listeners", "CONTROLLER://127.0.0.1:9093")
                .containsEntry("auto.leader.rebalance.enable", "false")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("default.replication.factor", "3")
                .containsEntry("unclean.leader.election.enable", "false")
                .doesNotContainKey("advertised.listeners");
    }
}
