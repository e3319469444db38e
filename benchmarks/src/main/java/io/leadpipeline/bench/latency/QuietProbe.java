package io.leadpipeline.bench.latency;

import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.bench.load.SyntheticEnquiries;
import io.leadpipeline.bench.stack.BenchStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The latency a person sees at a quiet moment: one enquiry after {@code silence} with nothing
 * sent, timed from its send to each of its leads (and its decision) becoming visible to a
 * read_committed consumer, repeated {@code probes} times. An idle router pays for what a busy one
 * amortises: a fresh read of the suppression end offsets, the barrier's next tick, a commit.
 */
public final class QuietProbe {

  public record Result(int probes, Duration silence, long undecided, Percentiles leads, Percentiles decisions) {}

  private QuietProbe() {}

  public static Result run(BenchStack stack, String enquiryTopic, LatencyRun.Outputs outputs, SyntheticEnquiries people,
      long firstIndex, int probes, Duration silence, Duration perProbeTimeout, ProbeListener progress) {
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Histogram leads = Percentiles.newMicrosHistogram();
    Histogram decisions = Percentiles.newMicrosHistogram();
    AtomicLong decided = new AtomicLong();
    List<String> watched = new ArrayList<>(outputs.leadTopics());
    watched.add(outputs.decisionTopic());
    OutputWatch.Listener listener = (ConsumerRecord<byte[], byte[]> r, long now) -> {
      boolean decision = r.topic().equals(outputs.decisionTopic());
      String id = decision ? outputs.decisionEnquiryId().apply(r.value()) : outputs.leadEnquiryId().apply(r.value());
      Long sent = sentAt.get(id);
      if (sent == null) {
        return;
      }
      long micros = Math.max(1, (now - sent) / 1_000);
      if (decision) {
        decisions.recordValue(micros);
        decided.incrementAndGet();
      } else {
        leads.recordValue(micros);
      }
    };
    try (OutputWatch watch = new OutputWatch(stack.committedReaderConfig(), watched, true, listener);
        KafkaProducer<String, Enquiry> producer = stack.enquiryProducer()) {
      // The producer connects and registers its schema before the first silence, not during a probe.
      Enquiry warm = people.enquiry(firstIndex - 1);
      producer.send(new ProducerRecord<>(enquiryTopic, warm.getEnquiryId(), warm)).get();
      for (int i = 0; i < probes; i++) {
        LockSupport.parkNanos(silence.toNanos()); // the silence is what is measured after, not a wait for a result
        Enquiry e = people.enquiry(firstIndex + i);
        long before = decided.get();
        long now = System.nanoTime();
        sentAt.put(e.getEnquiryId(), now);
        producer.send(new ProducerRecord<>(enquiryTopic, e.getEnquiryId(), e));
        producer.flush();
        long deadline = now + perProbeTimeout.toNanos();
        while (decided.get() == before && System.nanoTime() < deadline && watch.failure() == null) {
          LockSupport.parkNanos(1_000_000);
        }
        progress.probed(i + 1, decided.get() > before, (System.nanoTime() - now) / 1e6);
      }
      // A lead seen after its decision's poll is still timed: the watch runs on through each silence,
      // and this long after the last probe.
      LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("could not send the warm-up enquiry", e.getCause());
    }
    return new Result(probes, silence, probes - decided.get(), Percentiles.ofMicros(leads), Percentiles.ofMicros(decisions));
  }

  /** Told after each probe, for the harness's progress line. */
  @FunctionalInterface
  public interface ProbeListener {
    void probed(int probe, boolean decided, double millisUntilChecked);
  }
}
