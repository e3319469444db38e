package io.leadpipeline.router.suppression;

import static io.leadpipeline.router.Fixtures.consent;
import static io.leadpipeline.router.Fixtures.doNotCall;
import static io.leadpipeline.router.Fixtures.doNotRepeat;
import static io.leadpipeline.router.Fixtures.emailOptOut;
import static io.leadpipeline.router.Fixtures.enquiry;
import static io.leadpipeline.router.Fixtures.partner;
import static io.leadpipeline.router.Fixtures.tps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.avro.CallReason;
import io.leadpipeline.avro.ConsentStatus;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DecisionOutcome;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.MarketingReason;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.PartnerReason;
import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.avro.SuppressionKind;
import io.leadpipeline.router.RouterDriver;
import io.leadpipeline.router.ops.ErrorHandling;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/suppression-integrity.md §4 on the production topology: a record on a suppression topic
 * that does not decode lands in its table under its key (it is not dead-lettered at the source),
 * and every enquiry whose screening needs it is held — no lead, no decision — until a readable
 * record for the key supersedes it, while other people's enquiries are decided. For each of the
 * four tables (preferences under either key) and each kind of damage.
 */
@Timeout(60)
class UnreadableSourceTest {
  static final String EMAIL = "ada@example.com";
  static final String PHONE = "020 7946 0018";
  RouterDriver d;
  Instant earlier;

  /** How a record's bytes are damaged. */
  enum Damage {
    /** A schema id the registry never handed out. */
    UNKNOWN_SCHEMA_ID,
    /** Not the Confluent wire format. */
    WRONG_MAGIC_BYTE,
    /** The Avro body cut short. */
    TRUNCATED_AVRO;

    byte[] apply(byte[] good) {
      byte[] bad = Arrays.copyOf(good, good.length);
      return switch (this) {
        case UNKNOWN_SCHEMA_ID -> {
          bad[1] = 0x7f;
          yield bad;
        }
        case WRONG_MAGIC_BYTE -> {
          bad[0] = 1;
          yield bad;
        }
        case TRUNCATED_AVRO -> Arrays.copyOf(good, 5 + (good.length - 5) / 2);
      };
    }
  }

  /** A table, the key its record is under, which stage holds, and what its readable record decides. */
  enum Table {
    TPS(Topics.SUPPRESSION_TPS, true, "tps") {
      @Override
      Object record(Instant at) {
        return tps(Register.TPS, LocalDate.parse("2025-01-01"));
      }

      @Override
      void honoured(RoutingDecision decision, List<Lead> leads) {
        assertThat(decision.getCall().getReason()).isEqualTo(CallReason.TPS);
      }
    },
    CALL_CONSENTS(Topics.SUPPRESSION_CALL_CONSENTS, true, "call_consents") {
      @Override
      Object record(Instant at) {
        return consent(ConsentStatus.REVOKED, at, null);
      }

      @Override
      void honoured(RoutingDecision decision, List<Lead> leads) {
        assertThat(decision.getSuppressionFacts())
            .anySatisfy(f -> assertThat(f.getKind()).isEqualTo(SuppressionKind.CALL_CONSENT_REVOKED));
      }
    },
    PREFERENCES_BY_PHONE(Topics.SUPPRESSION_PREFERENCES, true, "preferences") {
      @Override
      Object record(Instant at) {
        return doNotCall(at);
      }

      @Override
      void honoured(RoutingDecision decision, List<Lead> leads) {
        assertThat(decision.getCall().getReason()).isEqualTo(CallReason.DO_NOT_CALL);
      }
    },
    PREFERENCES_BY_SUBJECT(Topics.SUPPRESSION_PREFERENCES, false, "preferences") {
      @Override
      Object record(Instant at) {
        return emailOptOut(at);
      }

      @Override
      void honoured(RoutingDecision decision, List<Lead> leads) {
        assertThat(decision.getMarketing().getReason()).isEqualTo(MarketingReason.OPTED_OUT);
      }
    },
    DO_NOT_REPEAT(Topics.SUPPRESSION_DO_NOT_REPEAT, false, "do_not_repeat") {
      @Override
      Object record(Instant at) {
        return doNotRepeat(at, true);
      }

      @Override
      void honoured(RoutingDecision decision, List<Lead> leads) {
        assertThat(decision.getPartners()).singleElement()
            .satisfies(p -> assertThat(p.getReason()).isEqualTo(PartnerReason.DO_NOT_REPEAT));
        assertThat(leads).isEmpty();
      }
    };

    final TopicSpec<String, ?> topic;
    final boolean byPhone;
    final String label;

    Table(TopicSpec<String, ?> topic, boolean byPhone, String label) {
      this.topic = topic;
      this.byPhone = byPhone;
      this.label = label;
    }

    abstract Object record(Instant at);

    /** The readable record's effect on Ada's decision (and her leads). */
    abstract void honoured(RoutingDecision decision, List<Lead> leads);

    @SuppressWarnings("unchecked")
    byte[] encoded(RouterDriver d, Instant at) {
      return d.encode((TopicSpec<String, Object>) topic, record(at));
    }

    String key(RouterDriver d) {
      return byPhone ? d.phoneKey(PHONE) : d.subjectKey(EMAIL);
    }

    long held(RouterDriver d) {
      return byPhone ? d.heldByPhoneStage() : d.heldBySubjectStage();
    }
  }

  static Stream<Arguments> everyTableAndDamage() {
    return Arrays.stream(Table.values())
        .flatMap(t -> Arrays.stream(Damage.values()).map(damage -> Arguments.of(t, damage)));
  }

  @BeforeEach
  void open() {
    d = RouterDriver.open();
    d.partner(partner("acme-offices", PartnerKind.OPERATOR).build());
    earlier = d.now().minus(Duration.ofDays(3));
  }

