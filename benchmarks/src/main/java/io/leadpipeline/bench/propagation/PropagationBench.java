package io.leadpipeline.bench.propagation;

import io.leadpipeline.avro.CallReason;
import io.leadpipeline.avro.Contact;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.bench.latency.OutputWatch;
import io.leadpipeline.bench.latency.Percentiles;
import io.leadpipeline.bench.load.Pacer;
import io.leadpipeline.bench.load.SyntheticEnquiries;
import io.leadpipeline.bench.stack.BenchStack;
import io.leadpipeline.config.Settings;
import io.leadpipeline.suppression.SuppressionService;
import io.leadpipeline.suppression.access.ApiKeys;
import io.leadpipeline.suppression.access.Scope;
import io.leadpipeline.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * From a suppression-service write being acknowledged to the router enforcing it: a do-not-call
 * is posted to the real service's HTTP API; the moment its 2xx arrives, an enquiry from that
 * number is sent (one the person typed themselves, so without the do-not-call it would be shared
 * for calling). The time from the acknowledgement to that enquiry's decision becoming visible,
 * with the call withheld for DO_NOT_CALL, is the propagation time; a decision that lets the call
 * through is a violation of the ordering guarantee.
 */
public final class PropagationBench {
  private static final String KEY_ID = "bench";
  private static final String KEY_SECRET = "bench-api-key-secret";

  public record Result(long samples, long enforced, long violations, long missing, Percentiles ackToEnforced,
      Percentiles writeRoundTrip) {}

  private PropagationBench() {}

  public static SuppressionService startService(BenchStack stack, String prefix, String subjectKeySecret, Path stateDir) {
    Map<String, String> m = new HashMap<>();
    m.put("bootstrap.servers", stack.bootstrapServers());
    m.put("schema.registry.url", stack.schemaRegistryUrl());
    m.put("topic.prefix", prefix);
    m.put("subject.key.secret", subjectKeySecret);
    m.put("unsubscribe.token.secret", "bench-unsubscribe-secret");
    m.put("http.host", "127.0.0.1");
    m.put("http.port", "0");
    m.put("tps.state.dir", stateDir.toString());
    m.put("api.keys", ApiKeys.configLine(KEY_ID, KEY_SECRET, EnumSet.of(Scope.SUPPRESSION_WRITE)));
    m.put("api.rate-limit.per-minute", "100000");
    return SuppressionService.start(Settings.of(m));
  }

  public static Result run(
      BenchStack stack, SuppressionService service, String prefix, SyntheticEnquiries people, long firstIndex,
      int samples, double perSecond, Duration drainTimeout) throws IOException, InterruptedException {
    String decisions = Topics.LEAD_DECISIONS.name(prefix);
    Deserializer<RoutingDecision> decode = stack.serdes().value(Topics.LEAD_DECISIONS).deserializer();
    Map<String, Long> ackedAt = new ConcurrentHashMap<>();
    Histogram propagation = Percentiles.newMicrosHistogram();
    Histogram roundTrip = Percentiles.newMicrosHistogram();
    AtomicLong enforced = new AtomicLong();
    AtomicLong violations = new AtomicLong();
    AtomicLong seen = new AtomicLong();
    OutputWatch.Listener listener = (r, now) -> {
      RoutingDecision d = decode.deserialize(decisions, r.value());
      Long acked = ackedAt.remove(d.getEnquiryId());
      if (acked == null) {
        return;
      }
      seen.incrementAndGet();
      if (!d.getCall().getPermitted() && d.getCall().getReason() == CallReason.DO_NOT_CALL) {
        enforced.incrementAndGet();
        propagation.recordValue(Math.max(1, (now - acked) / 1_000));
      } else {
        violations.incrementAndGet();
      }
    };
    HttpClient http = HttpClient.newHttpClient();
    URI doNotCall = URI.create("http://127.0.0.1:" + service.httpPort() + "/v1/do-not-call");
    try (OutputWatch watch = new OutputWatch(stack.committedReaderConfig(), List.of(decisions), true, listener);
        KafkaProducer<String, Enquiry> producer = stack.enquiryProducer()) {
      Pacer pacer = new Pacer(System.nanoTime(), perSecond);
      for (int k = 0; k < samples; k++) {
        long wait = pacer.dueNanos(k) - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        long i = firstIndex + k;
        String phone = SyntheticEnquiries.phone(i);
        Enquiry base = people.enquiry(i);
        Enquiry probe = Enquiry.newBuilder(base)
            .setContact(Contact.newBuilder(base.getContact()).setPhone(phone).setPhoneProvidedBySubject(true)
                .setOnBehalfOfAnother(false).build())
            .build();
        long posted = System.nanoTime();
        HttpResponse<String> reply = http.send(
            HttpRequest.newBuilder(doNotCall)
                .header("Authorization", "Bearer " + KEY_ID + "." + KEY_SECRET)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"phone\": \"" + phone + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
        long acked = System.nanoTime();
        if (reply.statusCode() / 100 != 2) {
          throw new IllegalStateException("do-not-call answered " + reply.statusCode() + ": " + reply.body());
        }
        roundTrip.recordValue(Math.max(1, (acked - posted) / 1_000));
        ackedAt.put(probe.getEnquiryId(), acked);
        producer.send(new ProducerRecord<>(Topics.ENQUIRIES.name(prefix), probe.getEnquiryId(), probe));
      }
      producer.flush();
      long deadline = System.nanoTime() + drainTimeout.toNanos();
      while (seen.get() < samples && System.nanoTime() < deadline && watch.failure() == null) {
        LockSupport.parkNanos(20_000_000);
      }
    }
    return new Result(samples, enforced.get(), violations.get(), samples - seen.get(),
        Percentiles.ofMicros(propagation), Percentiles.ofMicros(roundTrip));
  }
}
