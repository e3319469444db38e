package io.leadpipeline.suppression;

import io.leadpipeline.avro.AuditEvent;
import io.leadpipeline.avro.CallConsent;
import io.leadpipeline.avro.ConsentStatus;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.suppression.ops.ServiceMetrics;
import io.leadpipeline.suppression.preferences.Channel;
import io.leadpipeline.suppression.preferences.DoNotRepeatRules;
import io.leadpipeline.suppression.preferences.PreferenceRules;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Every change to suppression data goes through here: under the key's lock, read the current
 * record from the local view, decide the next one with the rules in {@code preferences}, write
 * it, wait for the broker's acknowledgement, record it in the view and audit it. Reading,
 * deciding and writing are one step per key, so two concurrent requests for one person cannot
 * lose each other's change; an erasure is such a step whose result may be "nothing".
 *
 * <p>A key whose newest record could not be read ({@link Held.Unreadable}) may have held any
 * restriction: an objection merges onto the most restrictive state, so nothing the record said is
 * lost; a change that lifts a restriction waits ({@link SuppressionView.UnreadableRecordException}).
 */
public final class Suppressions {
  private static final int STRIPES = 256;
  private static final long ACK_TIMEOUT_SECONDS = 60;

  /**
   * A point between reading a key's record and writing the next one, inside the key's lock.
   * Nothing happens there in production; a concurrency test pauses there to force interleavings.
   */
  @FunctionalInterface
  public interface Step {
    Step NONE = (topic, key) -> {};

    void between(TopicSpec<String, ?> topic, String key);
  }

  /** What a merge makes of a key's record. */
  public sealed interface Change<V> {
    /** Write this record. */
    record Put<V>(V value) implements Change<V> {}

    /** Write a tombstone. */
    record Remove<V>() implements Change<V> {}

    /** Write nothing. */
    record Unchanged<V>() implements Change<V> {}

    static <V> Change<V> of(Optional<V> next) {
      return next.<Change<V>>map(Put::new).orElseGet(Remove::new);
    }
  }

  /** What a merge found under the key, and what it wrote (nothing for {@link Change.Unchanged}). */
  public record Merged<V>(Held<V> before, Optional<Written.Record> written) {}

  private final SuppressionLog log;
  private final SuppressionView view;
  private final ServiceMetrics metrics;
  private final Clock clock;
  private final Step step;
  private final Object[] stripes = new Object[STRIPES];

  public Suppressions(SuppressionLog log, SuppressionView view, ServiceMetrics metrics, Clock clock) {
    this(log, view, metrics, clock, Step.NONE);
  }

  public Suppressions(SuppressionLog log, SuppressionView view, ServiceMetrics metrics, Clock clock, Step step) {
    this.log = log;
    this.view = view;
    this.metrics = metrics;
    this.clock = clock;
    this.step = step;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
  }

  public SuppressionView view() {
    return view;
  }

  public SuppressionLog log() {
    return log;
  }

  public Clock clock() {
    return clock;
  }

  /** Opts the person out of marketing on the channels, under every key given. */
  public Written optOut(Subject subject, Set<Channel> channels, String actor) {
    Instant at = clock.instant();
    String source = source(actor);
    List<Written.Record> out = new ArrayList<>();
    for (String key : subject.keys()) {
      mergePreferences(
              key,
              held -> new Change.Put<>(PreferenceRules.optOut(objectingOnto(held, () -> PreferenceRules.mostRestrictive(at, source)), channels, at, source)),
              "opt_out", actor, "OPT_OUT")
          .written().ifPresent(out::add);
    }
    return Written.of(out, at);
  }

  /** Do-not-call under every key given: the phone key, and the subject key for the person. */
  public Written doNotCall(Subject subject, String actor) {
    Instant at = clock.instant();
    String source = source(actor);
    List<Written.Record> out = new ArrayList<>();
    for (String key : subject.keys()) {
      mergePreferences(
              key,
              held -> new Change.Put<>(PreferenceRules.doNotCall(objectingOnto(held, () -> PreferenceRules.mostRestrictive(at, source)), at, source)),
              "do_not_call", actor, "DO_NOT_CALL")
          .written().ifPresent(out::add);
    }
    return Written.of(out, at);
  }

