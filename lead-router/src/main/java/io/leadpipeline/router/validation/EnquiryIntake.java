package io.leadpipeline.router.validation;

import io.leadpipeline.avro.Enquiry;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Reads enquiries as raw bytes and decodes them here rather than in the source's deserializer, so
 * a bad record becomes a value — a dead letter with its original bytes and the reason — instead
 * of an exception (errors as values). A registry outage is not bad data: {@link
 * UndecodableRecords#classify} rethrows it, the task fails, the thread is replaced and the record
 * is read again from the last commit once the registry answers.
 */
public final class EnquiryIntake implements Processor<byte[], byte[], byte[], Intake> {
  private final Deserializer<Enquiry> deserializer;
  private final EnquiryValidation validation;
  private final IntakeCounts metrics;
  private ProcessorContext<byte[], Intake> context;

  public EnquiryIntake(Deserializer<Enquiry> deserializer, EnquiryValidation validation, IntakeCounts metrics) {
    this.deserializer = deserializer;
    this.validation = validation;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<byte[], Intake> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    metrics.received();
    String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("enquiries");
    Enquiry enquiry;
    try {
      enquiry = deserializer.deserialize(topic, record.headers(), record.value());
    } catch (RuntimeException e) {
      reject(record, UndecodableRecords.classify(record.value(), e));
      return;
    }
    if (enquiry == null) {
      reject(record, new Rejection(DeadLetterReason.UNDECODABLE, "record has no value"));
      return;
    }
    EnquiryValidation.Outcome outcome;
    try {
      outcome = validation.validate(enquiry, record.timestamp());
    } catch (NullPointerException e) {
      // Avro lets a generic writer leave a nested field null; the contract does not.
      outcome = new EnquiryValidation.Outcome.Invalid(
          new Rejection(DeadLetterReason.MISSING_FIELD, "a required field is null"));
    }
    if (outcome instanceof EnquiryValidation.Outcome.Valid v) {
      context.forward(record.withValue(new Intake.Valid(v.enquiry())));
    } else if (outcome instanceof EnquiryValidation.Outcome.Invalid invalid) {
      reject(record, invalid.rejection());
    }
  }

  private void reject(Record<byte[], byte[]> record, Rejection rejection) {
    metrics.deadLettered(rejection.reason().label());
    RecordMetadata meta = context.recordMetadata().orElse(null);
    context.forward(
        record
            .withValue(new Intake.Rejected(rejection, record.value()))
            .withHeaders(
                DeadLetters.headers(
                    record.headers(),
                    rejection,
                    meta == null ? "enquiries" : meta.topic(),
                    meta == null ? -1 : meta.partition(),
                    meta == null ? -1 : meta.offset(),
                    context.currentSystemTimeMs())));
  }
}
