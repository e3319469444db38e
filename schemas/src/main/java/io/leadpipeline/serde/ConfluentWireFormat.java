package io.leadpipeline.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: magic byte 0, the writer schema's registry id as a 4-byte big-endian
 * int, then the Avro binary encoding.
 */
final class ConfluentWireFormat {
  static final byte MAGIC_BYTE = 0;
  static final int HEADER_LENGTH = 5;

  private ConfluentWireFormat() {}

  /** The registry id of the writer schema; the buffer is left at the start of the Avro body. */
  static int readHeader(String topic, ByteBuffer buffer) {
    if (buffer.remaining() < HEADER_LENGTH) {
      throw new SerializationException(
          "record on "
              + topic
              + " has "
              + buffer.remaining()
              + " bytes, too few for the Confluent wire format (magic byte and schema id)");
    }
    byte magic = buffer.get();
    if (magic != MAGIC_BYTE) {
      throw new SerializationException(
          String.format(
              "record on %s starts with byte 0x%02x, not the Confluent magic byte 0x00", topic,
              magic));
    }
    return buffer.getInt();
  }
}
