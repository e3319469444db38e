package io.leadpipeline.reliability.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.localstack.BrokerSecurity;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Partners' leads are theirs alone: on a broker with SASL/SCRAM logins, the KRaft
 * StandardAuthorizer and exactly the ACLs of {@link DeploymentAcls}, partner A reads its own lead
 * topic and is refused partner B's, the enquiries and the decisions; it cannot forge a lead or
 * join B's consumer group; a website can write enquiries and read nothing.
 */
@Tag("integration")
@Timeout(240)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartnerIsolationIT {

  static final String PREFIX = "acl-it.";
  static final String A = "harbour-offices";
  static final String B = "city-estates";
  private LocalStack stack;

  @BeforeAll
  void start() throws Exception {
    stack =
        LocalStack.builder()
            .security(
                BrokerSecurity.scram("admin", "admin-secret")
                    .user("lead-router", "router-secret")
                    .user("website", "website-secret")
                    .user("partner-a", "a-secret")
                    .user("partner-b", "b-secret"))
            .build()
            .start();
    List<NewTopic> topics = new ArrayList<>();
    for (TopicSpec<?, ?> t : Topics.fixed()) {
      topics.add(t.newTopic(PREFIX, (short) 1));
    }
    topics.add(Topics.leads(PartnerKind.OPERATOR, A).newTopic(PREFIX, (short) 1));
    topics.add(Topics.notices(PartnerKind.OPERATOR, A).newTopic(PREFIX, (short) 1));
    topics.add(Topics.leads(PartnerKind.LANDLORD, B).newTopic(PREFIX, (short) 1));
    topics.add(Topics.notices(PartnerKind.LANDLORD, B).newTopic(PREFIX, (short) 1));
    stack.createTopics(topics);
    List<AclBinding> acls = new ArrayList<>();
    acls.addAll(DeploymentAcls.router(PREFIX, "lead-router", PREFIX + "router"));
    acls.addAll(DeploymentAcls.websiteProducer(PREFIX, "website"));
    acls.addAll(DeploymentAcls.partner(PREFIX, PartnerKind.OPERATOR, A, "partner-a"));
    acls.addAll(DeploymentAcls.partner(PREFIX, PartnerKind.LANDLORD, B, "partner-b"));
    try (Admin admin = Admin.create(stack.adminConfig())) {
      admin.createAcls(acls).all().get();
      // The broker serves describeAcls from its own authorizer: once it lists them all, it enforces them.
      await().atMost(Duration.ofSeconds(30))
          .until(() -> admin.describeAcls(AclBindingFilter.ANY).values().get().containsAll(acls));
    }
    // The router principal writes one lead to each partner, as the router does.
    try (var router = producer("lead-router")) {
      router.send(new ProducerRecord<>(leadsOf(PartnerKind.OPERATOR, A), "lead-a", "for A")).get();
      router.send(new ProducerRecord<>(leadsOf(PartnerKind.LANDLORD, B), "lead-b", "for B")).get();
    }
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void partnerReadsItsOwnLeads() {
    assertThat(read("partner-a", A + ".leads", leadsOf(PartnerKind.OPERATOR, A)))
        .extracting(ConsumerRecord::value)
        .containsExactly("for A");
    assertThat(read("partner-b", B + ".leads", leadsOf(PartnerKind.LANDLORD, B)))
        .extracting(ConsumerRecord::value)
        .containsExactly("for B");
  }

  @Test
  void partnerCannotReadAnotherPartnersLeads() {
    assertThatThrownBy(() -> read("partner-a", A + ".snoop", leadsOf(PartnerKind.LANDLORD, B)))
        .isInstanceOf(TopicAuthorizationException.class)
        .hasMessageContaining(leadsOf(PartnerKind.LANDLORD, B));
    assertThatThrownBy(() -> read("partner-b", B + ".snoop", leadsOf(PartnerKind.OPERATOR, A)))
        .isInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void partnerCannotReadEnquiriesOrDecisions() {
    assertThatThrownBy(() -> read("partner-a", A + ".enquiries", Topics.ENQUIRIES.name(PREFIX)))
        .isInstanceOf(TopicAuthorizationException.class);
    assertThatThrownBy(() -> read("partner-a", A + ".decisions", Topics.LEAD_DECISIONS.name(PREFIX)))
        .isInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void partnerCannotJoinAnotherPartnersConsumerGroup() {
    assertThatThrownBy(() -> read("partner-a", B + ".leads", leadsOf(PartnerKind.OPERATOR, A)))
        .isInstanceOf(GroupAuthorizationException.class);
  }

  @Test
  void partnerCannotForgeALead() {
    // Without idempotence the producer skips InitProducerId, so the topic's own ACL answers.
    try (var partner = producer("partner-a", Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false))) {
      assertThatThrownBy(() -> partner.send(new ProducerRecord<>(leadsOf(PartnerKind.OPERATOR, A), "x", "forged")).get())
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  void websiteWritesEnquiriesAndReadsNothing() throws Exception {
    try (var website = producer("website")) {
      assertThat(website.send(new ProducerRecord<>(Topics.ENQUIRIES.name(PREFIX), "e-1", "enquiry")).get().offset())
          .isGreaterThanOrEqualTo(0);
    }
    assertThatThrownBy(() -> read("website", "website.any", leadsOf(PartnerKind.OPERATOR, A)))
        .isInstanceOfAny(TopicAuthorizationException.class, GroupAuthorizationException.class);
  }

  private static String leadsOf(PartnerKind kind, String partner) {
    return Topics.leads(kind, partner).name(PREFIX);
  }

  private KafkaProducer<String, String> producer(String user) {
    return producer(user, Map.of());
  }

  private KafkaProducer<String, String> producer(String user, Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(stack.clientConfig(user));
    config.putAll(extra);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  /** Everything on {@code topic}, read in {@code group}; throws the broker's authorization error. */
  private List<ConsumerRecord<String, String>> read(String user, String group, String topic) {
    Map<String, Object> config = new HashMap<>(stack.clientConfig(user));
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline && out.isEmpty()) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
