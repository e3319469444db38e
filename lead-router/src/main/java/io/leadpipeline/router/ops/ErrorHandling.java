package io.leadpipeline.router.ops;

import io.leadpipeline.router.validation.DeadLetterReason;
import io.leadpipeline.router.validation.DeadLetters;
import io.leadpipeline.router.validation.Rejection;
import io.leadpipeline.serde.SchemaRegistryException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exception handlers, chosen deliberately (docs/SPECIFICATION.md §6 rule 1, §7 "nothing lost"):
 *
 * <ul>
 *   <li>A registry outage ({@link SchemaRegistryException.Unavailable}) anywhere fails the task:
 *       the record is fine and must be retried once the registry answers, never dead-lettered.
 *       The uncaught-exception handler replaces the thread, which resumes from the last commit.
 *   <li>So does a state store that fails under a processor (a RocksDB error, a store closed by a
 *       rebalance): the record is not at fault, and dead-lettering it would turn every enquiry
 *       into a dead letter for as long as the store is broken.
 *   <li>A record that cannot be deserialized or processed goes to {@code enquiries.dlq} with its
 *       original bytes and the reason in headers, and processing continues.
 *   <li>A record that cannot be produced fails the task: under exactly-once the whole
 *       transaction aborts and is retried; dropping a lead or a decision would break "exactly
 *       one decision per enquiry".
 * </ul>
 *
 * <p>Enquiries themselves are decoded in the topology (errors as values). The four suppression
 * tables (TPS/CTPS, call consents, preferences, do-not-repeat) are read as bytes and decoded at
 * look-up, so an undecodable record there never reaches these handlers: it lands in its table and
 * holds its key's enquiries (docs/suppression-integrity.md §4). These handlers are the safety net
 * for the other table topics (partners, register loads, erasures) and for bugs.
 */
public final class ErrorHandling {
  /** Streams-config key carrying the dead-letter topic's full name to the handlers. */
  public static final String DLQ_TOPIC = "lead-router.dlq.topic";
  /** Streams-config key carrying the {@link RouterMetrics} instance to the handlers. */
  public static final String METRICS = "lead-router.metrics";

  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandling.class);

  private ErrorHandling() {}

  /** True when {@code e} or a cause is a registry outage: retry, never dead-letter or skip. */
  public static boolean registryDown(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SchemaRegistryException.Unavailable) {
        return true;
      }
    }
    return false;
  }

  private abstract static class DeadLettering {
    String dlqTopic = "enquiries.dlq";
    RouterMetrics metrics;

    void configureFrom(Map<String, ?> configs) {
      Object topic = configs.get(DLQ_TOPIC);
      if (topic != null) {
        dlqTopic = topic.toString();
      }
      Object m = configs.get(METRICS);
      if (m instanceof RouterMetrics rm) {
        metrics = rm;
      }
    }

    List<ProducerRecord<byte[], byte[]>> deadLetter(
        ErrorHandlerContext ctx, byte[] key, byte[] value, Headers headers, DeadLetterReason reason, Exception e) {
      if (metrics != null) {
        metrics.deadLettered(reason.label());
      }
      String detail = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
      Headers h =
          DeadLetters.headers(headers, new Rejection(reason, detail), ctx.topic(), ctx.partition(), ctx.offset(),
              System.currentTimeMillis());
      return List.of(new ProducerRecord<>(dlqTopic, null, key, value, h));
    }

    private static String firstLine(String m) {
      if (m == null) {
        return "";
      }
      int nl = m.indexOf('\n');
      String line = nl < 0 ? m : m.substring(0, nl);
      return line.length() > 300 ? line.substring(0, 300) : line;
    }
  }

  /**
   * Partners, register loads, erasures: corrupt record → dead letter; registry down → fail and
   * retry. (The suppression tables' sources read bytes and cannot fail here.)
   */
  public static final class Deserialization extends DeadLettering implements DeserializationExceptionHandler {
    @Override
    public void configure(Map<String, ?> configs) {
      configureFrom(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext ctx, ConsumerRecord<byte[], byte[]> record, Exception e) {
      if (registryDown(e)) {
        LOG.warn("schema registry unavailable reading {}-{}; failing the task to retry", ctx.topic(), ctx.partition());
        return Response.fail();
      }
      LOG.error("dead-lettering an undecodable record from {}-{}@{}: {}", ctx.topic(), ctx.partition(),
          ctx.offset(), Redacted.describe(e));
      return Response.resume(deadLetter(ctx, record.key(), record.value(), record.headers(), DeadLetterReason.UNDECODABLE, e));
    }
  }

  /**
   * True when {@code e} or a cause is a state store's failure, not the record's: retry, never
   * dead-letter.
   */
  public static boolean storeFailed(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      // Kafka Streams wraps a RocksDB error in a ProcessorStateException.
      if (t instanceof ProcessorStateException || t instanceof InvalidStateStoreException) {
        return true;
      }
    }
    return false;
  }

  /** A processor threw: dead-letter the source record; registry down or a store failing → fail and retry. */
  public static final class Processing extends DeadLettering implements ProcessingExceptionHandler {
    @Override
    public void configure(Map<String, ?> configs) {
      configureFrom(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext ctx, Record<?, ?> record, Exception e) {
      if (registryDown(e)) {
        LOG.warn("schema registry unavailable in {}; failing the task to retry", ctx.processorNodeId());
        return Response.fail();
      }
      if (storeFailed(e)) {
        LOG.error("a state store failed in {}; failing the task to retry: {}", ctx.processorNodeId(), Redacted.describe(e));
        return Response.fail();
      }
      LOG.error("dead-lettering a record that failed in {} ({}-{}@{}): {}", ctx.processorNodeId(), ctx.topic(),
          ctx.partition(), ctx.offset(), Redacted.describe(e));
      return Response.resume(
          deadLetter(ctx, ctx.sourceRawKey(), ctx.sourceRawValue(), ctx.headers(), DeadLetterReason.PROCESSING_ERROR, e));
    }
  }

  /** Output that cannot be written fails the transaction, which is retried whole. */
  public static final class Production implements ProductionExceptionHandler {
    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public Response handleError(ErrorHandlerContext ctx, ProducerRecord<byte[], byte[]> record, Exception e) {
      LOG.error("cannot write to {}; failing the task so the transaction is retried: {}", record.topic(),
          Redacted.describe(e));
      return Response.fail();
    }

    @Override
    public Response handleSerializationError(
        ErrorHandlerContext ctx, ProducerRecord record, Exception e, SerializationExceptionOrigin origin) {
      LOG.error("cannot serialize for {}; failing the task so the transaction is retried: {}", record.topic(),
          Redacted.describe(e));
      return Response.fail();
    }
  }
}
