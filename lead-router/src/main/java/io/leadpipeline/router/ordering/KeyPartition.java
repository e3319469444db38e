package io.leadpipeline.router.ordering;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition Kafka's default partitioner gives a string key (murmur2 of its UTF-8 bytes): where
 * the suppression-service writes a subject's records and where the router's by-subject hop sends
 * that subject's enquiries, so the phone stage knows which subject-stage partition an enquiry goes to.
 */
public final class KeyPartition {
  private KeyPartition() {}

  public static int of(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
