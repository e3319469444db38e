package io.leadpipeline.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.ContactPreferences;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One request given with email and phone is written under both keys with one time: the router
 * tells partners once per request, and a request is known by that time
 * (docs/suppression-integrity.md §3).
 * The clock moves on every read, so a second read for the second key would show.
 */
@Timeout(60)
class OneRequestOneTimeTest {
  private static final String EMAIL = "pat@example.org";
  private static final String PHONE = "+44 20 7946 0099";
  @TempDir Path state;

  /** A clock that is one millisecond later at every read. */
  static final class Ticking extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-01T09:00:00Z"));

    @Override
    public Instant instant() {
      return now.getAndUpdate(t -> t.plus(Duration.ofMillis(1)));
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private List<ContactPreferences> preferencesWritten(TestService t, int from) {
    return t.log.appended().subList(from, t.log.appended().size()).stream()
        .filter(a -> a.topic().equals("suppression.preferences"))
        .map(a -> (ContactPreferences) a.value())
        .toList();
  }

  @Test
  void aDoNotCallWithEmailAndPhoneHasOneTimeUnderBothKeys() throws Exception {
    try (TestService t = new TestService(state, 1000, new Ticking())) {
      int from = t.log.appended().size();
      assertThat(t.post("/v1/do-not-call", TestService.WRITER,
          "{\"email\":\"" + EMAIL + "\",\"phone\":\"" + PHONE + "\"}").statusCode()).isEqualTo(200);
      List<ContactPreferences> written = preferencesWritten(t, from);
      assertThat(written).hasSize(2);
      assertThat(written.get(0).getDoNotCallAt()).isNotNull().isEqualTo(written.get(1).getDoNotCallAt());
    }
  }

  @Test
  void anOptOutWithEmailAndPhoneHasOneTimeUnderBothKeys() throws Exception {
    try (TestService t = new TestService(state, 1000, new Ticking())) {
      int from = t.log.appended().size();
      assertThat(t.post("/v1/opt-outs", TestService.WRITER,
          "{\"email\":\"" + EMAIL + "\",\"phone\":\"" + PHONE + "\",\"channels\":[\"EMAIL_MARKETING\",\"SMS\"]}").statusCode())
          .isEqualTo(200);
      List<ContactPreferences> written = preferencesWritten(t, from);
      assertThat(written).hasSize(2);
      assertThat(written.get(0).getEmailMarketingOptOutAt()).isNotNull().isEqualTo(written.get(1).getEmailMarketingOptOutAt());
      assertThat(written.get(0).getSmsOptOutAt()).isEqualTo(written.get(1).getSmsOptOutAt());
    }
  }
}
