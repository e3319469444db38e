package io.leadpipeline.router.suppression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.avro.CallConsent;
import io.leadpipeline.avro.ConsentStatus;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.router.ops.ErrorHandling;
import io.leadpipeline.router.ops.RouterMetrics;
import io.leadpipeline.router.ordering.BrokerEnds;
import io.leadpipeline.router.ordering.Ordering;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import io.leadpipeline.router.wire.JsonSerde;
import io.leadpipeline.serde.ConfluentAvroDeserializer;
import io.leadpipeline.serde.ConfluentAvroSerializer;
import io.leadpipeline.serde.testing.InMemoryRegistry;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.Topics;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fail closed on unreadable suppression data: a held enquiry whose call-consent record no longer
 * decodes (the registry forgot the record's schema id, as an in-memory registry does on restart)
 * stays held, is counted and is neither routed unscreened nor dead-lettered; other enquiries are
 * released; a registry outage still fails the task so it is retried.
 */
@Timeout(60)
class PhoneStageTest {
  private static final long T = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
  private static final PhoneStage.Stores STORES = new PhoneStage.Stores(
      "hold", "tps", "consents", "preferences", "loads", "tps-topic", "consents-topic", "preferences-topic",
      "do-not-repeat-topic");
  private final BrokerEnds ends = new BrokerEnds();

  @TempDir Path dir;
  private final InMemoryRegistry registry = new InMemoryRegistry();
  private final RouterMetrics metrics = RouterMetrics.unscraped();
  private MockProcessorContext<String, Screening> context;
  private VersionedKeyValueStore<String, byte[]> consents;
  private SuppressionTable.All tables;
  private final ConfluentAvroSerializer<CallConsent> writer =
      new ConfluentAvroSerializer<>(Map.of("schema.registry.url", registry.url()), false);
  private KeyValueStore<String, Screening> hold;
  private PhoneStage stage;

  @BeforeEach
  void open() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "phone-stage-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    context = new MockProcessorContext<>(props, new TaskId(0, 0), new File(dir.toString()));
    TopicSerdes serdes = TopicSerdes.forRegistry(registry.url());
    hold = add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("hold"), Serdes.String(), JsonSerde.of(Screening.class)));
    add(versioned("tps"));
    consents = add(versioned("consents"));
    add(versioned("preferences"));
    SuppressionTable.All catalogue = SuppressionTable.All.of(serdes, "");
    tables = new SuppressionTable.All(catalogue.tps(),
        new SuppressionTable<>("call_consents", "consents-topic", anotherProcessReads()), catalogue.preferences(),
        catalogue.doNotRepeat());
    add(Stores.timestampedKeyValueStoreBuilder(
        Stores.inMemoryKeyValueStore("loads"), Serdes.String(), serdes.value(Topics.SUPPRESSION_TPS_LOADS)));
    context.setCurrentSystemTimeMs(T);
    ends.answering(false); // held until a test's tick answers the end-offset read
    stage = new PhoneStage(STORES, tables, ordering(), Duration.ofDays(1), new RegisterFreshness(Duration.ZERO), metrics);
    stage.init(context);
  }

  @AfterEach
  void close() {
    stage.close();
    registry.close();
  }

  /**
   * Written with one registry client, read with another (a distinct timeout keeps their caches
   * apart): the store was filled before a restart and is read after it.
   */
  private ConfluentAvroDeserializer<CallConsent> anotherProcessReads() {
    ConfluentAvroDeserializer<CallConsent> reader = new ConfluentAvroDeserializer<>(CallConsent.class);
    reader.configure(Map.of("schema.registry.url", registry.url(), "schema.registry.request.timeout.ms", 9_001), false);
    return reader;
  }

  /** A consent as the topic holds it, and so as the table's store keeps it: bytes. */
  private byte[] encoded(CallConsent c) {
    return writer.serialize("consents-topic", c);
  }

  private static org.apache.kafka.streams.state.StoreBuilder<VersionedKeyValueStore<String, byte[]>> versioned(String name) {
    return Stores.versionedKeyValueStoreBuilder(
        Stores.persistentVersionedKeyValueStore(name, Duration.ofDays(1)), Serdes.String(), Serdes.ByteArray());
  }

  private final List<StateStore> stores = new java.util.ArrayList<>();

  private <S extends StateStore> S add(org.apache.kafka.streams.state.StoreBuilder<S> builder) {
    S store = builder.withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    stores.add(store);
    return store;
  }

  /** The stage closed and a new one started on the same stores, as after a restart that restored them. */
  private void restart() {
    stage.close();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "phone-stage-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    context = new MockProcessorContext<>(props, new TaskId(0, 0), new File(dir.toString()));
    context.setCurrentSystemTimeMs(T);
    stores.forEach(context::addStateStore);
    stage = new PhoneStage(STORES, tables, ordering(), Duration.ofDays(1), new RegisterFreshness(Duration.ZERO), metrics);
    stage.init(context);
  }

  private static NormalisedEnquiry enquiry(String id, String phoneKey) {
    return new NormalisedEnquiry(
        id, T, T, "WEB_FORM", "site.example", "Ada Lovelace", null, "ada@example.com", "+442079460018",
        "s".repeat(64), phoneKey, false, "London", null, 10, List.of(OfficeType.SERVICED), null, null, null,
        true, false, null);
  }

  private void hold(NormalisedEnquiry e) {
    stage.process(new Record<>(e.phoneStageKey(), new Screening(e, SuppressionView.NOTHING), e.eventTime()));
  }

  private void tick() {
    ends.answering(true);
    barrierTick().punctuate(T + 1_000);
  }

  /** The barrier's tick, not the slow freshness check. */
  private org.apache.kafka.streams.processor.Punctuator barrierTick() {
    return context.scheduledPunctuators().stream()
        .filter(p -> p.getInterval().equals(ordering().tick()))
        .findFirst().orElseThrow()
        .getPunctuator();
  }

  private Ordering ordering() {
    return new Ordering(ends, () -> true, Duration.ofMillis(100), Duration.ofMillis(5));
  }

  private static CallConsent granted() {
    return CallConsent.newBuilder()
        .setStatus(ConsentStatus.GRANTED).setAt(Instant.ofEpochMilli(T - 60_000)).setExpiresAt(null).setSource("api:crm")
        .build();
  }

  @Test
  void failClosed_anEnquiryWhoseConsentRecordCannotBeDecodedStaysHeldAndIsCountedEveryTick() {
    consents.put("p".repeat(64), encoded(granted()), T - 60_000);
    registry.forget();
    hold(enquiry("e-unreadable", "p".repeat(64)));
    hold(enquiry("e-fine", "q".repeat(64)));

    tick();
    tick();

    assertThat(context.forwarded()).extracting(f -> f.record().value().enquiry().enquiryId()).containsExactly("e-fine");
    assertThat(hold.approximateNumEntries()).isEqualTo(1);
    assertThat(metrics.count("suppression.lookups.unreadable", "table", "call_consents")).isEqualTo(2.0);
    assertThat(metrics.count("enquiries.dead.lettered", "reason", "undecodable")).isZero();
  }

  @Test
  void failClosed_anEnquiryHeldForAnUnreadableRecordIsHeldAgainAfterARestartUntilTheSchemaIsBack() {
    consents.put("p".repeat(64), encoded(granted()), T - 60_000);
    String schema = registry.schema(1).orElseThrow();
    registry.forget();
    hold(enquiry("e-unreadable", "p".repeat(64)));
    tick();
    assertThat(context.forwarded()).isEmpty();

    restart();
    tick();

    assertThat(context.forwarded()).as("restored from the hold store and held again").isEmpty();
    assertThat(hold.approximateNumEntries()).isEqualTo(1);
    assertThat(metrics.count("suppression.lookups.unreadable", "table", "call_consents")).isEqualTo(2.0);

    registry.restore(1, schema); // the failed look-ups were not cached: the next one asks again
    tick();

    assertThat(context.forwarded()).singleElement()
        .satisfies(f -> assertThat(f.record().value().view().toString()).contains("GRANTED"));
    assertThat(hold.approximateNumEntries()).isZero();
  }

  @Test
  void failClosed_aReadableConsentIsUsedAndTheEnquiryReleased() {
    consents.put("p".repeat(64), encoded(granted()), T - 60_000);
    hold(enquiry("e-1", "p".repeat(64)));

    tick();

    assertThat(context.forwarded()).hasSize(1);
    assertThat(context.forwarded().get(0).record().value().view().toString()).contains("GRANTED");
    assertThat(metrics.count("suppression.lookups.unreadable", "table", "call_consents")).isZero();
  }

  @Test
  void failClosed_aRegistryOutageFailsTheTaskSoItIsRetried() {
    consents.put("p".repeat(64), encoded(granted()), T - 60_000);
    registry.close();
    hold(enquiry("e-1", "p".repeat(64)));

    assertThatThrownBy(this::tick).satisfies(e -> assertThat(ErrorHandling.registryDown(e)).isTrue());
    assertThat(context.forwarded()).isEmpty();
    assertThat(metrics.count("suppression.lookups.unreadable", "table", "call_consents")).isZero();
  }

  @Test
  void withTheBarrierPassedAtOnceAnEnquiryIsScreenedAsItArrives() {
    PhoneStage direct = stageWithReadsAnsweredAtOnce();
    consents.put("p".repeat(64), encoded(granted()), T - 60_000);

    direct.process(record(enquiry("e-1", "p".repeat(64))));

    assertThat(context.forwarded()).hasSize(1);
    assertThat(context.forwarded().get(0).record().value().view().toString()).contains("GRANTED");
    assertThat(hold.approximateNumEntries()).isZero();
  }

  @Test
  void withTheBarrierPassedAtOnceAnUnreadableRecordStillHoldsTheEnquiry() {
    PhoneStage direct = stageWithReadsAnsweredAtOnce();
    consents.put("p".repeat(64), encoded(granted()), T - 60_000);
    registry.forget();

    direct.process(record(enquiry("e-unreadable", "p".repeat(64))));
    direct.process(record(enquiry("e-next", "q".repeat(64))));

    // Each enquiry is decided on its own barrier: the readable one does not queue behind the other.
    assertThat(context.forwarded()).extracting(f -> f.record().value().enquiry().enquiryId()).containsExactly("e-next");
    assertThat(hold.approximateNumEntries()).isEqualTo(1);
    barrierTick().punctuate(T + 1);
    assertThat(context.forwarded()).hasSize(1);
    assertThat(hold.approximateNumEntries()).isEqualTo(1);
  }

  private PhoneStage stageWithReadsAnsweredAtOnce() {
    context.setCurrentSystemTimeMs(T);
    ends.answering(true);
    PhoneStage direct =
        new PhoneStage(STORES, tables, ordering(), Duration.ofDays(1), new RegisterFreshness(Duration.ZERO), metrics);
    direct.init(context);
    return direct;
  }

  private static Record<String, Screening> record(NormalisedEnquiry e) {
    return new Record<>(e.phoneStageKey(), new Screening(e, SuppressionView.NOTHING), e.eventTime());
  }
}