  @AfterEach
  void close() {
    d.close();
  }

  /** Ada's number is given for someone else, so the TPS and the call consent decide her calls. */
  private static Enquiry ada() {
    Enquiry e = enquiry(EMAIL, PHONE).build();
    e.getContact().setOnBehalfOfAnother(true);
    return e;
  }

  private static Enquiry grace() {
    return enquiry("grace@example.com", "0161 496 0000").build();
  }

  private void ticks(int n) {
    for (int i = 0; i < n; i++) {
      d.tick();
    }
  }

  private double unreadable(String table) {
    return d.metrics.count("suppression.lookups.unreadable", "table", table);
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("everyTableAndDamage")
  void aDamagedRecordHoldsItsKeysEnquiriesUntilAReadableRecordSupersedesIt(Table table, Damage damage) {
    String key = table.key(d);
    d.rawSuppression(table.topic, key, damage.apply(table.encoded(d, earlier)), earlier);

    d.enquiry(ada());
    ticks(3);

    assertThat(d.decisions()).as("no decision while the record cannot be read").isEmpty();
    assertThat(d.leads(PartnerKind.OPERATOR, "acme-offices")).as("no lead").isEmpty();
    assertThat(d.deadLetters().readValuesToList()).as("the record is not dead-lettered").isEmpty();
    assertThat(table.held(d)).isEqualTo(1);
    assertThat(unreadable(table.label)).isGreaterThanOrEqualTo(3.0);

    // Another person is decided meanwhile; Ada's next enquiry is held too.
    d.enquiry(grace());
    d.advance(Duration.ofMinutes(1));
    d.enquiry(ada());
    ticks(2);
    List<RoutingDecision> meanwhile = d.decisions();
    assertThat(meanwhile).singleElement().satisfies(x -> {
      assertThat(x.getSubjectKey()).isEqualTo(d.subjectKey("grace@example.com"));
      assertThat(x.getOutcome()).isEqualTo(DecisionOutcome.ROUTED);
    });
    assertThat(d.leads(PartnerKind.OPERATOR, "acme-offices")).singleElement()
        .satisfies(l -> assertThat(l.getContact().getEmail()).isEqualTo("grace@example.com"));
    assertThat(table.held(d)).isEqualTo(2);

    // A readable record for Ada's key supersedes the damaged one: both enquiries are decided with it.
    d.advance(Duration.ofMinutes(1));
    d.rawSuppression(table.topic, key, table.encoded(d, d.now()), d.now());
    ticks(2);

    List<RoutingDecision> decided = d.decisions();
    List<Lead> leads = d.leads(PartnerKind.OPERATOR, "acme-offices");
    assertThat(decided).hasSize(2).allSatisfy(x -> {
      assertThat(x.getSubjectKey()).isEqualTo(d.subjectKey(EMAIL));
      table.honoured(x, leads);
    });
    assertThat(table.held(d)).isZero();
    assertThat(d.deadLetters().readValuesToList()).isEmpty();
  }

  @Test
  void aRecordWhoseSchemaIdTheRegistryLearnsAgainIsReadAndHonoured() {
    String key = d.subjectKey(EMAIL);
    d.forgottenSchema(Topics.SUPPRESSION_PREFERENCES, key, emailOptOut(earlier), earlier);
    d.enquiry(ada());
    ticks(3);
    assertThat(d.decisions()).isEmpty();

    // The registry is restored from a snapshot: the failed look-ups were not cached.
    d.registry.restore(RouterDriver.FORGOTTEN_SCHEMA_ID, ContactPreferences.getClassSchema().toString());
    d.tick();

    assertThat(d.onlyDecision().getMarketing().getReason()).isEqualTo(MarketingReason.OPTED_OUT);
    assertThat(d.heldBySubjectStage()).isZero();
  }

  @Test
  void aDamagedRecordLastOnItsPartitionStillCountsAsAppliedForTheBarrier() {
    // The barrier waits until the stores applied every record below the end offset; a record that
    // does not decode is applied like any other, so it holds only its own key.
    d.rawSuppression(Topics.SUPPRESSION_CALL_CONSENTS, d.phoneKey(PHONE), Damage.WRONG_MAGIC_BYTE.apply(
        d.encode(Topics.SUPPRESSION_CALL_CONSENTS, consent(ConsentStatus.GRANTED, earlier, null))), earlier);

    d.enquiry(grace());

    assertThat(d.onlyDecision().getOutcome()).isEqualTo(DecisionOutcome.ROUTED);
    assertThat(d.heldByPhoneStage()).isZero();
  }

  @Test
  void aDamagedChangeOfMindIsNotPassedOnButCounted() {
    d.rawSuppression(Topics.SUPPRESSION_DO_NOT_REPEAT, d.subjectKey(EMAIL),
        Damage.TRUNCATED_AVRO.apply(d.encode(Topics.SUPPRESSION_DO_NOT_REPEAT, doNotRepeat(earlier, true))), earlier);

    assertThat(unreadable("do_not_repeat")).isEqualTo(1.0);
    assertThat(d.deadLetters().readValuesToList()).isEmpty();
  }

  @Test
  void aRegistryOutageStillFailsTheTaskRatherThanHoldingOrSkipping() {
    d.forgottenSchema(Topics.SUPPRESSION_CALL_CONSENTS, d.phoneKey(PHONE), consent(ConsentStatus.GRANTED, earlier, null), earlier);
    d.registry.close();

    assertThatThrownBy(() -> d.enquiry(ada())).satisfies(e -> assertThat(ErrorHandling.registryDown(e)).isTrue());
    assertThat(d.deadLetters().readValuesToList()).isEmpty();
  }
}
