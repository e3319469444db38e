package io.leadpipeline.router.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** docs/SPECIFICATION.md §7.4: a failing state store is retried, never dead-lettered. */
class ErrorHandlingTest {
  private final ErrorHandling.Processing handler = new ErrorHandling.Processing();
  private final Record<String, String> record = new Record<>("k", "v", 0L);

  @Test
  void aStoreFailingUnderAProcessorFailsTheTaskInsteadOfDeadLetteringTheRecord() {
    Exception rocks = new StreamsException(new ProcessorStateException("Error while putting key into store offered-leads",
        new RuntimeException("IO error: No such file or directory")));
    assertThat(handler.handleError(context(), record, rocks).result())
        .isEqualTo(ProcessingExceptionHandler.Result.FAIL);
    assertThat(handler.handleError(context(), record, new InvalidStateStoreException("store closed")).result())
        .isEqualTo(ProcessingExceptionHandler.Result.FAIL);
  }

  @Test
  void onlyStoreFailuresCountAsSuch() {
    assertThat(ErrorHandling.storeFailed(new StreamsException(new ProcessorStateException("x")))).isTrue();
    assertThat(ErrorHandling.storeFailed(new IllegalStateException("a bug in a rule"))).isFalse();
    assertThat(ErrorHandling.storeFailed(new StreamsException(new NullPointerException()))).isFalse();
  }

  private static ErrorHandlerContext context() {
    return new ErrorHandlerContext() {
      @Override public String topic() { return "lead-router-allocation-repartition"; }
      @Override public int partition() { return 0; }
      @Override public long offset() { return 1L; }
      @Override public Headers headers() { return new RecordHeaders(); }
      @Override public String processorNodeId() { return "allocate"; }
      @Override public TaskId taskId() { return new TaskId(3, 0); }
      @Override public long timestamp() { return 0L; }
      @Override public byte[] sourceRawKey() { return new byte[0]; }
      @Override public byte[] sourceRawValue() { return new byte[0]; }
    };
  }
}
