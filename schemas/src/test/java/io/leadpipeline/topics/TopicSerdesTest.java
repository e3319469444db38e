package io.leadpipeline.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.config.Settings;
import io.leadpipeline.serde.ConfluentAvroSerde;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class TopicSerdesTest {

  /** Stands in for a serde from another jar, such as Confluent's SpecificAvroSerde. */
  public static final class RecordingSerde extends Serdes.WrapperSerde<Object> {
    static volatile Map<String, Object> configured;

    public RecordingSerde() {
      super((topic, data) -> new byte[0], (topic, data) -> null);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
      configured = Map.copyOf(configs);
    }
  }

  @Test
  void theAvroSerdeIsTheProjectsOwnByDefault() {
    Serde<Enquiry> serde = TopicSerdes.forRegistry("http://127.0.0.1:1").value(Topics.ENQUIRIES);
    assertThat(serde).isInstanceOf(ConfluentAvroSerde.class);
  }

  @Test
  void anotherSerdeClassIsAConfigurationChoice() {
    Settings settings =
        Settings.of(
            Map.of(
                "schema.registry.url", "http://registry:8081",
                "serde.avro.serde.class", RecordingSerde.class.getName(),
                "serde.basic.auth.user.info", "user:secret"));

    Serde<Enquiry> serde = TopicSerdes.from(settings).value(Topics.ENQUIRIES);

    assertThat((Object) serde).isInstanceOf(RecordingSerde.class);
    assertThat(RecordingSerde.configured)
        .containsEntry("schema.registry.url", "http://registry:8081")
        .containsEntry("basic.auth.user.info", "user:secret")
        .containsEntry("specific.avro.reader", true)
        .containsEntry("specific.avro.value.type", Enquiry.class.getName());
  }

  @Test
  void keysAndDeadLettersArePlainBytesAndStrings() {
    TopicSerdes serdes = TopicSerdes.forRegistry("http://127.0.0.1:1");
    assertThat(serdes.key(Topics.ENQUIRIES).getClass()).isEqualTo(Serdes.String().getClass());
    assertThat(serdes.value(Topics.ENQUIRIES_DLQ).getClass()).isEqualTo(Serdes.ByteArray().getClass());
  }
}
