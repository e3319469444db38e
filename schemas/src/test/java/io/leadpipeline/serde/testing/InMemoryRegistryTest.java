package io.leadpipeline.serde.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.serde.AvroSerdeConfig;
import io.leadpipeline.serde.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemoryRegistryTest {

  private static SchemaRegistryClient clientOf(InMemoryRegistry registry) {
    return AvroSerdeConfig.from(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url())).client();
  }

  /**
   * Serde clients are shared per registry URL within a JVM and cache schemas by id. A test's
   * registry started on the port an earlier one had hands out id 1 again, for its own schema.
   */
  @Test
  void aRegistryOnAReusedPortIsNotTakenForTheOneBefore() {
    Schema first = SchemaBuilder.record("First").fields().requiredString("a").endRecord();
    Schema second = SchemaBuilder.record("Second").fields().requiredLong("b").endRecord();
    int port;
    try (InMemoryRegistry earlier = new InMemoryRegistry()) {
      port = earlier.port();
      assertThat(clientOf(earlier).byId(clientOf(earlier).register("first-value", first))).isEqualTo(first);
    }
    try (InMemoryRegistry later = new InMemoryRegistry(port)) {
      int id = clientOf(later).register("second-value", second);
      assertThat(id).isEqualTo(1);
      assertThat(clientOf(later).byId(id)).isEqualTo(second);
    }
  }
}
