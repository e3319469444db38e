package io.leadpipeline.suppression.dsar;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.CallConsent;
import io.leadpipeline.avro.ConsentStatus;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.suppression.InMemorySuppressionLog;
import io.leadpipeline.suppression.Subject;
import io.leadpipeline.suppression.SuppressionView;
import io.leadpipeline.suppression.Suppressions;
import io.leadpipeline.suppression.ops.ServiceMetrics;
import io.leadpipeline.suppression.preferences.Channel;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An erasure decides from what a key holds and may write a tombstone; an objection for the same
 * person that arrives between the two must not end up under the tombstone. Each interleaving
 * pauses the erasure inside {@link Suppressions.Step} (between its read and its write of the key
 * the objection touches), starts the objection, lets the erasure go on only once the objection
 * has either finished or is blocked waiting for the key, and then checks that the objection is
 * what the key holds, in the view and last on the log.
 *
 * <p>The person's records are the ones an erasure would remove: a preference record that stops
 * nothing (as a record with only positive facts would be) and a granted call consent.
 */
@Timeout(600)
class ErasureInterleavingTest {
  /** Interleavings per run; -Derasure.interleavings=100000 for a longer one. */
  private static final int INTERLEAVINGS = Integer.getInteger("erasure.interleavings", 10_000);
  private static final Instant EARLIER = Instant.parse("2026-01-05T09:00:00Z");

  private enum Objection { OPT_OUT, DO_NOT_CALL, DO_NOT_REPEAT, CONSENT_REVOCATION }

  /** Where the erasure pauses: the thread, the topic and key, and the latches of this round. */
  private record Pause(Thread eraser, TopicSpec<String, ?> topic, String key, CountDownLatch read, CountDownLatch go) {}

  private final InMemorySuppressionLog log = new InMemorySuppressionLog(Clock.systemUTC());
  private final SuppressionView view = new SuppressionView();
  private final ServiceMetrics metrics = new ServiceMetrics();
  private final AtomicReference<Pause> pause = new AtomicReference<>();
  private final Suppressions suppressions =
      new Suppressions(log, view, metrics, Clock.systemUTC(), (topic, key) -> {
        Pause p = pause.get();
        if (p != null && Thread.currentThread() == p.eraser() && topic == p.topic() && key.equals(p.key())) {
          p.read().countDown();
          awaitLatch(p.go());
        }
      });
  private final Erasures erasures =
      new Erasures(suppressions, subjectKey -> new DecisionSource.Decisions(List.of(), 0));

  @AfterEach
  void close() {
    metrics.close();
  }

  @Test
  void noObjectionIsLostToAnErasureDecidedBeforeItArrived() throws Exception {
    view.markCaughtUp();
    int lost = 0;
    int forced = 0;
    int[] byKind = new int[Objection.values().length];
    for (int i = 0; i < INTERLEAVINGS; i++) {
      Objection kind = Objection.values()[i % Objection.values().length];
      String subjectKey = "subject-" + i;
      String phoneKey = "phone-" + i;
      seed(subjectKey, phoneKey);

      TopicSpec<String, ?> topic = switch (kind) {
        case OPT_OUT, DO_NOT_CALL -> Topics.SUPPRESSION_PREFERENCES;
        case DO_NOT_REPEAT -> Topics.SUPPRESSION_DO_NOT_REPEAT;
        case CONSENT_REVOCATION -> Topics.SUPPRESSION_CALL_CONSENTS;
      };
      String key = kind == Objection.OPT_OUT || kind == Objection.DO_NOT_REPEAT ? subjectKey : phoneKey;
      Thread eraser = new Thread(() -> erasures.erase(new Subject(Optional.of(subjectKey), Optional.of(phoneKey)), "dsar"));
      Pause p = new Pause(eraser, topic, key, new CountDownLatch(1), new CountDownLatch(1));
      pause.set(p);
      eraser.start();
      assertThat(p.read().await(30, TimeUnit.SECONDS)).as("the erasure read the key").isTrue();

      Thread objector = new Thread(() -> object(kind, subjectKey, phoneKey));
      objector.start();
      // The objection either lands now (no lock held by the erasure) or waits for the key's lock.
      if (objectionLandedOrBlocked(objector)) {
        forced++;
      }
      p.go().countDown();
      eraser.join(30_000);
      objector.join(30_000);
      assertThat(eraser.isAlive() || objector.isAlive()).as("round %d finished", i).isFalse();

      if (!honoured(kind, subjectKey, phoneKey)) {
        lost++;
      }
      byKind[kind.ordinal()]++;
    }
    assertThat(forced).as("interleavings forced between the erasure's read and its write").isEqualTo(INTERLEAVINGS);
    assertThat(byKind).containsOnly(INTERLEAVINGS / Objection.values().length);
    assertThat(lost).as("objections lost out of %d", INTERLEAVINGS).isZero();
  }

