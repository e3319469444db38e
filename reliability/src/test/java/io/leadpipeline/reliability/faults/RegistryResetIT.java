package io.leadpipeline.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.reliability.harness.ChildJvm;
import io.leadpipeline.reliability.harness.Pipeline;
import io.leadpipeline.reliability.harness.SuppressionApi;
import io.leadpipeline.reliability.traffic.Person;
import io.leadpipeline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A schema registry that comes back empty (Apicurio with in-memory storage, as the local stack
 * runs it by default) gives schema ids to new schemas that old records already use for others. A
 * suppression-service started after that cannot decode its own topics. It must fail closed for
 * the person concerned: that key held as unreadable, a lift refused, and an objection merged onto
 * the most restrictive state, so the opt-out the person made before the reset is never dropped.
 */
class RegistryResetIT {

  @Test
  @Timeout(300)
  void aServiceThatCannotReadItsOwnTopicsNeverDropsAnEarlierOptOut() throws Exception {
    try (LocalStack stack = LocalStack.builder().build().start()) {
      Pipeline pipeline = new Pipeline(stack, "registry-reset");
      Person person = Person.of(pipeline.prefix.replace(".", ""), 7);
      SuppressionApi api = pipeline.api();
      ChildJvm service = pipeline.startService();
      assertThat(api.optOut(person.email(), "EMAIL_MARKETING").status()).isEqualTo(200);
      service.stop(java.time.Duration.ofSeconds(20));

      stack.stopRegistry();
      stack.startRegistry();
      // Another client registers first after the reset, as any would: ids now mean other schemas.
      pipeline.serialize(io.leadpipeline.reliability.corpus.BadEnquiries.valid("reset", 1).build());

      service.restart();
      // It cannot read the person's earlier record: it says which record (never whose), holds that
      // key as unreadable, and serves everyone else (docs/suppression-integrity.md §2).
      String topic = Topics.SUPPRESSION_PREFERENCES.name(pipeline.prefix);
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        SuppressionApi.Answer ready = api.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).contains("unreadableRecords").contains(topic);
      });
      // A lift would act on a record nobody can read: refused, naming the record.
      assertThat(api.post("/v1/re-consent", Map.of("email", person.email(), "channels", List.of("EMAIL_MARKETING")))
          .status()).isEqualTo(409);
      // An objection is accepted, merged onto the most restrictive state: the earlier opt-out holds.
      assertThat(api.optOut(person.email(), "PHONE_MARKETING").status()).isEqualTo(200);
      service.close();

      String key = new SubjectKeys(Pipeline.SUBJECT_SECRET).ofEmail(person.email());
      List<byte[]> records = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> r : pipeline.reader().raw(topic)) {
        if (key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
          records.add(r.value());
        }
      }
      assertThat(records).as("preferences records of the person").hasSize(2);
      ContactPreferences now = pipeline.serdes().value(Topics.SUPPRESSION_PREFERENCES).deserializer()
          .deserialize(topic, records.get(1));
      assertThat(now.getEmailMarketingOptOutAt()).as("the opt-out made before the reset").isNotNull();
      assertThat(now.getPhoneMarketingOptOutAt()).isNotNull();
    }
  }
}
