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
 * Every change to suppression data goes through here: read the current record from the local
 * view, merge the change with the rules in {@code preferences}, write it, wait for the broker's
 * acknowledgement, record it in the view and audit it. Writes to one key are serialised, so two
 * concurrent requests for one person cannot lose each other's change.
 */
public final class Suppressions {
  private static final int STRIPES = 256;
  private static final long ACK_TIMEOUT_SECONDS = 60;

  private final SuppressionLog log;
  private final SuppressionView view;
  private final ServiceMetrics metrics;
  private final Clock clock;
  private final Object[] stripes = new Object[STRIPES];

  public Suppressions(SuppressionLog log, SuppressionView view, ServiceMetrics metrics, Clock clock) {
    this.log = log;
    this.view = view;
    this.metrics = metrics;
    this.clock = clock;
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
    List<Written.Record> out = new ArrayList<>();
    for (String key : subject.keys()) {
      out.add(
          mergePreferences(
              key, cur -> Optional.of(PreferenceRules.optOut(cur, channels, at, source(actor))), "opt_out", actor, "OPT_OUT"));
    }
    return Written.of(out, at);
  }

  /** Do-not-call under every key given: the phone key, and the subject key for the person. */
  public Written doNotCall(Subject subject, String actor) {
    Instant at = clock.instant();
    List<Written.Record> out = new ArrayList<>();
    for (String key : subject.keys()) {
      out.add(
          mergePreferences(
              key, cur -> Optional.of(PreferenceRules.doNotCall(cur, at, source(actor))), "do_not_call", actor, "DO_NOT_CALL"));
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

  /** A call consent replaces the last one for the phone key whole, so it is written, not merged. */
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
    return Written.of(
        List.of(
            merge(
                Topics.SUPPRESSION_DO_NOT_REPEAT,
                view.doNotRepeat(),
                subjectKey,
                cur -> Optional.of(DoNotRepeatRules.add(cur, partnerIds, all, at, source(actor))),
                "do_not_repeat",
                actor,
                "DO_NOT_REPEAT")),
        at);
  }

  public Written liftDoNotRepeat(String subjectKey, Collection<String> partnerIds, boolean all, String actor) {
    Instant at = clock.instant();
    if (view.doNotRepeat().get(subjectKey).isEmpty()) {
      return Written.of(List.of(), at);
    }
    return Written.of(
        List.of(
            merge(
                Topics.SUPPRESSION_DO_NOT_REPEAT,
                view.doNotRepeat(),
                subjectKey,
                cur -> DoNotRepeatRules.remove(cur, partnerIds, all, at, source(actor)),
                "do_not_repeat_lifted",
                actor,
                "DO_NOT_REPEAT_LIFTED")),
        at);
  }

  /**
   * The person opts back in to the channels and, with {@code calls}, to being called: the
   * do-not-call is cleared and, for a phone, a call consent newer than any do-not-call is written.
   */
  public Written reConsent(Subject subject, Set<Channel> channels, boolean calls, Instant consentExpiresAt, String actor) {
    Instant at = clock.instant();
    List<Written.Record> out = new ArrayList<>();
    for (String key : subject.keys()) {
      if (view.preferences().get(key).isPresent()) {
        out.add(
            mergePreferences(
                key,
                cur -> PreferenceRules.reConsent(cur, channels, calls, at, source(actor)),
                "re_consent",
                actor,
                "RE_CONSENT"));
      }
    }
    if (calls && subject.phoneKey().isPresent()) {
      out.addAll(grantCallConsent(subject.phoneKey().get(), consentExpiresAt, actor).records());
    }
    return Written.of(out, at);
  }

  /** Writes {@code value} (null: tombstone) under {@code key} and audits it. */
  public <V> Written.Record write(TopicSpec<String, V> topic, String key, V value, String type, String actor, String action) {
    synchronized (stripe(key)) {
      return writeLocked(topic, key, value, type, actor, action);
    }
  }

  /**
   * Read-modify-write of a preferences record; {@code change} returns empty to remove the record.
   */
  private Written.Record mergePreferences(
      String key, Function<ContactPreferences, Optional<ContactPreferences>> change, String type, String actor, String action) {
    return merge(Topics.SUPPRESSION_PREFERENCES, view.preferences(), key, change, type, actor, action);
  }

  public <V> Written.Record merge(
      TopicSpec<String, V> topic,
      KeyedView<V> current,
      String key,
      Function<V, Optional<V>> change,
      String type,
      String actor,
      String action) {
    synchronized (stripe(key)) {
      V next = change.apply(current.get(key).orElse(null)).orElse(null);
      return writeLocked(topic, key, next, type, actor, action);
    }
  }

  private <V> Written.Record writeLocked(
      TopicSpec<String, V> topic, String key, V value, String type, String actor, String action) {
    // A merge into a half-loaded view, or one with a record it could not read, would overwrite
    // choices it does not hold; plain writes wait too, so the service has one rule.
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
