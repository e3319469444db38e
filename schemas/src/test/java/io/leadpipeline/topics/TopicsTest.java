package io.leadpipeline.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.avro.PartnerKind;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void suppressionTopicsAreCompactedAndStampedByTheBroker() {
    for (TopicSpec<?, ?> topic :
        new TopicSpec<?, ?>[] {
          Topics.SUPPRESSION_TPS,
          Topics.SUPPRESSION_CALL_CONSENTS,
          Topics.SUPPRESSION_PREFERENCES,
          Topics.SUPPRESSION_DO_NOT_REPEAT
        }) {
      assertThat(topic.topicConfigs())
          .as(topic.baseName())
          .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact")
          .containsEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
    }
    assertThat(Topics.ENQUIRIES.topicConfigs())
        .containsEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
  }

  @Test
  void erasuresAreAppendOnlyStampedByTheBrokerAndOutliveTheEnquiriesTheyConcern() {
    assertThat(Topics.fixed()).contains(Topics.SUPPRESSION_ERASURES);
    assertThat(Topics.SUPPRESSION_ERASURES.topicConfigs())
        .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "delete")
        .containsEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")
        .containsEntry(
            TopicConfig.RETENTION_MS_CONFIG,
            Topics.ENQUIRIES.topicConfigs().get(TopicConfig.RETENTION_MS_CONFIG));
  }

  @Test
  void rectificationsKeepTheirRawDetailsAWeekAndCorrectionsHaveTheirOwnPartnerTopic() {
    assertThat(Topics.fixed()).contains(Topics.REQUESTS_RECTIFICATIONS);
    assertThat(Topics.REQUESTS_RECTIFICATIONS.topicConfigs())
        .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "delete")
        .containsEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")
        .containsEntry(TopicConfig.RETENTION_MS_CONFIG, Long.toString(java.time.Duration.ofDays(7).toMillis()));
    assertThat(Topics.corrections("hub-7").name("prod.")).isEqualTo("prod.notices.correction.hub-7");
    assertThat(Topics.partnerTopics(PartnerKind.OPERATOR, "hub-7")).contains(Topics.corrections("hub-7"));
    assertThatThrownBy(() -> Topics.corrections("a.b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void joinedTopicsAreCoPartitioned() {
    assertThat(Topics.fixed())
        .extracting(TopicSpec::partitions)
        .containsOnly(Topics.PARTITIONS);
  }

  @Test
  void everyPartnerHasItsOwnLeadTopic() {
    assertThat(Topics.leads(PartnerKind.LANDLORD, "acme-estates").name(null))
        .isEqualTo("leads.landlord.acme-estates");
    assertThat(Topics.leads(PartnerKind.OPERATOR, "hub-7").name("prod."))
        .isEqualTo("prod.leads.operator.hub-7");
    assertThat(Topics.notices(PartnerKind.OPERATOR, "hub-7").name(null))
        .isEqualTo("notices.operator.hub-7");
  }

  @Test
  void partnerIdsThatCouldEscapeTheirTopicAreRefused() {
    assertThatThrownBy(() -> Topics.leads(PartnerKind.LANDLORD, "a.b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Topics.leads(PartnerKind.LANDLORD, "Acme"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Topics.leads(PartnerKind.LANDLORD, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void newTopicCarriesTheCatalogueConfig() {
    var request = Topics.SUPPRESSION_TPS.newTopic("x.", (short) 1);
    assertThat(request.name()).isEqualTo("x.suppression.tps");
    assertThat(request.numPartitions()).isEqualTo(Topics.PARTITIONS);
    assertThat(request.configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact");
  }
}