  /** A call consent (TPS override) for the phone key, until {@code expiresAt} if given. */
  public Written grantCallConsent(String phoneKey, Instant expiresAt, String actor) {
    return callConsent(phoneKey, ConsentStatus.GRANTED, expiresAt, "call_consent_granted", actor, "CALL_CONSENT_GRANTED");
  }

  public Written revokeCallConsent(String phoneKey, String actor) {
    return callConsent(phoneKey, ConsentStatus.REVOKED, null, "call_consent_revoked", actor, "CALL_CONSENT_REVOKED");
  }

  /**
   * A call consent replaces the last one for the phone key whole: the next record does not depend
   * on the last, so an unreadable last one does not matter.
   */
  private Written callConsent(
      String phoneKey, ConsentStatus status, Instant expiresAt, String type, String actor, String action) {
    Instant at = clock.instant();
    CallConsent consent =
        CallConsent.newBuilder()
            .setStatus(status)
            .setAt(at)
            .setExpiresAt(expiresAt)
            .setSource(source(actor))
            .build();
    return Written.of(List.of(write(Topics.SUPPRESSION_CALL_CONSENTS, phoneKey, consent, type, actor, action)), at);
  }

  public Written doNotRepeat(String subjectKey, Collection<String> partnerIds, boolean all, String actor) {
    Instant at = clock.instant();
    String source = source(actor);
    return Written.of(
        merge(
                Topics.SUPPRESSION_DO_NOT_REPEAT,
                subjectKey,
                held -> new Change.Put<>(
                    DoNotRepeatRules.add(objectingOnto(held, () -> DoNotRepeatRules.mostRestrictive(at, source)), partnerIds, all, at, source)),
                "do_not_repeat",
                actor,
                "DO_NOT_REPEAT")
            .written().stream().toList(),
        at);
  }

  public Written liftDoNotRepeat(String subjectKey, Collection<String> partnerIds, boolean all, String actor) {
    Instant at = clock.instant();
    return Written.of(
        merge(
                Topics.SUPPRESSION_DO_NOT_REPEAT,
                subjectKey,
                held -> lifting(held).map(cur -> Change.of(DoNotRepeatRules.remove(cur, partnerIds, all, at, source(actor))))
                    .orElseGet(Change.Unchanged::new),
                "do_not_repeat_lifted",
                actor,
                "DO_NOT_REPEAT_LIFTED")
            .written().stream().toList(),
        at);
  }

  /**
   * The person opts back in to the channels and, with {@code calls}, to being called: the
   * do-not-call is cleared and, for a phone, a call consent newer than any do-not-call is written.
   */
  public Written reConsent(Subject subject, Set<Channel> channels, boolean calls, Instant consentExpiresAt, String actor) {
    Instant at = clock.instant();
    // Refused before anything is written when a key's record is unreadable; each merge checks again.
    for (String key : subject.keys()) {
      lifting(view.preferences().state(key));
    }
    List<Written.Record> out = new ArrayList<>();
    for (String key : subject.keys()) {
      mergePreferences(
              key,
              held -> lifting(held).map(cur -> Change.of(PreferenceRules.reConsent(cur, channels, calls, at, source(actor))))
                  .orElseGet(Change.Unchanged::new),
              "re_consent",
              actor,
              "RE_CONSENT")
          .written().ifPresent(out::add);
    }
    if (calls && subject.phoneKey().isPresent()) {
      out.addAll(grantCallConsent(subject.phoneKey().get(), consentExpiresAt, actor).records());
    }
    return Written.of(out, at);
  }

  /**
   * What an objection merges onto: the record held, nothing, or for an unreadable record the most
   * restrictive one, so whatever it said still holds.
   */
  private static <V> V objectingOnto(Held<V> held, java.util.function.Supplier<V> mostRestrictive) {
    return held.fold(() -> null, v -> v, gap -> mostRestrictive.get());
  }

