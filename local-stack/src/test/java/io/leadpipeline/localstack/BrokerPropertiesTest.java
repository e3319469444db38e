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
}
