package io.leadpipeline.router.suppression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.leadpipeline.router.ops.RouterMetrics;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A held enquiry is counted on every failed look-up, and logged once until it is released. */
class UnreadableHoldsTest {
  private final RouterMetrics metrics = RouterMetrics.unscraped();
  private final Logger log = (Logger) LoggerFactory.getLogger(UnreadableHoldsTest.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final UnreadableHolds holds = new UnreadableHolds(log, metrics);

  UnreadableHoldsTest() {
    lines.start();
    log.addAppender(lines);
  }

  @AfterEach
  void detach() {
    log.detachAppender(lines);
  }

  /** What a look-up throws when the record's bytes do not decode; the message quotes the data. */
  private static UnreadableRecord unreadable(String table) {
    SuppressionTable<Object> damaged = new SuppressionTable<>(table, "topic", (topic, data) -> {
      throw new SerializationException("cannot decode 07700 900123");
    });
    return catchThrowableOfType(UnreadableRecord.class, () -> UnreadableRecord.decode(damaged, new byte[] {0, 1}));
  }

  @Test
  void everyFailedLookUpIsCountedButTheEnquiryIsLoggedOnce() {
    for (int i = 0; i < 3; i++) {
      holds.held("0000000000001|e-1", "e-1", unreadable("call_consents"));
    }

    assertThat(metrics.count("suppression.lookups.unreadable", "table", "call_consents")).isEqualTo(3.0);
    assertThat(lines.list).singleElement().satisfies(line -> {
      assertThat(line.getFormattedMessage())
          .contains("holding enquiry e-1", "call_consents", SerializationException.class.getName())
          .doesNotContain("07700");
    });
  }

  @Test
  void eachHeldEnquiryIsLoggedOnItsOwn() {
    holds.held("0000000000001|e-1", "e-1", unreadable("preferences"));
    holds.held("0000000000002|e-2", "e-2", unreadable("do_not_repeat"));

    assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
        .satisfiesExactly(
            first -> assertThat(first).contains("e-1", "preferences"),
            second -> assertThat(second).contains("e-2", "do_not_repeat"));
  }

  @Test
  void anEnquiryHeldAgainAfterItsReleaseIsLoggedAgain() {
    holds.held("0000000000001|e-1", "e-1", unreadable("preferences"));
    holds.released("0000000000001|e-1");
    holds.held("0000000000001|e-1", "e-1", unreadable("preferences"));

    assertThat(lines.list).hasSize(2);
  }
}
