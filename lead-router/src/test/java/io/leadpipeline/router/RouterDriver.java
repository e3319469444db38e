package io.leadpipeline.router;

import io.leadpipeline.avro.CallConsent;
import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.Erasure;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.avro.TpsLoad;
import io.leadpipeline.avro.TpsRegistration;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.router.ops.ErrorHandling;
import io.leadpipeline.router.ops.RouterMetrics;
import io.leadpipeline.router.ordering.BrokerEnds;
import io.leadpipeline.router.ordering.Ordering;
import io.leadpipeline.serde.testing.InMemoryRegistry;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The production topology on TopologyTestDriver, with typed topics and a controllable clock. */
public final class RouterDriver implements AutoCloseable {
  public final InMemoryRegistry registry = new InMemoryRegistry();
  public final TopicSerdes serdes = TopicSerdes.forRegistry(registry.url());
  public final SubjectKeys keys = new SubjectKeys(Fixtures.SECRET);
  public final RouterMetrics metrics = RouterMetrics.unscraped();
  /** The suppression topics' end offsets on the test's broker (see {@link BrokerEnds}). */
  public final BrokerEnds ends = new BrokerEnds();
  private boolean clocksWithinBound = true;
  public final TopologyTestDriver driver;
  static final String APPLICATION_ID = "router-test";
  private final Path stateDir;
  private Instant wallClock;

