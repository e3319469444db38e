package io.leadpipeline.bench.baseline;

import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The baseline: the cheapest Kafka Streams application that does what every router pays for —
 * read enquiries, decode them with the same serde, encode them again and write them out under the
 * same processing guarantee and commit interval — and nothing else. Router ÷ passthrough is the
 * cost of the router's hops, records and own work together; {@link RouterShape} separates the
 * first two. {@link #start} runs either baseline.
 */
public final class Passthrough implements AutoCloseable {
  private final KafkaStreams streams;

  private Passthrough(KafkaStreams streams) {
    this.streams = streams;
  }

  public static Topology buildTopology(TopicSerdes serdes, String input, String output) {
    Serde<String> keys = serdes.key(Topics.ENQUIRIES);
    Serde<Enquiry> values = serdes.value(Topics.ENQUIRIES);
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(keys, values)).to(output, Produced.with(keys, values));
    return builder.build();
  }

  /**
   * The settings the router runs with that bear on throughput: same guarantee, commit interval,
   * producer linger, threads, socket buffers.
   */
  public static Properties streamsProperties(
      String applicationId, String bootstrapServers, String guarantee, Path stateDir, int commitIntervalMs, int lingerMs) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), lingerMs);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // The router's clients size their TCP buffers by the operating system.
    p.put(StreamsConfig.RECEIVE_BUFFER_CONFIG, -1);
    p.put(StreamsConfig.SEND_BUFFER_CONFIG, -1);
    return p;
  }

  public static Passthrough start(Topology topology, Properties properties) {
    KafkaStreams streams = new KafkaStreams(topology, properties);
    streams.start();
    return new Passthrough(streams);
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  @Override
  public void close() {
    // Leaving the group lets the next run's application start at once.
    streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
  }
}
