package io.leadpipeline.suppression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.suppression.ops.ServiceMetrics;
import io.leadpipeline.suppression.preferences.Channel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SuppressionsTest {
  private final InMemorySuppressionLog log = new InMemorySuppressionLog(Clock.systemUTC());
  private final SuppressionView view = new SuppressionView();
  private final Suppressions suppressions = new Suppressions(log, view, new ServiceMetrics(), Clock.systemUTC());
  private final Subject person = Subject.ofSubjectKey("a".repeat(64));

  @Test
  void concurrentChangesForOnePersonAreSerialisedSoNoneIsLost() throws Exception {
    view.markCaughtUp();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Channel c = List.of(Channel.EMAIL_MARKETING, Channel.PHONE_MARKETING, Channel.SMS).get(i % 3);
      futures.add(pool.submit(() -> suppressions.optOut(person, Set.of(c), "crm")));
      if (i == 100) {
        futures.add(pool.submit(() -> suppressions.doNotCall(person, "crm")));
      }
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    List<InMemorySuppressionLog.Appended> prefs = log.on("suppression.preferences");
    ContactPreferences last = (ContactPreferences) prefs.get(prefs.size() - 1).value();
    assertThat(last.getEmailMarketingOptOutAt()).isNotNull();
    assertThat(last.getPhoneMarketingOptOutAt()).isNotNull();
    assertThat(last.getSmsOptOutAt()).isNotNull();
    assertThat(last.getDoNotCallAt()).isNotNull();
    assertThat(view.preferences().get(person.keys().get(0))).contains(last);
  }

  @Test
  void noMergeIsWrittenBeforeTheViewHasCaughtUp() {
    assertThatThrownBy(() -> suppressions.optOut(person, Set.of(Channel.SMS), "crm"))
        .isInstanceOf(SuppressionView.ViewIncompleteException.class)
        .hasMessageContaining("still reading");
    assertThat(log.appended()).isEmpty();
  }

  @Test
  void aStaleRecordFromTheConsumerNeverReplacesAFresherWrite() {
    view.markCaughtUp();
    suppressions.doNotCall(person, "crm"); // offset 0 (preferences) and 1 (audit)
    suppressions.optOut(person, Set.of(Channel.SMS), "crm"); // offset 2
    ContactPreferences fresh = view.preferences().get(person.keys().get(0)).orElseThrow();
    view.apply(io.leadpipeline.topics.Topics.SUPPRESSION_PREFERENCES, person.keys().get(0), null, 0);
    assertThat(view.preferences().get(person.keys().get(0))).contains(fresh);
  }
}
