package io.leadpipeline.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.reliability.harness.ChildJvm;
import io.leadpipeline.reliability.harness.Pipeline;
import io.leadpipeline.reliability.harness.SuppressionApi;
import io.leadpipeline.reliability.traffic.Person;
import io.leadpipeline.serde.ConfluentAvroDeserializer;
import io.leadpipeline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A schema registry that comes back empty (Apicurio with in-memory storage, as the local stack
 * runs it by default) gives schema ids to new schemas that old records already use for others. A
 * suppression-service started after that cannot decode its own topics; today it skips those
 * records, reports ready, and merges the next change of mind onto a view that lacks the earlier
 * ones, so the newest record of a person's preferences drops an opt-out they made before. Open
 * bug (see the module README): run with {@code -Pknown-bugs}.
 */
@Tag("known-bug")
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
      pipeline.awaitServiceReady(service);
      assertThat(api.optOut(person.email(), "PHONE_MARKETING").status()).isEqualTo(200);
      service.close();

      // Read the newest preferences of the person with a client that knows only the registry as it is now.
      String key = new SubjectKeys(Pipeline.SUBJECT_SECRET).ofEmail(person.email());
      ConfluentAvroDeserializer<ContactPreferences> fresh = new ConfluentAvroDeserializer<>(ContactPreferences.class);
      fresh.configure(Map.of("schema.registry.url", stack.schemaRegistryUrl().replace("127.0.0.1", "localhost")), false);
      ContactPreferences newest = null;
      for (ConsumerRecord<byte[], byte[]> r : pipeline.reader().raw(Topics.SUPPRESSION_PREFERENCES.name(pipeline.prefix))) {
        if (key.equals(new String(r.key(), StandardCharsets.UTF_8)) && r.value() != null) {
          try {
            newest = fresh.deserialize(Topics.SUPPRESSION_PREFERENCES.name(pipeline.prefix), r.value());
          } catch (RuntimeException unreadable) {
            newest = null;
          }
        }
      }
      assertThat(newest).as("the newest preferences record of the person").isNotNull();
      assertThat(newest.getPhoneMarketingOptOutAt()).as("the new opt-out").isNotNull();
      assertThat(newest.getEmailMarketingOptOutAt()).as("the earlier opt-out, still in force").isNotNull();
    }
  }
}
