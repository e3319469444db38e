package io.leadpipeline.reliability.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.localstack.BrokerSecurity;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.reliability.corpus.BadEnquiries;
import io.leadpipeline.reliability.harness.ChildJvm;
import io.leadpipeline.reliability.harness.Pipeline;
import io.leadpipeline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole pipeline on a broker that trusts nobody: SASL/SCRAM-SHA-512 over TLS, the KRaft
 * StandardAuthorizer, deny by default, and exactly the ACLs of {@link DeploymentAcls}. The router,
 * the suppression-service and the partner import get their logins only through the {@code
 * kafka.*} passthrough settings; the router routes an enquiry written by the website principal,
 * the partner reads its lead with its own login, and the website principal cannot read it.
 */
@Tag("integration")
class SecuredPipelineIT {

  @Test
  @Timeout(480)
  void theApplicationsRunUnderTheirOwnLoginsAndOnlyTheDeploymentAcls() throws Exception {
    BrokerSecurity security = BrokerSecurity.scram("admin", "admin-secret")
        .user(Pipeline.ROUTER, "router-secret")
        .user(Pipeline.SERVICE, "service-secret")
        .user(Pipeline.PARTNER_IMPORT, "import-secret")
        .user(Pipeline.WEBSITE, "website-secret")
        .user("partner-harbour", "harbour-secret")
        .withTls();
    try (LocalStack stack = LocalStack.builder().security(security).build().start()) {
      Pipeline pipeline = new Pipeline(stack, "secured");
      List<AclBinding> acls = new ArrayList<>();
      acls.addAll(DeploymentAcls.router(pipeline.prefix, Pipeline.ROUTER, pipeline.prefix + "router"));
      acls.addAll(DeploymentAcls.suppressionService(pipeline.prefix, Pipeline.SERVICE));
      acls.addAll(DeploymentAcls.partnerImport(pipeline.prefix, Pipeline.PARTNER_IMPORT));
      acls.addAll(DeploymentAcls.websiteProducer(pipeline.prefix, Pipeline.WEBSITE));
      acls.addAll(DeploymentAcls.partner(pipeline.prefix, PartnerKind.OPERATOR, "harbour", "partner-harbour"));
      try (Admin admin = Admin.create(stack.adminConfig())) {
        admin.createAcls(acls).all().get();
        await().atMost(Duration.ofSeconds(30))
            .until(() -> admin.describeAcls(AclBindingFilter.ANY).values().get().containsAll(acls));
      }

      pipeline.importPartners("""
          [{"partnerId": "harbour", "name": "Harbour", "kind": "OPERATOR", "cities": ["London"],
            "maxDesks": 100, "officeTypes": ["SERVICED"]}]
          """);
      try (ChildJvm service = pipeline.startService()) {
        for (String register : List.of("TPS", "CTPS")) {
          var a = pipeline.api().send("/v1/tps/files?register=" + register + "&kind=FULL", "text/plain",
              "02079460999,2020-01-01\n".getBytes(StandardCharsets.UTF_8), "POST");
          assertThat(a.status()).as(a.body()).isEqualTo(200);
        }
        Enquiry e = BadEnquiries.valid(pipeline.prefix.replace(".", ""), 1).build();
        assertThat(pipeline.api().optOut(e.getContact().getEmail(), "EMAIL_MARKETING").status()).isEqualTo(200);
        try (ChildJvm router = pipeline.startRouter(0)) {
          pipeline.awaitRouterReady(0, router);
          try (KafkaProducer<String, Enquiry> website = pipeline.website()) {
            website.send(new ProducerRecord<>(Topics.ENQUIRIES.name(pipeline.prefix), e.getEnquiryId(), e)).get();
          }
          String leads = Topics.leads(PartnerKind.OPERATOR, "harbour").name(pipeline.prefix);
          List<Lead> received = readAs(pipeline, stack.clientConfig("partner-harbour"), "harbour.crm", leads);
          assertThat(received).singleElement().satisfies(l -> {
            assertThat(l.getEnquiryId()).isEqualTo(e.getEnquiryId());
            assertThat(l.getMarketingPermitted()).as("the opt-out written by the service reached the router").isFalse();
          });
          assertThatThrownBy(() -> readAs(pipeline, stack.clientConfig(Pipeline.WEBSITE), "website.peek", leads))
              .isInstanceOf(TopicAuthorizationException.class);
          assertThat(router.isAlive()).isTrue();
        }
      }
    }
  }

  private static List<Lead> readAs(Pipeline pipeline, Map<String, Object> login, String group, String topic) {
    Map<String, Object> c = new HashMap<>(login);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    var values = pipeline.serdes().value(Topics.leads(PartnerKind.OPERATOR, "harbour")).deserializer();
    List<Lead> out = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), values)) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (out.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> out.add(r.value()));
      }
    }
    return out;
  }
}
