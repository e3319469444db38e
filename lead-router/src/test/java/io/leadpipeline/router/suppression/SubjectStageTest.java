package io.leadpipeline.router.suppression;

import static io.leadpipeline.router.Fixtures.doNotRepeat;
import static io.leadpipeline.router.Fixtures.emailOptOut;
import static io.leadpipeline.router.Fixtures.enquiry;
import static io.leadpipeline.router.Fixtures.partner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.MarketingReason;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.PartnerReason;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.router.RouterDriver;
import io.leadpipeline.router.ordering.KeyPartition;
import io.leadpipeline.router.ops.ErrorHandling;
import io.leadpipeline.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fail closed on unreadable subject data, on the production topology: an enquiry whose
 * preferences or do-not-repeat record no longer decodes (its schema id unknown to the registry,
 * which lost its schemas) is held — no dead letter, no decision — and decided with that record
 * once the registry knows the id again; other subjects pass straight through; a registry outage
 * still fails the task so it is retried. The end offsets the phone stage read for this stage are
 * its barrier: met on arrival, the enquiry never touches the hold store; not met, it waits.
 */
@Timeout(60)
class SubjectStageTest {
  static final String EMAIL = "ada@example.com";
  RouterDriver d;
  String subjectKey;
  Instant earlier;

  @BeforeEach
  void open() {
    d = RouterDriver.open();
    d.partner(partner("acme-offices", PartnerKind.OPERATOR).build());
    subjectKey = d.subjectKey(EMAIL);
    earlier = d.now().minus(Duration.ofDays(3));
  }

  @AfterEach
  void close() {
    d.close();
  }

  private Enquiry ada() {
    return enquiry(EMAIL, null).build();
  }

  private void unreadableOptOut() {
    d.forgottenSchema(Topics.SUPPRESSION_PREFERENCES, subjectKey, emailOptOut(earlier), earlier);
  }

  private void registryRestored(org.apache.avro.Schema schema) {
    d.registry.restore(RouterDriver.FORGOTTEN_SCHEMA_ID, schema.toString());
  }

  private double unreadable(String table) {
    return d.metrics.count("suppression.lookups.unreadable", "table", table);
  }

  @Test
  void failClosed_anUndecodablePreferenceRecordHoldsTheEnquiryWithoutDeadLetterOrDecision() {
    unreadableOptOut();

    d.enquiry(ada());
    d.tick();

    assertThat(d.deadLetters().readValuesToList()).isEmpty();
    assertThat(d.decisions()).isEmpty();
    assertThat(d.heldBySubjectStage()).isEqualTo(1);
    // the change read on its way to the allocation step, the first look-up and one retry
    assertThat(unreadable("preferences")).isEqualTo(3.0);
    assertThat(d.metrics.count("enquiries.dead.lettered", "reason", "processing_error")).isZero();
  }

  @Test
  void failClosed_theHeldEnquiryIsDecidedWithItsRecordOnceTheRegistryKnowsItsSchemaAgain() {
    unreadableOptOut();
    d.enquiry(ada());

    registryRestored(ContactPreferences.getClassSchema());
    d.tick();

    RoutingDecision decision = d.onlyDecision();
    assertThat(decision.getMarketing().getReason()).isEqualTo(MarketingReason.OPTED_OUT);
    assertThat(d.heldBySubjectStage()).isZero();
    assertThat(d.deadLetters().readValuesToList()).isEmpty();
  }

  @Test
  void failClosed_anUndecodableDoNotRepeatRecordHoldsTheEnquiryUntilItReads() {
    d.forgottenSchema(Topics.SUPPRESSION_DO_NOT_REPEAT, subjectKey, doNotRepeat(earlier, true), earlier);
    d.enquiry(ada());
    assertThat(d.decisions()).isEmpty();
    assertThat(unreadable("do_not_repeat")).isEqualTo(2.0); // the change read and the look-up

    registryRestored(DoNotRepeat.getClassSchema());
    d.tick();

    assertThat(d.onlyDecision().getPartners())
        .singleElement()
        .satisfies(p -> assertThat(p.getReason()).isEqualTo(PartnerReason.DO_NOT_REPEAT));
    assertThat(d.leads(PartnerKind.OPERATOR, "acme-offices")).isEmpty();
  }

  @Test
  void failClosed_otherSubjectsAreDecidedDirectlyWhileOneIsHeld() {
    unreadableOptOut();
    d.enquiry(ada());

    d.enquiry(enquiry("grace@example.com", null).build());

    List<RoutingDecision> decisions = d.decisions();
    assertThat(decisions).singleElement()
        .satisfies(x -> assertThat(x.getSubjectKey()).isEqualTo(d.subjectKey("grace@example.com")));
    assertThat(d.heldBySubjectStage()).isEqualTo(1);
  }

  @Test
  void aReadableEnquiryIsForwardedWithoutTouchingTheHoldStore() {
    d.enquiry(ada());

    assertThat(d.decisions()).hasSize(1);
    assertThat(d.heldBySubjectStage()).isZero();
    assertThat(unreadable("preferences")).isZero();
  }

  /** An address whose subject key the default partitioner puts in partition 0, the one partition the test driver runs. */
  private String inPartitionZero() {
    for (int i = 0; ; i++) {
      String email = "person-" + i + "@example.com";
      if (KeyPartition.of(d.subjectKey(email), Topics.PARTITIONS) == 0) {
        return email;
      }
    }
  }

  @Test
  void anEnquiryWhoseCarriedEndOffsetsAreAppliedIsScreenedOnArrivalWithoutAWriteToTheHoldStore() {
    d.enquiry(enquiry(inPartitionZero(), null).build());

    assertThat(d.decisions()).hasSize(1);
    assertThat(d.changelogRecords("join-hold")).as("the phone stage held it, then released it").isEqualTo(2);
    assertThat(d.changelogRecords("subject-hold")).isZero();
  }

  @Test
  void carriedEndOffsetsTheStoresHaveNotAppliedHoldTheEnquiryUntilTheyHave() {
    String email = inPartitionZero();
    d.onBrokerNotYetFetched(Topics.SUPPRESSION_DO_NOT_REPEAT); // acknowledged before the enquiry, not fetched yet
    d.enquiry(enquiry(email, null).build());
    d.advance(Duration.ofMinutes(10));
    assertThat(d.decisions()).as("a record below the carried end offset is not applied yet").isEmpty();
    assertThat(d.heldBySubjectStage()).isEqualTo(1);

    d.doNotRepeat(d.subjectKey(email), doNotRepeat(earlier, true), earlier);
    d.tick();

    assertThat(d.onlyDecision().getPartners())
        .singleElement()
        .satisfies(p -> assertThat(p.getReason()).isEqualTo(PartnerReason.DO_NOT_REPEAT));
  }

  @Test
  void aRegistryOutageFailsTheTaskRatherThanHoldingOrDeadLettering() {
    unreadableOptOut();
    d.registry.close();

    assertThatThrownBy(() -> d.enquiry(ada())).satisfies(e -> assertThat(ErrorHandling.registryDown(e)).isTrue());
    assertThat(d.heldBySubjectStage()).isZero();
    assertThat(d.deadLetters().readValuesToList()).isEmpty();
  }
}
