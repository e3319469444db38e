package io.leadpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The three-broker stack: one controller and three brokers, RF 3, two replicas must acknowledge;
 * a broker killed with SIGKILL loses no acknowledged write and comes back into sync; a paused
 * broker is fenced; leaders move where they are told.
 */
@Tag("integration")
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIT {

    private LocalStack stack;

    @BeforeAll
    void start() {
        stack = LocalStack.builder().brokers(3).build().start();
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void topicsGetThreeReplicasAndTwoMustAcknowledge() throws Exception {
        assertThat(stack.brokerIds()).containsExactly(1, 2, 3);
        assertThat(stack.bootstrapServers().split(",")).hasSize(3);
        String topic = "cluster-it.defaults";
        stack.createTopics(List.of(new NewTopic(topic, 3, stack.replicationFactor())));

        TopicPartition p0 = new TopicPartition(topic, 0);
        assertThat(stack.leaders().replicas(p0)).hasSize(3);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(stack.adminConfig())) {
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
            assertThat(config.get("unclean.leader.election.enable").value()).isEqualTo("false");
        }
    }

    @Test
    void killedLeaderLosesNoAcknowledgedWriteAndRejoinsTheIsr() throws Exception {
        String topic = "cluster-it.kill";
        stack.createTopics(List.of(new NewTopic(topic, 1, stack.replicationFactor())));
        TopicPartition p = new TopicPartition(topic, 0);
        try (KafkaProducer<String, String> producer = producer()) {
            RecordMetadata before = producer.send(new ProducerRecord<>(topic, "k", "before")).get(30, TimeUnit.SECONDS);
            int victim = stack.leaders().leaderOf(p).orElseThrow();

            stack.killBroker(victim);

            RecordMetadata during = producer.send(new ProducerRecord<>(topic, "k", "during")).get(60, TimeUnit.SECONDS);
            assertThat(during.offset()).isEqualTo(before.offset() + 1);
            assertThat(stack.leaders().leaderOf(p)).hasValueSatisfying(id -> assertThat(id).isNotEqualTo(victim));
            assertThat(stack.leaders().inSyncReplicas(p)).doesNotContain(victim).hasSize(2);

            stack.startBroker(victim);

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> stack.leaders().inSyncReplicas(p).contains(victim));
            assertThat(producer.send(new ProducerRecord<>(topic, "k", "after")).get(30, TimeUnit.SECONDS).offset())
                    .isEqualTo(during.offset() + 1);
        }
    }

    @Test
    void acksAllIsRefusedWithOnlyOneReplicaLeft() throws Exception {
        String topic = "cluster-it.min-isr";
        stack.createTopics(List.of(new NewTopic(topic, 1, stack.replicationFactor())));
        TopicPartition p = new TopicPartition(topic, 0);
        int leader = stack.leaders().leaderOf(p).orElseThrow();
        List<Integer> followers = stack.leaders().replicas(p).stream().filter(id -> id != leader).toList();

        followers.forEach(stack::stopBroker);
        // Without retries the broker's refusal reaches the caller instead of a delivery timeout.
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.RETRIES_CONFIG, 0))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> stack.leaders().inSyncReplicas(p).size() == 1);
            try {
                producer.send(new ProducerRecord<>(topic, "k", "alone")).get(60, TimeUnit.SECONDS);
                throw new AssertionError("an acks=all write was acknowledged by one replica");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(NotEnoughReplicasException.class);
            }
        } finally {
            followers.forEach(stack::startBroker);
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> stack.leaders().inSyncReplicas(p).size() == 3);
    }

    @Test
    void pausedBrokerIsFencedAndComesBack() throws Exception {
        String topic = "cluster-it.pause";
        stack.createTopics(List.of(new NewTopic(topic, 1, stack.replicationFactor())));
        TopicPartition p = new TopicPartition(topic, 0);
        int victim = stack.leaders().leaderOf(p).orElseThrow();

        stack.pauseBroker(victim);
        try {
            // Past broker.session.timeout.ms the controller fences it and elects another leader.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> stack.leaders().leaderOf(p).filter(id -> id != victim).isPresent());
            try (KafkaProducer<String, String> producer = producer()) {
                assertThat(producer.send(new ProducerRecord<>(topic, "k", "while paused")).get(60, TimeUnit.SECONDS)
                        .offset()).isZero();
            }
        } finally {
            stack.resumeBroker(victim);
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> stack.leaders().inSyncReplicas(p).contains(victim));
    }

    @Test
    void leaderMovesToTheChosenBroker() {
        String topic = "cluster-it.move";
        stack.createTopics(List.of(new NewTopic(topic, 2, stack.replicationFactor())));
        TopicPartition p = new TopicPartition(topic, 0);
        for (int broker : stack.brokerIds()) {
            stack.leaders().moveLeader(p, broker);
            assertThat(stack.leaders().leaderOf(p)).contains(broker);
            assertThat(stack.leaders().replicas(p)).first().isEqualTo(broker);
        }
    }

    private KafkaProducer<String, String> producer() {
        return producer(Map.of());
    }

    private KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(stack.adminConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
