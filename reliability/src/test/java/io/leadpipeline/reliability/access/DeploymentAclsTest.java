package io.leadpipeline.reliability.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.avro.PartnerKind;
import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class DeploymentAclsTest {

  @Test
  void partnerGetsOnlyLiteralGrantsOnItsOwnTopics() {
    List<AclBinding> acls = DeploymentAcls.partner("prod.", PartnerKind.LANDLORD, "city-estates", "partner-city-estates");

    assertThat(acls)
        .filteredOn(a -> a.pattern().resourceType() == ResourceType.TOPIC)
        .extracting(a -> a.pattern().name() + " " + a.pattern().patternType() + " " + a.entry().operation())
        .containsExactlyInAnyOrder(
            "prod.leads.landlord.city-estates LITERAL READ", "prod.notices.landlord.city-estates LITERAL READ",
            "prod.notices.correction.city-estates LITERAL READ");
    assertThat(acls).allSatisfy(a -> {
      assertThat(a.entry().principal()).isEqualTo("User:partner-city-estates");
      assertThat(a.entry().operation()).isEqualTo(AclOperation.READ);
    });
  }

  @Test
  void partnerGroupPrefixEndsInADotSoNoOtherPartnerIdExtendsIt() {
    assertThat(DeploymentAcls.partner("", PartnerKind.OPERATOR, "ab", "p"))
        .filteredOn(a -> a.pattern().resourceType() == ResourceType.GROUP)
        .singleElement()
        .satisfies(a -> {
          assertThat(a.pattern().name()).isEqualTo("ab.");
          assertThat(a.pattern().patternType()).isEqualTo(PatternType.PREFIXED);
          assertThat("abc.consumer").doesNotStartWith(a.pattern().name());
        });
    assertThatThrownBy(() -> DeploymentAcls.partnerGroupPrefix("a.b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void websiteMayOnlyWriteEnquiries() {
    assertThat(DeploymentAcls.websiteProducer("", "website"))
        .singleElement()
        .satisfies(a -> {
          assertThat(a.pattern().name()).isEqualTo("enquiries");
          assertThat(a.pattern().patternType()).isEqualTo(PatternType.LITERAL);
          assertThat(a.entry().operation()).isEqualTo(AclOperation.WRITE);
        });
  }

  @Test
  void routerOwnsItsGroupTransactionsAndInternalTopicsByApplicationId() {
    List<AclBinding> acls = DeploymentAcls.router("", "lead-router", "lead-router");
    assertThat(acls)
        .extracting(a -> a.pattern().resourceType() + " " + a.pattern().name() + " " + a.pattern().patternType() + " " + a.entry().operation())
        .contains(
            "GROUP lead-router LITERAL READ",
            "TRANSACTIONAL_ID lead-router- PREFIXED WRITE",
            "TOPIC lead-router- PREFIXED ALL",
            "TOPIC leads. PREFIXED WRITE",
            "TOPIC enquiries LITERAL READ")
        .doesNotContain("TOPIC enquiries LITERAL WRITE");
  }

  @Test
  void theRouterReadsPartnersAnswersToReofferRejectedLeads() {
    assertThat(DeploymentAcls.router("", "r", "r"))
        .anySatisfy(a -> {
          assertThat(a.pattern().name()).isEqualTo("portal.responses");
          assertThat(a.entry().operation()).isEqualTo(AclOperation.READ);
        });
  }

  @Test
  void suppressionServiceIsTheOnlyWriterOfSuppressionTopics() {
    assertThat(DeploymentAcls.router("", "r", "r"))
        .noneSatisfy(a -> {
          assertThat(a.pattern().name()).startsWith("suppression.");
          assertThat(a.entry().operation()).isEqualTo(AclOperation.WRITE);
        });
    assertThat(DeploymentAcls.suppressionService("", "suppression-service"))
        .anySatisfy(a -> {
          assertThat(a.pattern().name()).isEqualTo("suppression.");
          assertThat(a.entry().operation()).isEqualTo(AclOperation.WRITE);
        });
  }

  @Test
  void theRouterIsTheOnlyWriterOfNoticesWhichTheServiceOnlyReads() {
    assertThat(DeploymentAcls.router("", "r", "r"))
        .anySatisfy(a -> {
          assertThat(a.pattern().name()).isEqualTo("notices.");
          assertThat(a.entry().operation()).isEqualTo(AclOperation.WRITE);
        });
    assertThat(DeploymentAcls.suppressionService("", "suppression-service"))
        .noneSatisfy(a -> {
          assertThat(a.pattern().name()).startsWith("notices.");
          assertThat(a.entry().operation()).isEqualTo(AclOperation.WRITE);
        })
        .anySatisfy(a -> {
          assertThat(a.pattern().name()).isEqualTo("notices.");
          assertThat(a.entry().operation()).isEqualTo(AclOperation.READ);
        });
  }

  @Test
  void rendersKafkaAclsCommands() {
    String commands = DeploymentAcls.asCommands(DeploymentAcls.partner("", PartnerKind.OPERATOR, "hub-one", "partner-hub-one"));
    assertThat(commands.lines()).containsExactly(
        "kafka-acls.sh --bootstrap-server \"$BOOTSTRAP\" --command-config admin.properties --add --allow-principal User:partner-hub-one --operation Read --topic leads.operator.hub-one",
        "kafka-acls.sh --bootstrap-server \"$BOOTSTRAP\" --command-config admin.properties --add --allow-principal User:partner-hub-one --operation Read --topic notices.operator.hub-one",
        "kafka-acls.sh --bootstrap-server \"$BOOTSTRAP\" --command-config admin.properties --add --allow-principal User:partner-hub-one --operation Read --topic notices.correction.hub-one",
        "kafka-acls.sh --bootstrap-server \"$BOOTSTRAP\" --command-config admin.properties --add --allow-principal User:partner-hub-one --operation Read --group hub-one. --resource-pattern-type prefixed");
  }

  @Test
  void partnerImportCreatesTopicsButReadsNothing() {
    List<AclBinding> acls = DeploymentAcls.partnerImport("", "partner-import");
    assertThat(acls).extracting(a -> a.entry().operation()).containsOnly(AclOperation.CREATE, AclOperation.WRITE);
    assertThat(acls).filteredOn(a -> a.entry().operation() == AclOperation.WRITE)
        .singleElement().satisfies(a -> assertThat(a.pattern().name()).isEqualTo("partners"));
  }
}
