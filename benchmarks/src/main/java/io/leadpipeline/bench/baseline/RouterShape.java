package io.leadpipeline.bench.baseline;

import io.leadpipeline.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The router's shape without its rules: what Kafka Streams, the clients and the broker cost for
 * the router's hops and writes, with no decoding, no rule and no lookup. It reads the enquiries'
 * bytes, re-keys them by a hash across the phone hop, writes and removes them in a hold store,
 * re-keys them across the subject hop, sends them through the single-partition allocation hop,
 * and there writes the allocation step's store records and three leads and a decision, each about
 * the size the router's are. Shape ÷ passthrough is what any router of this shape could reach;
 * router ÷ shape is the cost of the router's own work.
 *
 * <p>All stores are in memory with a changelog: RocksDB's own work is the router's, not the shape's.
 */
public final class RouterShape {
  /**
   * Bytes each hop and store record carries: about what the router's Smile encodings and Avro leads
   * weigh for the harness's enquiries (a screening 760 B before the phone stage, 990 B after it).
   */
  static final int SCREENING_BYTES = 760;
  static final int SCREENED_BYTES = 990;
  static final int INTRODUCTION_BYTES = 300;
  static final int OFFERED_LEAD_BYTES = 250;
  static final int OFFERED_ENQUIRY_BYTES = 900;
  static final int LEAD_BYTES = 350;
  static final int DECISION_BYTES = 400;
  static final int LEADS_PER_ENQUIRY = 3;
  static final int PARTNERS = 4;

  static final String HOLD = "shape-hold";
  static final List<String> ALLOCATION_STORES =
      List.of("shape-decided", "shape-introductions", "shape-offered-enquiries", "shape-offered-leads");

  private RouterShape() {}

  /** The topics the shape writes outside Kafka Streams' own: a lead topic per partner and the decisions. */
  public static List<String> outputTopics(String prefix) {
    return Stream.concat(IntStream.range(0, PARTNERS).mapToObj(p -> leadTopic(prefix, p)), Stream.of(decisionTopic(prefix)))
        .toList();
  }

  public static String decisionTopic(String prefix) {
    return prefix + "shape.lead-decisions"; // named as RecordBudget counts decisions
  }

  static String leadTopic(String prefix, int partner) {
    return prefix + "shape.leads.landlord.p-" + partner;
  }

  /** A record for one of the shape's output topics. */
  record Out(String topic, byte[] bytes) {}

  public static Topology buildTopology(String input, String prefix) {
    Serde<String> keys = Serdes.String();
    Serde<byte[]> bytes = Serdes.ByteArray();
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(logged(HOLD));
    ALLOCATION_STORES.forEach(s -> builder.addStateStore(logged(s)));
    builder.stream(input, Consumed.with(bytes, bytes))
        .map((k, v) -> KeyValue.pair(hashKey(v, 1), sized(withId(k, v), SCREENING_BYTES)), Named.as("key-by-phone"))
        .repartition(Repartitioned.<String, byte[]>as("by-phone")
            .withKeySerde(keys).withValueSerde(bytes).withNumberOfPartitions(Topics.PARTITIONS))
        .process(Hold::new, Named.as("phone-stage"), HOLD)
        .repartition(Repartitioned.<String, byte[]>as("by-subject")
            .withKeySerde(keys).withValueSerde(bytes).withNumberOfPartitions(Topics.PARTITIONS))
        .mapValues(v -> sized(v, SCREENED_BYTES), Named.as("subject-stage"))
        .repartition(Repartitioned.<String, byte[]>as("allocation")
            .withKeySerde(keys).withValueSerde(bytes).withNumberOfPartitions(1))
        .process(() -> new Allocate(prefix), Named.as("allocate"), ALLOCATION_STORES.toArray(String[]::new))
        .to((k, v, ctx) -> v.topic(), Produced.with(keys, Serdes.serdeFrom((t, out) -> out.bytes(), (t, b) -> null)));
    return builder.build();
  }

  private static StoreBuilder<KeyValueStore<String, byte[]>> logged(String name) {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
        .withLoggingEnabled(Map.of());
  }

  /** A 64-character key spread by the value's bytes, as the router's HMAC keys are spread. */
  static String hashKey(byte[] value, int salt) {
    return "%08x".formatted(Arrays.hashCode(value) * 31 + salt).repeat(8);
  }

  /**
   * The enquiry's bytes behind its id (the input record's key) and the id's length: every record
   * the shape writes begins with them, so a latency run can tell which enquiry an output is for.
   */
  static byte[] withId(byte[] id, byte[] value) {
    return ByteBuffer.allocate(1 + id.length + value.length).put((byte) id.length).put(id).put(value).array();
  }

  /** The enquiry id at the front of anything the shape wrote. */
  public static String enquiryId(byte[] value) {
    return new String(value, 1, value[0] & 0xff, StandardCharsets.UTF_8);
  }

  /** {@code size} bytes that begin with the value's own (a copy, as an encoding would be). */
  static byte[] sized(byte[] value, int size) {
    return Arrays.copyOf(value, size);
  }

  /** The phone stage's hold: each enquiry written and removed, two changelog records, as the router's. */
  private static final class Hold implements Processor<String, byte[], String, byte[]> {
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> hold;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
      this.hold = context.getStateStore(HOLD);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      hold.put(record.key(), record.value());
      hold.put(record.key(), null);
      context.forward(record.withKey(hashKey(record.value(), 2)).withValue(sized(record.value(), SCREENED_BYTES)));
    }
  }

  /**
   * The allocation step's writes: a decided mark, introductions under two keys, the offered enquiry
   * and one offered lead per lead; three leads to three of the partners' topics and one decision.
   */
  private static final class Allocate implements Processor<String, byte[], String, Out> {
    private final String prefix;
    private ProcessorContext<String, Out> context;
    private KeyValueStore<String, byte[]> decided;
    private KeyValueStore<String, byte[]> introductions;
    private KeyValueStore<String, byte[]> offeredEnquiries;
    private KeyValueStore<String, byte[]> offeredLeads;
    private long n;

    Allocate(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public void init(ProcessorContext<String, Out> context) {
      this.context = context;
      decided = context.getStateStore(ALLOCATION_STORES.get(0));
      introductions = context.getStateStore(ALLOCATION_STORES.get(1));
      offeredEnquiries = context.getStateStore(ALLOCATION_STORES.get(2));
      offeredLeads = context.getStateStore(ALLOCATION_STORES.get(3));
    }

    @Override
    public void process(Record<String, byte[]> record) {
      String id = record.key();
      byte[] v = record.value();
      decided.put(id, ByteBuffer.allocate(8).putLong(record.timestamp()).array());
      introductions.put(id, sized(v, INTRODUCTION_BYTES));
      introductions.put(hashKey(v, 3), sized(v, INTRODUCTION_BYTES));
      offeredEnquiries.put(id, sized(v, OFFERED_ENQUIRY_BYTES));
      int first = (int) (n++ % PARTNERS);
      for (int i = 0; i < LEADS_PER_ENQUIRY; i++) {
        String leadId = id + "-" + i;
        offeredLeads.put(leadId, sized(v, OFFERED_LEAD_BYTES));
        context.forward(record.withKey(leadId).withValue(
            new Out(leadTopic(prefix, (first + i) % PARTNERS), sized(v, LEAD_BYTES))));
      }
      context.forward(record.withKey(id).withValue(new Out(decisionTopic(prefix), sized(v, DECISION_BYTES))));
    }
  }
}