  public RouterDriver(RouterConfig config, Instant wallClock) {
    LeadRouter.allowAvroPackages();
    this.wallClock = wallClock;
    try {
      stateDir = Files.createTempDirectory("router-ttd");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    // The production handlers, so tests see what the running router does with bad records.
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, ErrorHandling.Deserialization.class);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ErrorHandling.Processing.class);
    p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ErrorHandling.Production.class);
    p.put(ErrorHandling.DLQ_TOPIC, Topics.ENQUIRIES_DLQ.name(""));
    p.put(ErrorHandling.METRICS, metrics);
    Ordering ordering = new Ordering(ends, () -> clocksWithinBound, config.clockSkewBound(), config.barrierTick());
    driver = new TopologyTestDriver(LeadRouter.buildTopology(config, serdes, metrics, ordering), p, wallClock);
  }

  public RouterDriver(RouterConfig config) {
    this(config, Instant.parse("2026-03-02T10:00:00Z"));
  }

  public static RouterDriver open() {
    return new RouterDriver(RouterConfig.forTests(Fixtures.SECRET));
  }

  public Instant now() {
    return wallClock;
  }

  public void advance(Duration d) {
    wallClock = wallClock.plus(d);
    driver.advanceWallClockTime(d);
  }

  private <V> TestInputTopic<String, V> in(TopicSpec<String, V> spec) {
    return driver.createInputTopic(spec.name(""), serdes.key(spec).serializer(), serdes.value(spec).serializer());
  }

  public void partner(Partner p) {
    in(Topics.PARTNERS).pipeInput(p.getPartnerId(), p, wallClock);
  }

  /** Pipes an enquiry appended by the broker at {@code t}. */
  public void enquiry(Enquiry e, Instant t) {
    in(Topics.ENQUIRIES).pipeInput(e.getEnquiryId(), e, t);
  }

  public void enquiry(Enquiry e) {
    enquiry(e, wallClock);
  }

  public void rawEnquiry(byte[] key, byte[] value, Headers headers) {
    driver.createInputTopic(Topics.ENQUIRIES.name(""), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer())
        .pipeInput(new TestRecord<>(key, value, headers, wallClock));
  }

  public void tps(String phoneKey, TpsRegistration r, Instant t) {
    ends.piped(Topics.SUPPRESSION_TPS.name(""));
    in(Topics.SUPPRESSION_TPS).pipeInput(phoneKey, r, t);
  }

  public void consent(String phoneKey, CallConsent c, Instant t) {
    ends.piped(Topics.SUPPRESSION_CALL_CONSENTS.name(""));
    in(Topics.SUPPRESSION_CALL_CONSENTS).pipeInput(phoneKey, c, t);
  }

  public void preferences(String key, ContactPreferences p, Instant t) {
    ends.piped(Topics.SUPPRESSION_PREFERENCES.name(""));
    in(Topics.SUPPRESSION_PREFERENCES).pipeInput(key, p, t);
  }

  public void doNotRepeat(String subjectKey, DoNotRepeat d, Instant t) {
    ends.piped(Topics.SUPPRESSION_DO_NOT_REPEAT.name(""));
    in(Topics.SUPPRESSION_DO_NOT_REPEAT).pipeInput(subjectKey, d, t);
  }

  /** A suppression record acknowledged on {@code table}'s topic that the router has not fetched yet. */
  public void onBrokerNotYetFetched(TopicSpec<String, ?> table) {
    ends.appended(table.name(""));
  }

  /** Whether the clock monitor lets releases go ahead. */
  public void clocksWithinBound(boolean within) {
    clocksWithinBound = within;
  }

  /** One barrier tick of wall-clock time: held enquiries look at their barrier again. */
  public void tick() {
    advance(Duration.ofMillis(5));
  }

  /** A schema id the test registry never issues unless told to ({@link InMemoryRegistry#restore}). */
  public static final int FORGOTTEN_SCHEMA_ID = 4242;

  /**
   * Pipes {@code value} to the table's topic encoded under {@link #FORGOTTEN_SCHEMA_ID}, as a record
   * reads after the registry lost its schemas.
   */
  public <V extends SpecificRecord> void forgottenSchema(TopicSpec<String, V> table, String key, V value, Instant t) {
    byte[] bytes = serdes.value(table).serializer().serialize(table.name(""), value);
    ByteBuffer.wrap(bytes, 1, 4).putInt(FORGOTTEN_SCHEMA_ID);
    rawSuppression(table, key, bytes, t);
  }

  /** Pipes {@code value} as it is (damaged, say) to a suppression table's topic. */
  public void rawSuppression(TopicSpec<String, ?> table, String key, byte[] value, Instant t) {
    ends.piped(table.name(""));
    driver.createInputTopic(table.name(""), Serdes.String().serializer(), Serdes.ByteArray().serializer())
        .pipeInput(key, value, t);
  }

  /** {@code value} as the table's topic holds it. */
  public <V> byte[] encode(TopicSpec<String, V> table, V value) {
    return serdes.value(table).serializer().serialize(table.name(""), value);
  }

  /** Enquiries the phone stage holds (at its barrier, or because a record they need cannot be decoded). */
  public long heldByPhoneStage() {
    return driver.getKeyValueStore(RouterTopology.HOLD).approximateNumEntries();
  }

  /** How many records a store has written to its changelog so far (each put and each removal one). */
  public long changelogRecords(String store) {
    return driver.createOutputTopic(APPLICATION_ID + "-" + store + "-changelog",
        new ByteArrayDeserializer(), new ByteArrayDeserializer()).getQueueSize();
  }

  /** Enquiries the subject stage holds because a record they need cannot be decoded. */
  public long heldBySubjectStage() {
    return driver.getKeyValueStore(RouterTopology.SUBJECT_HOLD).approximateNumEntries();
  }

  /** Pipes an erasure request as the suppression-service writes it: under the subject key, else the phone key. */
  public void erasure(String subjectKey, String phoneKey, Instant t) {
    erasure(subjectKey, phoneKey, t, List.of());
  }

  /** As above, naming the leads the service already sent ERASURE notices for. */
  public void erasure(String subjectKey, String phoneKey, Instant t, List<String> notifiedLeadIds) {
    erasure(new Erasure(subjectKey, phoneKey, t, notifiedLeadIds, List.of()), t);
  }

  /** An erasure record as given, at broker time {@code t}. */
  public void erasure(Erasure e, Instant t) {
    in(Topics.SUPPRESSION_ERASURES).pipeInput(e.getSubjectKey() != null ? e.getSubjectKey() : e.getPhoneKey(), e, t);
  }

  public void load(TpsLoad l) {
    in(Topics.SUPPRESSION_TPS_LOADS).pipeInput(l.getRegister().name(), l, wallClock);
  }

  public List<RoutingDecision> decisions() {
    return driver.createOutputTopic(Topics.LEAD_DECISIONS.name(""), serdes.key(Topics.LEAD_DECISIONS).deserializer(),
        serdes.value(Topics.LEAD_DECISIONS).deserializer()).readValuesToList();
  }

  public RoutingDecision onlyDecision() {
    List<RoutingDecision> all = decisions();
    if (all.size() != 1) {
      throw new AssertionError("expected exactly one decision, got " + all.size());
    }
    return all.get(0);
  }

  public List<Lead> leads(PartnerKind kind, String partnerId) {
    TopicSpec<String, Lead> spec = Topics.leads(kind, partnerId);
    return driver.createOutputTopic(spec.name(""), serdes.key(spec).deserializer(), serdes.value(spec).deserializer())
        .readValuesToList();
  }

  public List<ContactNotice> notices(PartnerKind kind, String partnerId) {
    TopicSpec<String, ContactNotice> spec = Topics.notices(kind, partnerId);
    return driver.createOutputTopic(spec.name(""), serdes.key(spec).deserializer(), serdes.value(spec).deserializer())
        .readValuesToList();
  }

  /** A rectification request as the suppression-service writes it, under {@code key}, at broker time {@code t}. */
  public void rectification(String key, io.leadpipeline.avro.RectificationRequest r, Instant t) {
    in(Topics.REQUESTS_RECTIFICATIONS).pipeInput(key, r, t);
  }

  public List<io.leadpipeline.avro.CorrectionNotice> corrections(String partnerId) {
    TopicSpec<String, io.leadpipeline.avro.CorrectionNotice> spec = Topics.corrections(partnerId);
    return driver.createOutputTopic(spec.name(""), serdes.key(spec).deserializer(), serdes.value(spec).deserializer())
        .readValuesToList();
  }

  public TestOutputTopic<byte[], byte[]> deadLetters() {
    return driver.createOutputTopic(Topics.ENQUIRIES_DLQ.name(""), Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
  }

  public byte[] encode(Enquiry e) {
    return serdes.value(Topics.ENQUIRIES).serializer().serialize(Topics.ENQUIRIES.name(""), e);
  }

  public String subjectKey(String email) {
    return keys.ofEmail(email);
  }

  public String phoneKey(String phone) {
    return keys.ofPhone(phone);
  }

  @Override
  public void close() {
    driver.close();
    registry.close();
    try (var files = Files.walk(stateDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (java.io.IOException e) {
      // best effort
    }
  }
}
