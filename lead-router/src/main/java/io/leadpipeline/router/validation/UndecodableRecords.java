package io.leadpipeline.router.validation;

import io.leadpipeline.serde.SchemaRegistryException;

/** Names the reason a record's bytes could not be read as an enquiry. */
public final class UndecodableRecords {
  private UndecodableRecords() {}

  /**
   * @throws SchemaRegistryException.Unavailable when the registry is down: the record is fine and
   *     must be retried, never dead-lettered
   */
  public static Rejection classify(byte[] value, RuntimeException error) {
    if (error instanceof SchemaRegistryException.Unavailable unavailable) {
      throw unavailable;
    }
    if (value == null) {
      return new Rejection(DeadLetterReason.UNDECODABLE, "record has no value");
    }
    if (value.length >= 1 && value[0] != 0) {
      return new Rejection(
          DeadLetterReason.WRONG_MAGIC_BYTE,
          String.format("first byte 0x%02x is not the Confluent magic byte 0x00", value[0]));
    }
    if (error instanceof SchemaRegistryException.UnknownSchema) {
      return new Rejection(DeadLetterReason.UNKNOWN_SCHEMA, error.getMessage());
    }
    String message = String.valueOf(error.getMessage());
    if (message.contains("missing required field") || message.contains("Found null")
        || message.contains("does not accept null")) {
      return new Rejection(DeadLetterReason.MISSING_FIELD, firstLine(message));
    }
    return new Rejection(DeadLetterReason.UNDECODABLE, firstLine(message));
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) : line;
  }
}
