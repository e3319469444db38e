package io.leadpipeline.gateway;

import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.CorrectionNotice;
import io.leadpipeline.avro.DeliveryAttempt;
import io.leadpipeline.avro.DeliveryChannel;
import io.leadpipeline.avro.DeliveryDeadLetter;
import io.leadpipeline.avro.DeliveryOutcome;
import io.leadpipeline.avro.DeliveryState;
import io.leadpipeline.avro.DeliveryStatus;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.avro.Erasure;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.gateway.email.EmailMessage;
import io.leadpipeline.gateway.email.PartnerEmails;
import io.leadpipeline.gateway.email.SmtpMailer;
import io.leadpipeline.gateway.retry.AttemptResult;
import io.leadpipeline.gateway.retry.RetryPolicy;
import io.leadpipeline.gateway.screening.Screening;
import io.leadpipeline.gateway.signing.SigningSecret;
import io.leadpipeline.gateway.signing.SigningSecrets;
import io.leadpipeline.gateway.webhook.WebhookClient;
import io.leadpipeline.gateway.webhook.WebhookPayloads;
import io.leadpipeline.identity.InvalidIdentifierException;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery loop (docs/partner-delivery.md §2): a consumer group over every partner's lead and
 * notice topics and the redelivery requests, read committed. Each partition is a lane delivered
 * strictly in order, one attempt in flight at a time, on a worker pool: a lane whose head waits for
 * a retry stops only itself (its fetches are paused once its buffer is full) while every other
 * lane goes on. The outcome of each attempt (retry state, delivery log, dead letter) and the
 * consumer offsets are committed in one Kafka transaction; HTTP and SMTP are at least once, and
 * partners dedupe on the webhook-id, which is the lead or notice id on every retry.
 */
