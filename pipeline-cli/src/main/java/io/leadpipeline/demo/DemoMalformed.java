package io.leadpipeline.demo;

import io.leadpipeline.avro.Enquiry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serializer;

/** The kinds of broken record a real backend sends now and then; each must reach the DLQ. */
final class DemoMalformed {
  record Record(String key, byte[] value) {}

  private DemoMalformed() {}

  static Record next(DemoPopulation population, Serializer<Enquiry> serializer, String topic, Instant now) {
    Enquiry valid = population.enquiryFrom(population.anyPerson(), now);
    String key = valid.getEnquiryId();
    return switch (population.random().nextInt(6)) {
      case 0 -> new Record(key, "{\"enquiryId\": \"json, not avro\"}".getBytes(StandardCharsets.UTF_8));
      case 1 -> {
        byte[] bytes = serializer.serialize(topic, valid);
        bytes[0] = 1;
        yield new Record(key, bytes);
      }
      case 2 -> {
        byte[] bytes = serializer.serialize(topic, valid);
        ByteBuffer.wrap(bytes).putInt(1, 987_654);
        yield new Record(key, bytes);
      }
      case 3 -> {
        byte[] bytes = serializer.serialize(topic, valid);
        yield new Record(key, Arrays.copyOf(bytes, bytes.length / 2));
      }
      case 4 -> {
        valid.getContact().setEmail("not an email address");
        yield new Record(key, serializer.serialize(topic, valid));
      }
      default -> {
        valid.getRequirements().setDesks(0);
        yield new Record(key, serializer.serialize(topic, valid));
      }
    };
  }
}
