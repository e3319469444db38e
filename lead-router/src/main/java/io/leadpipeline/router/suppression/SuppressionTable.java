package io.leadpipeline.router.suppression;

import io.leadpipeline.avro.CallConsent;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.avro.TpsRegistration;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * One of the four suppression tables the router screens against. Its versioned store keeps each
 * record's bytes as the topic holds them, and the record is decoded when an enquiry looks it up
 * (docs/suppression-integrity.md §4): a record that does not decode still lands under its key, so
 * it holds that key's enquiries instead of being skipped at the source.
 *
 * @param label the metric label, e.g. {@code call_consents}
 * @param topic the topic's full name, handed to the deserializer
 */
public record SuppressionTable<V>(String label, String topic, Deserializer<V> deserializer) {

  /** The value as the topic's Avro serde reads it (null for none); throws when it does not decode. */
  public V decode(byte[] bytes) {
    return bytes == null ? null : deserializer.deserialize(topic, bytes);
  }

  /** The four tables of a router, their values read with the catalogue's serde. */
  public record All(
      SuppressionTable<TpsRegistration> tps,
      SuppressionTable<CallConsent> consents,
      SuppressionTable<ContactPreferences> preferences,
      SuppressionTable<DoNotRepeat> doNotRepeat) {

    public static All of(TopicSerdes serdes, String prefix) {
      return new All(
          table("tps", serdes, Topics.SUPPRESSION_TPS, prefix),
          table("call_consents", serdes, Topics.SUPPRESSION_CALL_CONSENTS, prefix),
          table("preferences", serdes, Topics.SUPPRESSION_PREFERENCES, prefix),
          table("do_not_repeat", serdes, Topics.SUPPRESSION_DO_NOT_REPEAT, prefix));
    }

    private static <V> SuppressionTable<V> table(String label, TopicSerdes serdes, TopicSpec<String, V> spec, String prefix) {
      return new SuppressionTable<>(label, spec.name(prefix), serdes.value(spec).deserializer());
    }
  }
}