  /**
   * What a lift starts from: the record held or nothing to lift.
   *
   * @throws SuppressionView.UnreadableRecordException for an unreadable record: lifting it would be a guess
   */
  private static <V> Optional<V> lifting(Held<V> held) {
    return held.fold(
        Optional::empty,
        Optional::of,
        gap -> {
          throw new SuppressionView.UnreadableRecordException(gap);
        });
  }

  /** Writes {@code value} (null: tombstone) under {@code key} and audits it. */
  public <V> Written.Record write(TopicSpec<String, V> topic, String key, V value, String type, String actor, String action) {
    synchronized (stripe(key)) {
      return writeLocked(topic, key, value, type, actor, action);
    }
  }

  private Merged<ContactPreferences> mergePreferences(
      String key, Function<Held<ContactPreferences>, Change<ContactPreferences>> change, String type, String actor, String action) {
    return merge(Topics.SUPPRESSION_PREFERENCES, key, change, type, actor, action);
  }

  /**
   * Read, decide and write {@code key}'s record of {@code topic} (one of the view's) as one step
   * under the key's lock: no other change to the key lands between what {@code change} saw and
   * what it wrote.
   */
  public <V> Merged<V> merge(
      TopicSpec<String, V> topic,
      String key,
      Function<Held<V>, Change<V>> change,
      String type,
      String actor,
      String action) {
    view.requireComplete();
    synchronized (stripe(key)) {
      Held<V> before = view.of(topic).state(key);
      step.between(topic, key);
      Change<V> next = change.apply(before);
      if (next instanceof Change.Unchanged<V>) {
        return new Merged<>(before, Optional.empty());
      }
      V value = next instanceof Change.Put<V> put ? put.value() : null;
      return new Merged<>(before, Optional.of(writeLocked(topic, key, value, type, actor, action)));
    }
  }

  private <V> Written.Record writeLocked(
      TopicSpec<String, V> topic, String key, V value, String type, String actor, String action) {
    // A merge into a half-loaded view would overwrite choices it does not hold yet; plain writes
    // wait too, so the service has one rule.
    view.requireComplete();
    CompletableFuture<SuppressionLog.Ack> record = log.append(topic, key, value);
    CompletableFuture<SuppressionLog.Ack> audit = audit(actor, action, topic, key);
    SuppressionLog.Ack ack = await(record);
    await(audit);
    view.apply(topic, key, value, ack.offset());
    metrics.suppressionUpdate(type);
    return new Written.Record(ack.topic(), key, value == null, ack.timestamp());
  }

  /** Appends an audit event: who (key id, never the key), what, where; the record key only. */
  public CompletableFuture<SuppressionLog.Ack> audit(String actor, String action, TopicSpec<?, ?> topic, String recordKey) {
    AuditEvent event =
        AuditEvent.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setAt(clock.instant())
            .setActor(actor)
            .setAction(action)
            .setTopic(topic.baseName())
            .setRecordKey(recordKey)
            .build();
    return log.append(Topics.SUPPRESSION_AUDIT, recordKey == null ? event.getEventId() : recordKey, event);
  }

  /** Waits for an acknowledgement; failures surface as {@link WriteFailedException}. */
  public static SuppressionLog.Ack await(CompletableFuture<SuppressionLog.Ack> ack) {
    try {
      return ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WriteFailedException("interrupted while waiting for Kafka", e);
    } catch (ExecutionException | CompletionException e) {
      throw new WriteFailedException("Kafka did not acknowledge the write: " + e.getCause().getClass().getSimpleName(), e.getCause());
    } catch (TimeoutException e) {
      throw new WriteFailedException("Kafka did not acknowledge the write in time", e);
    }
  }

  /** The record's source: {@code api:<keyId>} for API keys; pages and the CLI name themselves. */
  static String source(String actor) {
    return actor.contains(":") || actor.contains("/") ? actor : "api:" + actor;
  }

  private Object stripe(String key) {
    return stripes[Math.floorMod(key.hashCode(), STRIPES)];
  }

  /** A write Kafka did not acknowledge: the request may be retried (with the same idempotency key). */
  public static final class WriteFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WriteFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