  /** What an erasure would remove: an empty preference record under both keys and a granted consent. */
  private void seed(String subjectKey, String phoneKey) {
    ContactPreferences nothing = ContactPreferences.newBuilder().setUpdatedAt(EARLIER).setSource("api:crm").build();
    view.apply(Topics.SUPPRESSION_PREFERENCES, subjectKey, nothing, -1);
    view.apply(Topics.SUPPRESSION_PREFERENCES, phoneKey, nothing, -1);
    view.apply(
        Topics.SUPPRESSION_CALL_CONSENTS, phoneKey,
        CallConsent.newBuilder().setStatus(ConsentStatus.GRANTED).setAt(EARLIER).setSource("api:crm").build(), -1);
  }

  private void object(Objection kind, String subjectKey, String phoneKey) {
    switch (kind) {
      case OPT_OUT -> suppressions.optOut(Subject.ofSubjectKey(subjectKey), EnumSet.of(Channel.EMAIL_MARKETING), "crm");
      case DO_NOT_CALL -> suppressions.doNotCall(new Subject(Optional.empty(), Optional.of(phoneKey)), "crm");
      case DO_NOT_REPEAT -> suppressions.doNotRepeat(subjectKey, List.of("acme"), false, "crm");
      case CONSENT_REVOCATION -> suppressions.revokeCallConsent(phoneKey, "crm");
    }
  }

  /** The objection is what the key holds, in the view and as the key's last record on the log. */
  private boolean honoured(Objection kind, String subjectKey, String phoneKey) {
    return switch (kind) {
      case OPT_OUT -> view.preferences().get(subjectKey).map(p -> p.getEmailMarketingOptOutAt() != null).orElse(false)
          && last("suppression.preferences", subjectKey) instanceof ContactPreferences p && p.getEmailMarketingOptOutAt() != null;
      case DO_NOT_CALL -> view.preferences().get(phoneKey).map(p -> p.getDoNotCallAt() != null).orElse(false)
          && last("suppression.preferences", phoneKey) instanceof ContactPreferences p && p.getDoNotCallAt() != null;
      case DO_NOT_REPEAT -> view.doNotRepeat().get(subjectKey).map(d -> d.getPartnerIds().contains("acme")).orElse(false)
          && last("suppression.do-not-repeat", subjectKey) != null;
      case CONSENT_REVOCATION -> view.callConsents().get(phoneKey).map(c -> c.getStatus() == ConsentStatus.REVOKED).orElse(false)
          && last("suppression.call-consents", phoneKey) instanceof CallConsent c && c.getStatus() == ConsentStatus.REVOKED;
    };
  }

  private Object last(String topic, String key) {
    return log.last(topic, key).map(InMemorySuppressionLog.Appended::value).orElse(null);
  }

  /**
   * Waits, on the objector's own state, until it has finished or is blocked on a lock; false if
   * neither happened within the bound (the round then proves nothing and is not counted).
   */
  private static boolean objectionLandedOrBlocked(Thread objector) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Thread.State s = objector.getState();
      if (s == Thread.State.TERMINATED || s == Thread.State.BLOCKED) {
        return true;
      }
      Thread.onSpinWait();
    }
    return false;
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never let the erasure go on");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
