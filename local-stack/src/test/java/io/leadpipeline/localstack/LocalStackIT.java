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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@Timeout(120)
@ExtendWith(LocalStackExtension.class)
class LocalStackIT {

    private static final Pattern ID = Pattern.compile("\\{\\s*\"id\"\\s*:\\s*(\\d+)\\s*}");

    @Test
    void compactedTopicKeepsItsConfig(LocalStack stack) throws Exception {
        NewTopic topic = new NewTopic("local-stack-it.compacted", 1, (short) 1).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));

        stack.createTopics(List.of(topic));
        stack.createTopics(List.of(topic));

        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
        try (Admin admin = Admin.create(stack.adminConfig())) {
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
            assertThat(config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value()).isEqualTo("LogAppendTime");
        }
    }

    @Test
    void committedTransactionIsReadCommitted(LocalStack stack) {
        String topic = "local-stack-it.transactions";
        stack.createTopics(List.of(new NewTopic(topic, 1, (short) 1)));

        Map<String, Object> producerConfig = new HashMap<>(stack.adminConfig());
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "local-stack-it");
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "enquiry-1", "hello"));
            producer.commitTransaction();
        }

        Map<String, Object> consumerConfig = new HashMap<>(stack.adminConfig());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "local-stack-it");
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                        return !received.isEmpty();
                    });
        }
        assertThat(received).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("enquiry-1");
            assertThat(record.value()).isEqualTo("hello");
        });
    }

    @Test
    void avroSchemaRegisteredThroughCompatApiIsFetchedById(LocalStack stack) throws Exception {
        String schema = "{\"type\":\"record\",\"name\":\"Ping\",\"namespace\":\"io.leadpipeline.it\","
                + "\"fields\":[{\"name\":\"at\",\"type\":\"long\"}]}";
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(
                        URI.create(stack.schemaRegistryUrl() + "/subjects/local-stack-it-value/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":" + jsonString(schema) + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        Matcher id = ID.matcher(registered.body());
        assertThat(id.matches()).as(registered.body()).isTrue();

        HttpResponse<String> fetched = http.send(HttpRequest.newBuilder(
                        URI.create(stack.schemaRegistryUrl() + "/schemas/ids/" + id.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(200);
        assertThat(fetched.body()).contains("\"schema\":" + jsonString(schema));
    }

    private static String jsonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
