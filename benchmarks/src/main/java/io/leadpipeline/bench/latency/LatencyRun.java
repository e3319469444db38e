package io.leadpipeline.bench.latency;

import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.bench.load.Pacer;
import io.leadpipeline.bench.load.SyntheticEnquiries;
import io.leadpipeline.bench.stack.BenchStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * End-to-end latency at a fixed offered load: enquiries are sent open-loop at {@code rate} per
 * second, and each lead is timed from its enquiry's intended send time to the poll of a
 * read_committed consumer that first returned it. The run ends when every enquiry has its
 * decision (the router writes exactly one per enquiry) or the drain timeout passes.
 */
public final class LatencyRun {

  /** How the output records name the enquiry they came from. */
  public record Outputs(List<String> leadTopics, Function<byte[], String> leadEnquiryId,
      String decisionTopic, Function<byte[], String> decisionEnquiryId) {}

  /** @param hops where the time went, by internal topic, when they were watched (else empty) */
  public record Result(double offeredPerSecond, double sentPerSecond, long enquiries, long decisions,
      Percentiles leads, Percentiles decisionsLatency, List<HopTimes.Segment> hops) {
    public boolean complete() {
      return decisions >= enquiries;
    }
  }

  private LatencyRun() {}

  private static List<String> withLead(List<String> hopTopics) {
    List<String> stages = new ArrayList<>(hopTopics);
    stages.add("lead");
    return stages;
  }

  public static Result run(
      BenchStack stack, String enquiryTopic, Outputs outputs, SyntheticEnquiries people, long firstIndex,
      double rate, double seconds, Duration drainTimeout) {
    return run(stack, enquiryTopic, outputs, people, firstIndex, rate, seconds, drainTimeout, List.of());
  }

  /**
   * As above, also timing each enquiry's first visibility on each of {@code hopTopics} (the
   * router's internal topics, in the order an enquiry passes them) and at its first lead.
   */
  public static Result run(
      BenchStack stack, String enquiryTopic, Outputs outputs, SyntheticEnquiries people, long firstIndex,
      double rate, double seconds, Duration drainTimeout, List<String> hopTopics) {
    long count = Pacer.count(rate, seconds);
    Map<String, Long> due = new ConcurrentHashMap<>();
    // Only when asked for: the listener below is the consumer that times every lead.
    HopTimes hops = hopTopics.isEmpty() ? null : new HopTimes(withLead(hopTopics));
    Histogram leads = Percentiles.newMicrosHistogram();
    Histogram decisions = Percentiles.newMicrosHistogram();
    AtomicLong decided = new AtomicLong();
    List<String> watched = new ArrayList<>(outputs.leadTopics());
    watched.add(outputs.decisionTopic());
    OutputWatch.Listener listener = (ConsumerRecord<byte[], byte[]> r, long now) -> {
      boolean decision = r.topic().equals(outputs.decisionTopic());
      String id = decision ? outputs.decisionEnquiryId().apply(r.value()) : outputs.leadEnquiryId().apply(r.value());
      Long sent = due.get(id);
      if (sent == null) {
        return; // not from this run
      }
      long micros = Math.max(1, (now - sent) / 1_000);
      if (decision) {
        decisions.recordValue(micros);
        decided.incrementAndGet();
      } else {
        leads.recordValue(micros);
        if (hops != null) {
          hops.seen(id, hopTopics.size(), now);
        }
      }
    };
    AtomicReference<Exception> failed = new AtomicReference<>();
    double sentRate;
    HopWatch hopWatch = hops == null ? null : new HopWatch(stack.committedReaderConfig(), hopTopics, due, hops);
    try (OutputWatch watch = new OutputWatch(stack.committedReaderConfig(), watched, true, listener);
        KafkaProducer<String, Enquiry> producer = stack.enquiryProducer()) {
      // One enquiry before the clock starts: the serializer registers its schema and the producer connects.
      Enquiry warm = people.enquiry(firstIndex - 1);
      producer.send(new ProducerRecord<>(enquiryTopic, warm.getEnquiryId(), warm)).get();
      long start = System.nanoTime();
      Pacer pacer = new Pacer(start, rate);
      for (long i = 0; i < count; i++) {
        long when = pacer.dueNanos(i);
        long wait = when - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        Enquiry e = people.enquiry(firstIndex + i);
        due.put(e.getEnquiryId(), when);
        producer.send(new ProducerRecord<>(enquiryTopic, e.getEnquiryId(), e), (m, ex) -> {
          if (ex != null) {
            failed.compareAndSet(null, ex);
          }
        });
      }
      producer.flush();
      sentRate = count * 1e9 / (System.nanoTime() - start);
      long deadline = System.nanoTime() + drainTimeout.toNanos();
      while (decided.get() < count && System.nanoTime() < deadline && watch.failure() == null) {
        LockSupport.parkNanos(20_000_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("could not send the warm-up enquiry", e.getCause());
    } finally {
      if (hopWatch != null) {
        hopWatch.close();
      }
    }
    if (failed.get() != null) {
      throw new IllegalStateException("an enquiry could not be sent", failed.get());
    }
    // The watch's thread has ended (close joins it), so its histograms are safe to read.
    return new Result(rate, sentRate, count, decided.get(), Percentiles.ofMicros(leads), Percentiles.ofMicros(decisions),
        hops == null ? List.of() : hops.segments(due));
  }
}