public final class PartnerGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PartnerGateway.class);
  private static final int LANE_BUFFER = 500;

  private final GatewayConfig config;
  private final Clock clock;
  private final GatewayMetrics metrics;
  private final SubjectKeys subjectKeys;
  private final SigningSecrets secrets;
  private final WebhookClient webhooks;
  private final SmtpMailer mailer;
  private final Map<String, Object> client;
  private final TopicSerdes serdes;
  private final Deserializer<Lead> leads;
  private final Deserializer<ContactNotice> notices;
  private final Deserializer<CorrectionNotice> corrections;
  private final Deserializer<DeliveryDeadLetter> requests;
  private final Map<String, org.apache.kafka.common.serialization.Serializer<?>> serializers = new HashMap<>();

  private final Map<String, Partner> partners = new ConcurrentHashMap<>();
  private final Map<String, DeliveryState> states = new ConcurrentHashMap<>();
  private final Map<String, Instant> erasures = new ConcurrentHashMap<>();
  private final Map<String, DoNotRepeat> doNotRepeat = new ConcurrentHashMap<>();
  private final Map<String, ContactPreferences> preferences = new ConcurrentHashMap<>();
  private final List<TopicView<?>> views = new ArrayList<>();
  private TopicView<DeliveryState> stateView;

  private final Map<TopicPartition, Lane> lanes = new HashMap<>();
  private final java.util.concurrent.BlockingQueue<Boolean> finishedAttempts = new java.util.concurrent.LinkedBlockingQueue<>();
  private final ExecutorService workers;
  private KafkaConsumer<String, byte[]> consumer;
  private KafkaProducer<String, byte[]> producer;
  private KafkaConsumer<String, byte[]> sourceReader;
  private volatile boolean running = true;
  private final String leadsPrefix;
  private final String noticesPrefix;
  private final String correctionsPrefix;
  private final String redeliveries;

  /** One partition's records in order, and the attempt in flight for its head. */
  private static final class Lane {
    final TopicPartition tp;
    final ArrayDeque<ConsumerRecord<String, byte[]>> queue = new ArrayDeque<>();
    Future<AttemptResult> inFlight;
    Work inFlightWork;
    Work resolved; // a redelivery request's source record, once read
    Map<TopicPartition, Long> stateTarget;
    boolean pausedForBuffer;
    boolean resolvedPendingReset;
    String heldBecause;

    Lane(TopicPartition tp) {
      this.tp = tp;
    }
  }

  /** A lead, notice or correction notice to deliver, with where it came from. */
  private record Work(
      String deliveryId, String partnerId, String topic, int partition, long offset, Instant appendedAt,
      Lead lead, ContactNotice notice, boolean redelivery, CorrectionNotice correction) {
    Work(String deliveryId, String partnerId, String topic, int partition, long offset, Instant appendedAt,
        Lead lead, ContactNotice notice, boolean redelivery) {
      this(deliveryId, partnerId, topic, partition, offset, appendedAt, lead, notice, redelivery, null);
    }
  }

  /** What one round writes in one transaction. */
  private final class Batch {
    final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    final List<DeliveryState> stateWrites = new ArrayList<>();
    final List<DeliveryAttempt> logWrites = new ArrayList<>();

    void state(DeliveryState s) {
      stateWrites.add(s);
      records.add(record(Topics.PARTNER_DELIVERY_STATE, s.getDeliveryId(), s));
    }

    void log(DeliveryAttempt a) {
      logWrites.add(a);
      records.add(record(Topics.PARTNER_DELIVERY_LOG, a.getDeliveryId(), a));
    }

    void deadLetter(DeliveryDeadLetter d) {
      records.add(record(Topics.PARTNER_DELIVERY_DEAD_LETTERS, d.getDeliveryId(), d));
    }

    boolean isEmpty() {
      return records.isEmpty() && offsets.isEmpty();
    }
  }

  PartnerGateway(GatewayConfig config, Map<String, Object> client, TopicSerdes serdes, SigningSecrets secrets,
      WebhookClient webhooks, SmtpMailer mailer, GatewayMetrics metrics, Clock clock) {
    this.config = config;
    this.client = Map.copyOf(client);
    this.serdes = serdes;
    this.leads = serdes.value(Topics.leads(io.leadpipeline.avro.PartnerKind.LANDLORD, "x")).deserializer();
    this.notices = serdes.value(Topics.notices(io.leadpipeline.avro.PartnerKind.LANDLORD, "x")).deserializer();
    this.corrections = serdes.value(Topics.corrections("x")).deserializer();
    this.requests = serdes.value(Topics.PARTNER_DELIVERY_REDELIVERIES).deserializer();
    this.secrets = secrets;
    this.webhooks = webhooks;
    this.mailer = mailer;
    this.metrics = metrics;
    this.clock = clock;
    this.subjectKeys = new SubjectKeys(config.subjectKeySecret());
    this.workers = Executors.newFixedThreadPool(config.workers(), r -> {
      Thread t = new Thread(r, "delivery-worker");
      t.setDaemon(true);
      return t;
    });
    this.leadsPrefix = config.prefix() + "leads.";
    this.noticesPrefix = config.prefix() + "notices.";
    this.correctionsPrefix = config.prefix() + "notices.correction.";
    this.redeliveries = Topics.PARTNER_DELIVERY_REDELIVERIES.name(config.prefix());
  }

  // ---- start, loop, stop ----

  void start() {
    view(Topics.PARTNERS, (k, v) -> {
      if (v == null) {
        partners.remove(k);
      } else {
        partners.put(k, v);
      }
    });
    stateView = view(Topics.PARTNER_DELIVERY_STATE, (k, v) -> {
      if (v != null) {
        mergeState(v);
      }
    });
    view(Topics.SUPPRESSION_ERASURES, (k, v) -> {
      if (v != null) {
        erased(v);
      }
    });
    view(Topics.SUPPRESSION_DO_NOT_REPEAT, (k, v) -> {
      if (v == null) {
        doNotRepeat.remove(k);
      } else {
        doNotRepeat.put(k, v);
      }
    });
    view(Topics.SUPPRESSION_PREFERENCES, (k, v) -> {
      if (v == null) {
        preferences.remove(k);
      } else {
        preferences.put(k, v);
      }
    });

    Map<String, Object> p = new HashMap<>(client);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.groupId() + "-" + java.util.UUID.randomUUID());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    producer.initTransactions();

    Map<String, Object> c = new HashMap<>(client);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
    c.putIfAbsent(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 10_000); // new partners' topics join soon
    consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    Map<String, Object> s = new HashMap<>(client);
    s.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    s.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    sourceReader = new KafkaConsumer<>(s, new StringDeserializer(), new ByteArrayDeserializer());

    Pattern topics = Pattern.compile(Pattern.quote(config.prefix())
        + "(leads\\.(landlord|operator)\\..+|notices\\.(landlord|operator|correction)\\..+|"
        + Pattern.quote(Topics.PARTNER_DELIVERY_REDELIVERIES.baseName()) + ")");
    consumer.subscribe(topics, new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> parts) {
        // In-flight results of a revoked lane are dropped: its next owner tries again, and the
        // partner's dedupe on webhook-id absorbs the repeat.
        parts.forEach(lanes::remove);
      }

      @Override
      public void onPartitionsLost(Collection<TopicPartition> parts) {
        parts.forEach(lanes::remove);
      }

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> parts) {
        // A lane starts once the state view has read every state committed before it was
        // assigned, so a resumed schedule never starts again from attempt 1.
        Map<TopicPartition, Long> target = stateEnds();
        for (TopicPartition tp : parts) {
          Lane lane = new Lane(tp);
          lane.stateTarget = target;
          lanes.put(tp, lane);
        }
      }
    });
  }

  private <V> TopicView<V> view(TopicSpec<String, V> spec, java.util.function.BiConsumer<String, V> apply) {
    Deserializer<V> values = serdes.value(spec).deserializer();
    TopicView<V> v = new TopicView<>(spec.name(config.prefix()), client, values, apply);
    v.start();
    views.add(v);
    return v;
  }

  private Map<TopicPartition, Long> stateEnds() {
    String topic = Topics.PARTNER_DELIVERY_STATE.name(config.prefix());
    List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
        .map(pi -> new TopicPartition(topic, pi.partition())).toList();
    return consumer.endOffsets(parts);
  }

  /** Runs until {@link #stop()}. */
  public void run() {
    try {
      while (running) {
        runOnce();
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void runOnce() throws InterruptedException {
    // Never block in poll while attempts are running: a finished attempt wakes the loop at once
    // through `finishedAttempts`, so a partner's next lead does not wait for a poll timeout.
    finishedAttempts.clear();
    int fetched = 0;
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ZERO)) {
      Lane lane = lanes.get(new TopicPartition(r.topic(), r.partition()));
      if (lane != null) {
        lane.queue.add(r);
        fetched++;
      }
    }
    flowControl();
    if (!viewsReady()) {
      finishedAttempts.poll(50, TimeUnit.MILLISECONDS);
      return;
    }
    // Two transactions: finished attempts first, so that what they settle (a delivered lead, an
    // endpoint disabled by 410) is committed and visible before any lane decides its next step.
    Batch finished = new Batch();
    for (Lane lane : lanes.values()) {
      collect(lane, finished);
    }
    if (!finished.isEmpty() && !commit(finished)) {
      return;
    }
    Batch next = new Batch();
    for (Lane lane : lanes.values()) {
      advance(lane, next);
    }
    if (!next.isEmpty()) {
      commit(next);
    }
    gauges();
    if (fetched == 0 && finished.isEmpty() && next.isEmpty()) {
      // Idle: wait for an attempt to finish, or briefly for new records or a due retry.
      finishedAttempts.poll(20, TimeUnit.MILLISECONDS);
    }
  }

  boolean viewsReady() {
    for (TopicView<?> v : views) {
      if (!v.caughtUp()) {
        return false;
      }
    }
    return true;
  }

  boolean healthy() {
    return views.stream().allMatch(TopicView::healthy);
  }

  public void stop() {
    running = false;
    if (consumer != null) {
      consumer.wakeup();
    }
  }

  @Override
  public void close() {
    workers.shutdownNow();
    views.forEach(TopicView::close);
    if (consumer != null) {
      consumer.close();
    }
    if (sourceReader != null) {
      sourceReader.close();
    }
    if (producer != null) {
      producer.close();
    }
  }

  // ---- one lane ----

  private void flowControl() {
    List<TopicPartition> pause = new ArrayList<>();
    List<TopicPartition> resume = new ArrayList<>();
    for (Lane lane : lanes.values()) {
      if (!lane.pausedForBuffer && lane.queue.size() >= LANE_BUFFER) {
        lane.pausedForBuffer = true;
        pause.add(lane.tp);
      } else if (lane.pausedForBuffer && lane.queue.size() < LANE_BUFFER / 2) {
        lane.pausedForBuffer = false;
        resume.add(lane.tp);
      }
    }
    if (!pause.isEmpty()) {
      consumer.pause(pause);
    }
    if (!resume.isEmpty()) {
      consumer.resume(resume);
    }
  }

  private void advance(Lane lane, Batch batch) {
    lane.heldBecause = null;
    if (lane.stateTarget != null) {
      if (!stateView.reached(lane.stateTarget)) {
        return;
      }
      lane.stateTarget = null;
    }
    while (lane.inFlight == null && !lane.queue.isEmpty()) {
      ConsumerRecord<String, byte[]> head = lane.queue.peek();
      boolean done = step(lane, head, batch);
      if (!done) {
        return;
      }
      lane.queue.poll();
      lane.resolved = null;
      batch.offsets.put(lane.tp, new OffsetAndMetadata(head.offset() + 1));
    }
  }

  /** Works on the head of a lane; true when it is finished with and the lane moves on. */
  private boolean step(Lane lane, ConsumerRecord<String, byte[]> head, Batch batch) {
    Work work;
    if (head.topic().equals(redeliveries)) {
      Optional<Work> w = redelivery(lane, head, batch);
      if (w.isEmpty()) {
        return !lane.resolvedPendingReset;
      }
      work = w.get();
    } else {
      Optional<Work> w = decode(head, batch);
      if (w.isEmpty()) {
        return true;
      }
      work = w.get();
    }
    return deliverOrWait(lane, work, batch);
  }

  private boolean deliverOrWait(Lane lane, Work work, Batch batch) {
    DeliveryState state = states.get(work.deliveryId());
    if (state != null && state.getStatus() != DeliveryStatus.RETRYING) {
      return true; // already settled (a replay after a crash between attempt and commit, or a redelivery done)
    }
    Partner partner = partners.get(work.partnerId());
    if (partner == null) {
      lane.heldBecause = "unknown partner";
      return false;
    }
    Instant now = clock.instant();
    if (state != null && state.getNextAttemptAt() != null && state.getNextAttemptAt().isAfter(now)) {
      return false;
    }
    DeliveryChannel channel = partner.getChannel();
    if (channel == DeliveryChannel.NONE) {
      settle(batch, work, state, channel, DeliveryStatus.SKIPPED, DeliveryOutcome.SKIPPED, null,
          "the partner takes no delivery from the gateway", 0);
      return true;
    }
    Lead lead = work.lead();
    ContactNotice notice = work.notice();
    CorrectionNotice correction = work.correction();
    if (correction != null) {
      // Like a notice: only about a lead the partner received (docs/SPECIFICATION.md §8.5).
      DeliveryState ls = states.get(correction.getLeadId());
      if (ls == null || ls.getStatus() == DeliveryStatus.RETRYING) {
        lane.heldBecause = "correction waits for its lead";
        return false;
      }
      if (ls.getStatus() != DeliveryStatus.DELIVERED) {
        settle(batch, work, state, channel, DeliveryStatus.SKIPPED, DeliveryOutcome.SKIPPED, null,
            "the correction's lead did not reach the partner", 0);
        return true;
      }
    } else if (notice != null) {
      List<String> delivered = new ArrayList<>();
      for (String leadId : notice.getLeadIds()) {
        DeliveryState ls = states.get(leadId);
        if (ls == null || ls.getStatus() == DeliveryStatus.RETRYING) {
          lane.heldBecause = "notice waits for its lead";
          return false;
        }
        if (ls.getStatus() == DeliveryStatus.DELIVERED) {
          delivered.add(leadId);
        }
      }
      if (delivered.isEmpty()) {
        settle(batch, work, state, channel, DeliveryStatus.SKIPPED, DeliveryOutcome.SKIPPED, null,
            "none of the notice's leads reached the partner", 0);
        return true;
      }
      notice = ContactNotice.newBuilder(notice).setLeadIds(delivered).build();
    } else {
      Screening.Verdict verdict = Screening.screen(lead, facts(lead));
      if (verdict instanceof Screening.Verdict.Withhold w) {
        settle(batch, work, state, channel, DeliveryStatus.SUPPRESSED, DeliveryOutcome.SUPPRESSED, null, w.reason(), 0);
        return true;
      }
      lead = ((Screening.Verdict.Deliver) verdict).lead();
    }
    int attemptsBefore = state == null ? 0 : state.getAttempts();
    Work toSend = new Work(work.deliveryId(), work.partnerId(), work.topic(), work.partition(), work.offset(),
        work.appendedAt(), lead, notice, work.redelivery(), correction);
    switch (channel) {
      case WEBHOOK -> {
        String url = partner.getWebhookUrl();
        if (url == null) {
          deadLetter(batch, work, state, channel, attemptsBefore, null, "the partner has no webhook URL");
          return true;
        }
        DeliveryState endpoint = states.get(endpointKey(work.partnerId()));
        if (endpoint != null && endpoint.getStatus() == DeliveryStatus.DEAD && endpoint.getReason().endsWith(urlHash(url))) {
          deadLetter(batch, work, state, channel, attemptsBefore, 410, "endpoint disabled after 410 Gone");
          return true;
        }
        Optional<List<SigningSecret>> keys = secrets.resolve(partner.getSigningSecretIds());
        if (keys.isEmpty()) {
          lane.heldBecause = "signing secret unknown to the gateway";
          return false;
        }
        byte[] body = toSend.lead() != null ? WebhookPayloads.lead(toSend.lead(), now)
            : toSend.correction() != null ? WebhookPayloads.correction(toSend.correction(), now)
            : WebhookPayloads.notice(toSend.notice(), now);
        lane.inFlight = attempt(() -> webhooks.post(url, work.deliveryId(), body, keys.get()));
      }
      case EMAIL -> {
        String to = partner.getDeliveryEmail();
        if (to == null) {
          deadLetter(batch, work, state, channel, attemptsBefore, null, "the partner has no delivery email");
          return true;
        }
        EmailMessage m = toSend.lead() != null ? PartnerEmails.lead(toSend.lead(), to)
            : toSend.correction() != null ? PartnerEmails.correction(toSend.correction(), to)
            : PartnerEmails.notice(toSend.notice(), to);
        lane.inFlight = attempt(() -> mail(m, work.deliveryId()));
      }
      case NONE -> throw new IllegalStateException("handled above");
    }
    lane.inFlightWork = toSend;
    return false;
  }

  /** Runs an attempt on the worker pool; its completion wakes the loop. */
  private Future<AttemptResult> attempt(java.util.function.Supplier<AttemptResult> call) {
    java.util.concurrent.CompletableFuture<AttemptResult> f = java.util.concurrent.CompletableFuture.supplyAsync(call, workers);
    f.whenComplete((r, e) -> finishedAttempts.offer(Boolean.TRUE));
    return f;
  }

  private AttemptResult mail(EmailMessage m, String id) {
    long started = System.nanoTime();
    try {
      mailer.send(m, id);
      return new AttemptResult.Acknowledged(Optional.empty(), Duration.ofNanos(System.nanoTime() - started));
    } catch (jakarta.mail.MessagingException | RuntimeException e) {
      return new AttemptResult.Failed(Optional.empty(), Optional.empty(), "SMTP: " + e.getClass().getSimpleName(),
          Duration.ofNanos(System.nanoTime() - started));
    }
  }

  /** Takes a finished attempt's result into the batch. */
  private void collect(Lane lane, Batch batch) {
    if (lane.inFlight == null || !lane.inFlight.isDone()) {
      return;
    }
    AttemptResult result;
    try {
      result = lane.inFlight.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (ExecutionException e) {
      result = new AttemptResult.Failed(Optional.empty(), Optional.empty(), "error: " + e.getCause().getClass().getSimpleName(), Duration.ZERO);
    }
    Work work = lane.inFlightWork;
    lane.inFlight = null;
    lane.inFlightWork = null;
    Partner partner = partners.get(work.partnerId());
    DeliveryChannel channel = partner == null ? DeliveryChannel.NONE : partner.getChannel();
    DeliveryState state = states.get(work.deliveryId());
    int attempts = (state == null ? 0 : state.getAttempts()) + 1;
    Instant now = clock.instant();
    Instant first = state == null || state.getFirstAttemptAt() == null ? now : state.getFirstAttemptAt();
    metrics.attempt(result.took());
    boolean finished;
    if (result instanceof AttemptResult.Acknowledged a) {
      Duration e2e = Duration.between(work.appendedAt(), now);
      metrics.endToEnd(e2e);
      batch.state(state(work, DeliveryStatus.DELIVERED, attempts, first, null, a.httpStatus().orElse(null), "acknowledged", now));
      batch.log(log(work, channel, attempts, DeliveryOutcome.DELIVERED, a.httpStatus().orElse(null), result.took(), e2e, "acknowledged", now));
      metrics.outcome(work.partnerId(), channel, DeliveryOutcome.DELIVERED);
      finished = true;
    } else if (result instanceof AttemptResult.Gone) {
      String url = partner == null || partner.getWebhookUrl() == null ? "" : partner.getWebhookUrl();
      LOG.warn("partner {}: its webhook endpoint answered 410 Gone; disabled until the partner's webhookUrl changes", work.partnerId());
      batch.state(DeliveryState.newBuilder()
          .setDeliveryId(endpointKey(work.partnerId())).setPartnerId(work.partnerId())
          .setSourceTopic(work.topic()).setSourcePartition(work.partition()).setSourceOffset(work.offset())
          .setStatus(DeliveryStatus.DEAD).setAttempts(attempts).setLastHttpStatus(410)
          .setReason("endpoint disabled: 410 Gone from url " + urlHash(url)).setUpdatedAt(now).build());
      batch.log(log(work, channel, attempts, DeliveryOutcome.ENDPOINT_DISABLED, 410, result.took(), null, "410 Gone: endpoint disabled", now));
      metrics.outcome(work.partnerId(), channel, DeliveryOutcome.ENDPOINT_DISABLED);
      deadLetterAfter(batch, work, channel, attempts, first, 410, "endpoint disabled after 410 Gone", now);
      finished = true;
    } else if (result instanceof AttemptResult.Failed f) {
      finished = failed(batch, work, channel, attempts, first, f.httpStatus().orElse(null), f.retryAfter(), f.reason(), result.took(), now);
    } else {
      AttemptResult.Refused r = (AttemptResult.Refused) result;
      finished = failed(batch, work, channel, attempts, first, null, Optional.empty(), "refused: " + r.reason(), result.took(), now);
    }
    if (finished) {
      ConsumerRecord<String, byte[]> head = lane.queue.poll();
      lane.resolved = null;
      if (head != null) {
        batch.offsets.put(lane.tp, new OffsetAndMetadata(head.offset() + 1));
      }
    }
  }

  private boolean failed(Batch batch, Work work, DeliveryChannel channel, int attempts, Instant first, Integer status,
      Optional<Duration> retryAfter, String reason, Duration took, Instant now) {
    RetryPolicy.Next next = config.retry().afterFailure(attempts, first, now, retryAfter, ThreadLocalRandom.current().nextDouble());
    if (next instanceof RetryPolicy.Next.RetryAt at) {
      batch.state(state(work, DeliveryStatus.RETRYING, attempts, first, at.at(), status, reason, now));
      batch.log(log(work, channel, attempts, DeliveryOutcome.RETRY, status, took, null, reason, now));
      metrics.outcome(work.partnerId(), channel, DeliveryOutcome.RETRY);
      return false;
    }
    RetryPolicy.Next.GiveUp g = (RetryPolicy.Next.GiveUp) next;
    batch.log(log(work, channel, attempts, DeliveryOutcome.RETRY, status, took, null, reason, now));
    deadLetterAfter(batch, work, channel, attempts, first, status, g.reason() + "; last: " + reason, now);
    return true;
  }

  // ---- settling ----

  private void settle(Batch batch, Work work, DeliveryState state, DeliveryChannel channel, DeliveryStatus status,
      DeliveryOutcome outcome, Integer httpStatus, String reason, int attempts) {
    Instant now = clock.instant();
    Instant first = state == null ? null : state.getFirstAttemptAt();
    batch.state(state(work, status, state == null ? attempts : state.getAttempts(), first, null, httpStatus, reason, now));
    batch.log(log(work, channel, 0, outcome, httpStatus, null, null, reason, now));
    metrics.outcome(work.partnerId(), channel, outcome);
  }

  private void deadLetter(Batch batch, Work work, DeliveryState state, DeliveryChannel channel, int attempts, Integer status, String reason) {
    Instant now = clock.instant();
    deadLetterAfter(batch, work, channel, attempts, state == null ? null : state.getFirstAttemptAt(), status, reason, now);
  }

  private void deadLetterAfter(Batch batch, Work work, DeliveryChannel channel, int attempts, Instant first, Integer status,
      String reason, Instant now) {
    batch.state(state(work, DeliveryStatus.DEAD, attempts, first, null, status, reason, now));
    batch.log(log(work, channel, attempts, DeliveryOutcome.DEAD, status, null, null, reason, now));
    batch.deadLetter(DeliveryDeadLetter.newBuilder()
        .setDeliveryId(work.deliveryId()).setPartnerId(work.partnerId())
        .setSourceTopic(work.topic()).setSourcePartition(work.partition()).setSourceOffset(work.offset())
        .setAttempts(attempts).setLastHttpStatus(status).setReason(reason).setAt(now).build());
    metrics.outcome(work.partnerId(), channel, DeliveryOutcome.DEAD);
    LOG.warn("partner {}: {} dead-lettered after {} attempts: {}", work.partnerId(), work.deliveryId(), attempts, reason);
  }

  private static DeliveryState state(Work w, DeliveryStatus status, int attempts, Instant first, Instant next,
      Integer httpStatus, String reason, Instant now) {
    return DeliveryState.newBuilder()
        .setDeliveryId(w.deliveryId()).setPartnerId(w.partnerId())
        .setSourceTopic(w.topic()).setSourcePartition(w.partition()).setSourceOffset(w.offset())
        .setStatus(status).setAttempts(attempts).setFirstAttemptAt(first).setNextAttemptAt(next)
        .setLastHttpStatus(httpStatus).setReason(reason).setUpdatedAt(now).build();
  }

  private static DeliveryAttempt log(Work w, DeliveryChannel channel, int attempt, DeliveryOutcome outcome, Integer status,
      Duration took, Duration e2e, String reason, Instant now) {
    return DeliveryAttempt.newBuilder()
        .setDeliveryId(w.deliveryId()).setPartnerId(w.partnerId()).setChannel(channel)
        .setAttempt(attempt).setOutcome(outcome).setHttpStatus(status)
        .setLatencyMs(took == null ? null : took.toMillis()).setEndToEndMs(e2e == null ? null : e2e.toMillis())
        .setReason(reason).setAt(now).build();
  }

  // ---- commit ----

  /** Commits the batch, or rewinds every lane to the committed offsets and says so. */
  private boolean commit(Batch batch) {
    try {
      producer.beginTransaction();
      batch.records.forEach(producer::send);
      if (!batch.offsets.isEmpty()) {
        producer.sendOffsetsToTransaction(batch.offsets, consumer.groupMetadata());
      }
      producer.commitTransaction();
    } catch (KafkaException e) {
      // Nothing of the round is kept: go back to the committed offsets and work it again. The
      // attempts already made are repeated; partners dedupe on webhook-id.
      LOG.warn("commit failed ({}); replaying from the committed offsets", e.getClass().getSimpleName());
      try {
        producer.abortTransaction();
      } catch (KafkaException abort) {
        throw new IllegalStateException("the transactional producer cannot go on; restart the gateway", e);
      }
      rewind();
      return false;
    }
    batch.stateWrites.forEach(this::mergeState);
    return true;
  }

  private void rewind() {
    Set<TopicPartition> assigned = consumer.assignment();
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
    Map<TopicPartition, Long> target = stateEnds();
    for (TopicPartition tp : assigned) {
      Lane lane = new Lane(tp);
      lane.stateTarget = target;
      lanes.put(tp, lane);
      OffsetAndMetadata o = committed.get(tp);
      if (o == null) {
        consumer.seekToBeginning(List.of(tp));
      } else {
        consumer.seek(tp, o.offset());
      }
    }
  }

  /** Newer wins, so a view that lags behind this instance's own writes never moves a schedule back. */
  private void mergeState(DeliveryState s) {
    states.merge(s.getDeliveryId(), s, (old, nw) -> nw.getUpdatedAt().isBefore(old.getUpdatedAt()) ? old : nw);
  }

  private void gauges() {
    long backlog = 0;
    long held = 0;
    Instant oldest = null;
    for (Lane lane : lanes.values()) {
      if (lane.heldBecause != null) {
        held++;
      }
      ConsumerRecord<String, byte[]> head = lane.queue.peek();
      if (head == null || head.key() == null) {
        continue;
      }
      DeliveryState s = states.get(lane.resolved != null ? lane.resolved.deliveryId() : head.key());
      if (s != null && s.getStatus() == DeliveryStatus.RETRYING) {
        backlog++;
        if (s.getFirstAttemptAt() != null && (oldest == null || s.getFirstAttemptAt().isBefore(oldest))) {
          oldest = s.getFirstAttemptAt();
        }
      }
    }
    metrics.retryBacklog.set(backlog);
    metrics.held.set(held);
    metrics.oldestRetrySeconds.set(oldest == null ? 0 : Duration.between(oldest, clock.instant()).toSeconds());
    metrics.disabledEndpoints.set(states.values().stream()
        .filter(s -> s.getDeliveryId().startsWith("endpoint/") && s.getStatus() == DeliveryStatus.DEAD).count());
  }

  // ---- records ----

  private Optional<Work> decode(ConsumerRecord<String, byte[]> r, Batch batch) {
    Instant appended = Instant.ofEpochMilli(r.timestamp());
    try {
      if (r.topic().startsWith(leadsPrefix)) {
        Lead lead = leads.deserialize(r.topic(), r.value());
        return Optional.of(new Work(lead.getLeadId(), lead.getPartnerId(), r.topic(), r.partition(), r.offset(), appended, lead, null, false));
      }
      if (r.topic().startsWith(correctionsPrefix)) {
        CorrectionNotice c = corrections.deserialize(r.topic(), r.value());
        return Optional.of(new Work(c.getNoticeId(), c.getPartnerId(), r.topic(), r.partition(), r.offset(), appended,
            null, null, false, c));
      }
      if (r.topic().startsWith(noticesPrefix)) {
        ContactNotice n = notices.deserialize(r.topic(), r.value());
        return Optional.of(new Work(n.getNoticeId(), n.getPartnerId(), r.topic(), r.partition(), r.offset(), appended, null, n, false));
      }
    } catch (RuntimeException e) {
      LOG.error("{}-{}@{} cannot be read ({}); dead-lettered", r.topic(), r.partition(), r.offset(), e.getClass().getSimpleName());
      Work w = new Work(r.key() == null ? r.topic() + "-" + r.partition() + "@" + r.offset() : r.key(), "unknown",
          r.topic(), r.partition(), r.offset(), appended, null, null, false);
      deadLetter(batch, w, null, DeliveryChannel.NONE, 0, null, "undecodable record: " + e.getClass().getSimpleName());
    }
    return Optional.empty();
  }

  /**
   * A redelivery request: first its dead delivery is reset to a fresh schedule (committed on its
   * own, so a crash resumes it), then its source record is read again and delivered like any other.
   */
  private Optional<Work> redelivery(Lane lane, ConsumerRecord<String, byte[]> r, Batch batch) {
    lane.resolvedPendingReset = false;
    DeliveryDeadLetter req;
    try {
      req = requests.deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      LOG.error("redelivery request {}-{}@{} cannot be read; skipped", r.topic(), r.partition(), r.offset());
      return Optional.empty();
    }
    DeliveryState state = states.get(req.getDeliveryId());
    Instant requestedAt = Instant.ofEpochMilli(r.timestamp());
    if (state == null) {
      LOG.warn("redelivery of {}: the gateway has no record of it; skipped", req.getDeliveryId());
      return Optional.empty();
    }
    if (state.getStatus() == DeliveryStatus.DEAD && state.getUpdatedAt().isBefore(requestedAt)) {
      Instant now = clock.instant();
      batch.state(DeliveryState.newBuilder(state).setStatus(DeliveryStatus.RETRYING).setAttempts(0)
          .setFirstAttemptAt(null).setNextAttemptAt(null).setReason("redelivery requested").setUpdatedAt(now).build());
      lane.resolvedPendingReset = true;
      return Optional.empty();
    }
    if (state.getStatus() != DeliveryStatus.RETRYING) {
      return Optional.empty(); // done: delivered, or dead again after this request
    }
    if (lane.resolved == null) {
      Optional<Work> source = readSource(req);
      if (source.isEmpty()) {
        deadLetter(batch, new Work(req.getDeliveryId(), req.getPartnerId(), req.getSourceTopic(), req.getSourcePartition(),
            req.getSourceOffset(), requestedAt, null, null, true), state, DeliveryChannel.NONE, 0, null,
            "the source record is no longer on its topic");
        return Optional.empty();
      }
      lane.resolved = source.get();
    }
    return Optional.of(lane.resolved);
  }

  private Optional<Work> readSource(DeliveryDeadLetter req) {
    TopicPartition tp = new TopicPartition(req.getSourceTopic(), req.getSourcePartition());
    sourceReader.assign(List.of(tp));
    sourceReader.seek(tp, req.getSourceOffset());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> r : sourceReader.poll(Duration.ofMillis(200))) {
        if (r.offset() == req.getSourceOffset()) {
          Optional<Work> w = decode(r, new Batch());
          return w.map(x -> new Work(x.deliveryId(), x.partnerId(), x.topic(), x.partition(), x.offset(), x.appendedAt(),
              x.lead(), x.notice(), true, x.correction()));
        }
        if (r.offset() > req.getSourceOffset()) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  // ---- suppression facts ----

  private void erased(Erasure e) {
    Instant at = e.getRequestedAt();
    if (e.getSubjectKey() != null) {
      erasures.merge(e.getSubjectKey(), at, (a, b) -> a.isAfter(b) ? a : b);
    }
    if (e.getPhoneKey() != null) {
      erasures.merge(e.getPhoneKey(), at, (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  private Screening.Facts facts(Lead lead) {
    String subject = subjectKeys.ofEmail(lead.getContact().getEmail());
    String phone = null;
    if (lead.getContact().getPhone() != null) {
      try {
        phone = subjectKeys.ofE164(lead.getContact().getPhone());
      } catch (InvalidIdentifierException e) {
        phone = null;
      }
    }
    Optional<Instant> erased = Optional.ofNullable(erasures.get(subject));
    if (phone != null && erasures.containsKey(phone)
        && (erased.isEmpty() || erasures.get(phone).isAfter(erased.get()))) {
      erased = Optional.of(erasures.get(phone));
    }
    return new Screening.Facts(
        erased,
        Optional.ofNullable(doNotRepeat.get(subject)),
        Optional.ofNullable(preferences.get(subject)),
        phone == null ? Optional.empty() : Optional.ofNullable(preferences.get(phone)));
  }

  // ---- helpers ----

  @SuppressWarnings("unchecked")
  private <V> ProducerRecord<String, byte[]> record(TopicSpec<String, V> spec, String key, V value) {
    String topic = spec.name(config.prefix());
    org.apache.kafka.common.serialization.Serializer<V> ser = (org.apache.kafka.common.serialization.Serializer<V>)
        serializers.computeIfAbsent(spec.baseName(), n -> serdes.value(spec).serializer());
    return new ProducerRecord<>(topic, key, ser.serialize(topic, value));
  }

  static String endpointKey(String partnerId) {
    return "endpoint/" + partnerId;
  }

  /** A short digest of the URL: webhook paths often carry a token, so the URL itself is never logged. */
  static String urlHash(String url) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
