package io.leadpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Starts a stack of its own rather than the extension's, to stop and kill it. Failsafe gives each
 * IT class a fresh JVM here, so every process marked with this JVM's pid belongs to this stack.
 */
@Tag("integration")
@Timeout(180)
class LocalStackLifecycleIT {

    private static final String TOPIC = "local-stack-lifecycle-it";

    @Test
    void survivesBrokerKillAndRegistryRestartThenLeavesNothingBehind() throws Exception {
        LocalStack stack = LocalStack.builder().build().start();
        try (stack) {
            stack.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)));
            produce(stack, "before-kill");

            stack.killBroker();
            stack.startBroker();
            produce(stack, "after-restart");
            assertThat(consumeAll(stack, 2)).containsExactly("before-kill", "after-restart");

            registerSchema(stack);
            stack.stopRegistry();
            stack.startRegistry();
            assertThat(subjects(stack)).as("in-memory registry forgets on restart").isEqualTo("[]");
        }

        assertThat(ProcessHandle.allProcesses()
                .filter(process -> OwnedProcesses.isMarkedBy(process, ProcessHandle.current().pid())))
                .isEmpty();
        assertThat(stack.dataDir()).doesNotExist();
    }

    private static void produce(LocalStack stack, String value) throws Exception {
        Map<String, Object> config = new HashMap<>(stack.adminConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, value)).get();
        }
    }

    private static List<String> consumeAll(LocalStack stack, int expected) {
        Map<String, Object> config = new HashMap<>(stack.adminConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "local-stack-lifecycle-it");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(TOPIC));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= expected;
            });
        }
        return values;
    }

    private static void registerSchema(LocalStack stack) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stack.schemaRegistryUrl() + "/subjects/" + TOPIC + "-value/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\": \"\\\"string\\\"\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static String subjects(LocalStack stack) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + "/subjects")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
