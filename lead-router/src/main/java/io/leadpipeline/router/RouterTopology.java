package io.leadpipeline.router;

import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.ResponseDecision;
import io.leadpipeline.avro.TpsLoad;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.router.allocation.AllocationInput;
import io.leadpipeline.router.allocation.AllocationStage;
import io.leadpipeline.router.delivery.Outbound;
import io.leadpipeline.router.notices.CorrectionRequest;
import io.leadpipeline.router.notices.ErasureRecipient;
import io.leadpipeline.router.notices.SubjectErasure;
import io.leadpipeline.router.ops.RouterMetrics;
import io.leadpipeline.router.ordering.Ordering;
import io.leadpipeline.router.reoffer.LeadAnswer;
import io.leadpipeline.router.reoffer.ReofferTopic;
import io.leadpipeline.router.suppression.PhoneStage;
import io.leadpipeline.router.suppression.RegisterFreshness;
import io.leadpipeline.router.suppression.Screening;
import io.leadpipeline.router.suppression.SubjectStage;
import io.leadpipeline.router.suppression.SuppressionChange;
import io.leadpipeline.router.suppression.SuppressionChanges;
import io.leadpipeline.router.suppression.SuppressionRecords;
import io.leadpipeline.router.suppression.SuppressionTable;
import io.leadpipeline.router.validation.EnquiryIntake;
import io.leadpipeline.router.validation.EnquiryValidation;
import io.leadpipeline.router.validation.Intake;
import io.leadpipeline.router.wire.JsonSerde;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.VersionedBytesStoreSupplier;

/**
 * The router's topology: validate → normalise → suppress (by phone key, then by subject key) →
 * allocate (one task) → fan out. It only wires; the rules live in the feature packages.
 */
final class RouterTopology {
  static final String TPS = "suppression-tps";
  static final String CONSENTS = "suppression-call-consents";
  static final String PREFERENCES = "suppression-preferences";
  static final String DO_NOT_REPEAT = "suppression-do-not-repeat";
  static final String TPS_LOADS = "suppression-tps-loads";
  static final String PARTNERS = "partners";
  static final String HOLD = "join-hold";
  static final String SUBJECT_HOLD = "subject-hold";

  private RouterTopology() {}

