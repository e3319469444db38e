package io.leadpipeline.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.reliability.harness.ChildJvm;
import io.leadpipeline.reliability.harness.Pipeline;
import io.leadpipeline.reliability.harness.SuppressionApi;
import io.leadpipeline.reliability.traffic.Person;
import io.leadpipeline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A schema registry that comes back empty (Apicurio with in-memory storage, as the local stack
 * runs it by default) gives schema ids to new schemas that old records already use for others. A
 * suppression-service started after that cannot decode its own topics. It must fail closed: not
 * ready, and no change of mind merged onto a view that lacks the earlier ones (which would drop
 * an opt-out the person made before).
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
      // It cannot read its own earlier records: it must say so, and refuse to merge onto them.
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        SuppressionApi.Answer ready = api.get("/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.body()).contains("could not read");
      });
      assertThat(api.optOut(person.email(), "PHONE_MARKETING").status()).isEqualTo(503);
      service.close();

      // Nothing was merged onto the incomplete view: the person's only record is the first opt-out.
      String key = new SubjectKeys(Pipeline.SUBJECT_SECRET).ofEmail(person.email());
      long records = 0;
      for (ConsumerRecord<byte[], byte[]> r : pipeline.reader().raw(Topics.SUPPRESSION_PREFERENCES.name(pipeline.prefix))) {
        if (key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
          records++;
        }
      }
      assertThat(records).as("preferences records of the person").isEqualTo(1);
    }
  }
}
