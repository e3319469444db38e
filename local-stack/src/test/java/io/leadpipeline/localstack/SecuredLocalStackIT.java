package io.leadpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A broker with SCRAM logins over TLS and deny-by-default ACLs, and a registry that keeps its
 * schemas across a restart, started by the same launcher.
 */
@Tag("integration")
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredLocalStackIT {

    private static final String TOPIC = "secured-it.leads";
    private LocalStack stack;

    @BeforeAll
    void start() {
        stack = LocalStack.builder()
                .security(BrokerSecurity.scram("admin", "admin-secret").user("alice", "alice-secret").withTls())
                .persistentRegistry()
                .build().start();
        stack.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)));
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void superUserProducesOverSaslSsl() throws Exception {
        assertThat(stack.adminConfig()).containsEntry("security.protocol", "SASL_SSL");
        try (var producer = new KafkaProducer<>(stack.adminConfig(), new StringSerializer(), new StringSerializer())) {
            assertThat(producer.send(new ProducerRecord<>(TOPIC, "k", "v")).get().offset()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void userWithoutAnAclCannotReadUntilGrantedOne() throws Exception {
        assertThatThrownBy(() -> poll("alice", "alice-secret", "secured-it.alice-denied"))
                .isInstanceOf(TopicAuthorizationException.class);

        try (Admin admin = Admin.create(stack.adminConfig())) {
            admin.createAcls(List.of(
                    allow("alice", ResourceType.TOPIC, TOPIC, AclOperation.READ),
                    allow("alice", ResourceType.GROUP, "secured-it.alice", AclOperation.READ))).all().get();
        }
        poll("alice", "alice-secret", "secured-it.alice");
    }

    @Test
    void wrongPasswordIsRefused() {
        assertThatThrownBy(() -> poll("alice", "not-her-password", "secured-it.wrong"))
                .isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void persistentRegistryKeepsSchemaIdsAcrossARestart() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String schema = "{\"type\":\"record\",\"name\":\"Kept\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(
                        URI.create(stack.schemaRegistryUrl() + "/subjects/secured-it-value/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"" + schema.replace("\"", "\\\"") + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        String id = registered.body().replaceAll("[^0-9]", "");

        stack.stopRegistry();
        stack.startRegistry();

        HttpResponse<String> fetched = http.send(HttpRequest.newBuilder(
                URI.create(stack.schemaRegistryUrl() + "/schemas/ids/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(200);
        assertThat(fetched.body()).contains("Kept");
    }

    private void poll(String user, String password, String group) {
        Map<String, Object> config = new HashMap<>(stack.clientConfig(user, password));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(200));
            }
            assertThat(consumer.assignment()).isNotEmpty();
        }
    }

    private static AclBinding allow(String user, ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }
}