  static Topology build(RouterConfig config, TopicSerdes serdes, RouterMetrics metrics, Ordering ordering) {
    String prefix = config.topicPrefix();
    Duration history = config.historyRetention();
    StreamsBuilder builder = new StreamsBuilder();

    // Partners and register loads are small, global and not ordered against enquiries: global tables.
    builder.globalTable(
        Topics.PARTNERS.name(prefix),
        consumed(serdes, Topics.PARTNERS),
        Materialized.<String, Partner, KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>>as(PARTNERS)
            .withKeySerde(serdes.key(Topics.PARTNERS))
            .withValueSerde(serdes.value(Topics.PARTNERS)));
    builder.globalTable(
        Topics.SUPPRESSION_TPS_LOADS.name(prefix),
        consumed(serdes, Topics.SUPPRESSION_TPS_LOADS),
        Materialized.<String, TpsLoad, KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>>as(TPS_LOADS)
            .withKeySerde(serdes.key(Topics.SUPPRESSION_TPS_LOADS))
            .withValueSerde(serdes.value(Topics.SUPPRESSION_TPS_LOADS)));

    // Suppression data: co-partitioned versioned tables, read as of each enquiry's event time. Values
    // stay bytes and are decoded at look-up, so an undecodable record still lands under its key and
    // holds that key's enquiries (docs/suppression-integrity.md §4).
    SuppressionTable.All tables = SuppressionTable.All.of(serdes, prefix);
    versionedTable(builder, serdes, Topics.SUPPRESSION_TPS, prefix, TPS, history);
    versionedTable(builder, serdes, Topics.SUPPRESSION_CALL_CONSENTS, prefix, CONSENTS, history);
    KTable<String, byte[]> preferences =
        versionedTable(builder, serdes, Topics.SUPPRESSION_PREFERENCES, prefix, PREFERENCES, history);
    KTable<String, byte[]> doNotRepeat =
        versionedTable(builder, serdes, Topics.SUPPRESSION_DO_NOT_REPEAT, prefix, DO_NOT_REPEAT, history);

    // 1. Validate and normalise; bad records to the dead-letter topic with their original bytes.
    SubjectKeys keys = new SubjectKeys(config.subjectKeySecret());
    Serde<Enquiry> enquirySerde = serdes.value(Topics.ENQUIRIES);
    Map<String, KStream<byte[], Intake>> intake =
        builder.stream(Topics.ENQUIRIES.name(prefix), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
            .process(
                () -> new EnquiryIntake(enquirySerde.deserializer(), new EnquiryValidation(keys), metrics),
                Named.as("validate"))
            .split(Named.as("intake-"))
            .branch((k, v) -> v instanceof Intake.Rejected, Branched.as("rejected"))
            .defaultBranch(Branched.as("valid"));
    intake.get("intake-rejected")
        .mapValues(v -> ((Intake.Rejected) v).original(), Named.as("original-bytes"))
        .to(Topics.ENQUIRIES_DLQ.name(prefix), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dead-letters"));

    // 2. Suppression by phone key, then by subject key, each behind the offset barrier.
    // A rejected lead's enquiry comes back here from the allocation step, to be screened again.
    JsonSerde<Screening> screeningSerde = JsonSerde.of(Screening.class);
    PhoneStage.Stores phoneStage = new PhoneStage.Stores(HOLD, TPS, CONSENTS, PREFERENCES, TPS_LOADS,
        Topics.SUPPRESSION_TPS.name(prefix), Topics.SUPPRESSION_CALL_CONSENTS.name(prefix),
        Topics.SUPPRESSION_PREFERENCES.name(prefix), Topics.SUPPRESSION_DO_NOT_REPEAT.name(prefix));
    SubjectStage.Stores subjectStage = new SubjectStage.Stores(SUBJECT_HOLD, PREFERENCES, DO_NOT_REPEAT,
        Topics.SUPPRESSION_PREFERENCES.name(prefix), Topics.SUPPRESSION_DO_NOT_REPEAT.name(prefix));
    String reofferTopic = ReofferTopic.name(config.applicationId());
    KStream<String, Screening> reoffers =
        builder.stream(reofferTopic, Consumed.with(Serdes.String(), screeningSerde).withName("reoffers"))
            .selectKey((k, v) -> v.enquiry().phoneStageKey(), Named.as("reoffer-by-phone"));
    KStream<String, AllocationInput> screened =
        intake.get("intake-valid")
            .map((k, v) -> org.apache.kafka.streams.KeyValue.pair(((Intake.Valid) v).enquiry().phoneStageKey(),
                new Screening(((Intake.Valid) v).enquiry(), io.leadpipeline.router.suppression.SuppressionView.NOTHING)),
                Named.as("key-by-phone"))
            .merge(reoffers, Named.as("screening-input"))
            .repartition(
                Repartitioned.<String, Screening>as("by-phone")
                    .withKeySerde(Serdes.String())
                    .withValueSerde(screeningSerde)
                    .withNumberOfPartitions(Topics.PARTITIONS))
            .process(
                PhoneStage.declared(phoneStage, () -> new PhoneStage(
                    phoneStage, tables, ordering, history, new RegisterFreshness(config.maxRegisterAge()), metrics)),
                Named.as("phone-stage"), phoneStage.tables())
            .repartition(
                Repartitioned.<String, Screening>as("by-subject")
                    .withKeySerde(Serdes.String())
                    .withValueSerde(screeningSerde)
                    .withNumberOfPartitions(Topics.PARTITIONS))
            .process(
                SubjectStage.declared(subjectStage, () -> new SubjectStage(subjectStage, tables, ordering, history, metrics)),
                Named.as("subject-stage"), subjectStage.tables())
            .mapValues(AllocationInput::of, Named.as("screened"));

    // Changes of mind travel to the allocation step, which knows who received whom.
    KStream<String, AllocationInput> changes =
        preferences.toStream(Named.as("preference-changes"))
            .flatMapValues(v -> SuppressionChanges.readable(tables.preferences(), metrics, v), Named.as("preference-updates"))
            .mapValues((k, v) -> AllocationInput.of(
                new SuppressionChange(k, SuppressionRecords.preferences(v), null, v.getUpdatedAt().toEpochMilli())),
                Named.as("preference-change"))
            .merge(
                doNotRepeat.toStream(Named.as("do-not-repeat-changes"))
                    .flatMapValues(v -> SuppressionChanges.readable(tables.doNotRepeat(), metrics, v),
                        Named.as("do-not-repeat-updates"))
                    .mapValues((k, v) -> AllocationInput.of(
                        new SuppressionChange(k, null, SuppressionRecords.doNotRepeat(v), v.getUpdatedAt().toEpochMilli())),
                        Named.as("do-not-repeat-change")),
                Named.as("changes"));

    // Erasures too: the allocation step holds the per-person state (introductions, waiting leads).
    KStream<String, AllocationInput> erasures =
        builder.stream(Topics.SUPPRESSION_ERASURES.name(prefix), consumed(serdes, Topics.SUPPRESSION_ERASURES))
            .filter((k, v) -> v != null, Named.as("erasure-requests"))
            .mapValues(v -> AllocationInput.of(
                new SubjectErasure(v.getSubjectKey(), v.getPhoneKey(), v.getRequestedAt().toEpochMilli(),
                    v.getNotifiedLeadIds().stream().map(String::valueOf).toList(),
                    v.getFoundRecipients().stream()
                        .map(r -> new ErasureRecipient(r.getPartnerId(), r.getPartnerKind(), r.getLeadIds())).toList())),
                Named.as("erasure"));

    // Partners' answers, for re-offers. Subscribed by pattern: the router runs without the portal
    // (no portal.responses topic) and reads the topic once it exists.
    KStream<String, AllocationInput> answers =
        builder.stream(Pattern.compile(Pattern.quote(Topics.PORTAL_RESPONSES.name(prefix))),
                consumed(serdes, Topics.PORTAL_RESPONSES))
            .filter((k, v) -> v != null, Named.as("responses"))
            .mapValues(v -> AllocationInput.of(new LeadAnswer(v.getLeadId(), v.getPartnerId(),
                v.getDecision() == ResponseDecision.REJECTED, v.getRespondedAt().toEpochMilli())),
                Named.as("answer"));

    // Rectifications (docs/SPECIFICATION.md §8.5): the allocation step knows who received the person.
    // By pattern, like the answers: a router runs before the topic is created.
    KStream<String, AllocationInput> rectifications =
        builder.stream(Pattern.compile(Pattern.quote(Topics.REQUESTS_RECTIFICATIONS.name(prefix))),
                consumed(serdes, Topics.REQUESTS_RECTIFICATIONS))
            .filter((k, v) -> v != null, Named.as("rectification-requests"))
            .mapValues(v -> AllocationInput.of(CorrectionRequest.of(v)), Named.as("rectification"));

    // 3. Allocation: one partition, so caps and the round-robin have a single writer.
    Map<String, KStream<String, Outbound>> out =
        screened.merge(changes, Named.as("allocation-input"))
            .merge(erasures, Named.as("allocation-input-erasures"))
            .merge(answers, Named.as("allocation-input-answers"))
            .merge(rectifications, Named.as("allocation-input-rectifications"))
            .repartition(
                Repartitioned.<String, AllocationInput>as("allocation")
                    .withKeySerde(Serdes.String())
                    .withValueSerde(AllocationInput.format())
                    .withNumberOfPartitions(1))
            .process(
                new AllocationStage(PARTNERS, config.maxPartners(), config.dedupeWindow(), config.introductionRetention(),
                    history, config.deferredCheckInterval(), metrics).withStores(),
                Named.as("allocate"))
            .split(Named.as("out-"))
            .branch((k, v) -> v.kind() == Outbound.Kind.LEADS, Branched.as("leads"))
            .branch((k, v) -> v.kind() == Outbound.Kind.DECISIONS, Branched.as("decisions"))
            .branch((k, v) -> v.kind() == Outbound.Kind.NOTICES, Branched.as("notices"))
            .branch((k, v) -> v.kind() == Outbound.Kind.REOFFERS, Branched.as("reoffers"))
            .branch((k, v) -> v.kind() == Outbound.Kind.CORRECTIONS, Branched.as("corrections"))
            .noDefaultBranch();

    // 4. Fan out: each partner's own topic, created by the partner import.
    Serde<Lead> leadSerde = serdes.value(Topics.leads(PartnerKind.LANDLORD, "catalogue"));
    out.get("out-leads")
        .mapValues(v -> ((Outbound.ToPartner) v).lead(), Named.as("lead"))
        .to((k, lead, ctx) -> Topics.leads(lead.getPartnerKind(), lead.getPartnerId()).name(prefix),
            Produced.with(Serdes.String(), leadSerde).withName("partner-leads"));
    out.get("out-decisions")
        .mapValues(v -> ((Outbound.Decision) v).decision(), Named.as("decision"))
        .to(Topics.LEAD_DECISIONS.name(prefix),
            Produced.with(serdes.key(Topics.LEAD_DECISIONS), serdes.value(Topics.LEAD_DECISIONS)).withName("decisions"));
    Serde<ContactNotice> noticeSerde = serdes.value(Topics.notices(PartnerKind.LANDLORD, "catalogue"));
    KStream<String, Outbound> notices = out.get("out-notices");
    for (PartnerKind kind : PartnerKind.values()) {
      notices
          .filter((k, v) -> ((Outbound.Notice) v).partnerKind() == kind, Named.as("notices-" + kind.name().toLowerCase()))
          .mapValues(v -> ((Outbound.Notice) v).notice(), Named.as("notice-" + kind.name().toLowerCase()))
          .to((k, n, ctx) -> Topics.notices(kind, n.getPartnerId()).name(prefix),
              Produced.with(Serdes.String(), noticeSerde).withName("partner-notices-" + kind.name().toLowerCase()));
    }
    out.get("out-reoffers")
        .mapValues(v -> ((Outbound.Reoffer) v).screening(), Named.as("reoffer"))
        .to(reofferTopic, Produced.with(Serdes.String(), screeningSerde).withName("reoffers-back"));
    out.get("out-corrections")
        .mapValues(v -> ((Outbound.Correction) v).correction(), Named.as("correction"))
        .to((k, n, ctx) -> Topics.corrections(n.getPartnerId()).name(prefix),
            Produced.with(Serdes.String(), serdes.value(Topics.corrections("catalogue"))).withName("partner-corrections"));
    return builder.build();
  }

  private static <V> Consumed<String, V> consumed(TopicSerdes serdes, TopicSpec<String, V> topic) {
    return Consumed.with(serdes.key(topic), serdes.value(topic));
  }

  /** A suppression table whose values are the topic's bytes: nothing is decoded, so nothing is skipped, at the source. */
  private static KTable<String, byte[]> versionedTable(
      StreamsBuilder builder, TopicSerdes serdes, TopicSpec<String, ?> topic, String prefix, String store,
      Duration history) {
    VersionedBytesStoreSupplier supplier = Stores.persistentVersionedKeyValueStore(store, history);
    return builder.table(
        topic.name(prefix),
        Consumed.with(serdes.key(topic), Serdes.ByteArray()),
        Materialized.<String, byte[]>as(supplier)
            .withKeySerde(serdes.key(topic))
            .withValueSerde(Serdes.ByteArray()));
  }
}
