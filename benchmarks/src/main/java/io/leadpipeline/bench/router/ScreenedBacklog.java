package io.leadpipeline.bench.router;

import io.leadpipeline.avro.Register;
import io.leadpipeline.bench.load.SyntheticEnquiries;
import io.leadpipeline.bench.stack.BenchStack;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.router.allocation.AllocationInput;
import io.leadpipeline.router.suppression.Screening;
import io.leadpipeline.router.suppression.ScreenedRegisters;
import io.leadpipeline.router.suppression.SuppressionView;
import io.leadpipeline.router.suppression.TpsEntry;
import io.leadpipeline.router.validation.EnquiryValidation;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import io.leadpipeline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The synthetic enquiries as the router's subject stage hands them to its allocation step:
 * validated and normalised by the router's own validation, with what its two suppression stages
 * find for them in the harness (a TPS registration for every {@code tpsEvery}-th person, as {@link
 * RouterUnderTest#registerSomePhones} writes, fresh loads of both registers, the offsets each stage
 * waited for) and in the allocation repartition topic's own format. Written straight to that topic
 * before the router starts, they let the allocation step run alone: its single-thread ceiling.
 */
public final class ScreenedBacklog {
  /** The allocation hop's value format, as the router's topology declares it. */
  static final Serde<AllocationInput> FORMAT = AllocationInput.format();
  private static final int TPS_REGISTERED_ON = (int) LocalDate.of(2020, 1, 1).toEpochDay();

  private ScreenedBacklog() {}

  /** Writes screened enquiries {@code 0 .. count-1} to {@code topic} and waits for every ack. */
  public static void write(BenchStack stack, String topic, SyntheticEnquiries people, long count, int tpsEvery) {
    AtomicReference<Exception> failed = new AtomicReference<>();
    EnquiryValidation validation = new EnquiryValidation(new SubjectKeys(RouterUnderTest.SECRET));
    try (KafkaProducer<byte[], byte[]> producer = stack.rawProducer(Map.of())) {
      for (long i = 0; i < count; i++) {
        Screening s = screened(validation, people, i, tpsEvery, System.currentTimeMillis());
        byte[] key = s.enquiry().subjectKey().getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, key, FORMAT.serializer().serialize(topic, AllocationInput.of(s))),
            (m, e) -> {
              if (e != null) {
                failed.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw new IllegalStateException("could not write the screened enquiries", failed.get());
    }
  }

  /** Person {@code i}'s enquiry, appended at {@code now}, as the subject stage forwards it. */
  static Screening screened(EnquiryValidation validation, SyntheticEnquiries people, long i, int tpsEvery, long now) {
    if (!(validation.validate(people.enquiry(i), now) instanceof EnquiryValidation.Outcome.Valid valid)) {
      throw new IllegalStateException("synthetic enquiry " + i + " is not valid");
    }
    NormalisedEnquiry e = valid.enquiry();
    SuppressionView view = SuppressionView.NOTHING
        .withPhoneFacts(i % tpsEvery == 0 ? new TpsEntry(Register.TPS, TPS_REGISTERED_ON, "bench") : null, null, null)
        .withRegisters(new ScreenedRegisters(true, Arrays.stream(Register.values())
            .map(r -> new ScreenedRegisters.Load(r, r + "@" + now, "bench", now)).toList()));
    List<Screening.OffsetMark> waitedFor = List.of(
        new Screening.OffsetMark(Topics.SUPPRESSION_TPS.name(""), 0, 0),
        new Screening.OffsetMark(Topics.SUPPRESSION_CALL_CONSENTS.name(""), 0, 0),
        new Screening.OffsetMark(Topics.SUPPRESSION_PREFERENCES.name(""), 0, 0),
        new Screening.OffsetMark(Topics.SUPPRESSION_PREFERENCES.name(""), 1, 0),
        new Screening.OffsetMark(Topics.SUPPRESSION_DO_NOT_REPEAT.name(""), 1, 0));
    return new Screening(e, view, waitedFor, null);
  }
}
