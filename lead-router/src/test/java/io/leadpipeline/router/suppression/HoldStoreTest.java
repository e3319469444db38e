package io.leadpipeline.router.suppression;

import static io.leadpipeline.router.Fixtures.doNotCall;
import static io.leadpipeline.router.Fixtures.enquiry;
import static io.leadpipeline.router.Fixtures.partner;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.router.RouterDriver;
import io.leadpipeline.router.wire.JsonSerde;
import io.leadpipeline.topics.Topics;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hold store's changelog, on the production topology (the test driver commits after every
 * input and every tick): an enquiry held and released between two commits costs one tombstone; one
 * still held at a commit is in the changelog with its value, so a restart restores it.
 */
@Timeout(60)
class HoldStoreTest {
  private static final String HOLD = "join-hold";
  RouterDriver d;

  @BeforeEach
  void open() {
    d = RouterDriver.open();
    d.partner(partner("acme-offices", PartnerKind.OPERATOR).build());
  }

  @AfterEach
  void close() {
    d.close();
  }

  @Test
  void anEnquiryHeldAndReleasedBetweenTwoCommitsLeavesOnlyATombstone() {
    d.enquiry(enquiry("ada@example.com", "+442079460018").build());

    assertThat(d.decisions()).hasSize(1);
    assertThat(d.changelogValues(HOLD)).containsExactly((byte[]) null);
  }

  @Test
  void anEnquiryStillHeldAtACommitIsInTheChangelogUntilItIsReleased() {
    Instant t = d.now();
    d.onBrokerNotYetFetched(Topics.SUPPRESSION_PREFERENCES);
    d.enquiry(enquiry("ada@example.com", "+442079460018").build(), t);

    assertThat(d.decisions()).as("held at the barrier").isEmpty();
    List<byte[]> written = d.changelogValues(HOLD);
    assertThat(written).singleElement().isNotNull();
    assertThat(JsonSerde.of(Screening.class).deserializer().deserialize(HOLD, written.get(0)).enquiry().subjectKey())
        .isEqualTo(d.subjectKey("ada@example.com"));

    d.preferences(d.phoneKey("+442079460018"), doNotCall(t.minusSeconds(1)), t.minusSeconds(1));
    d.tick();

    assertThat(d.decisions()).hasSize(1);
    assertThat(d.changelogValues(HOLD)).containsExactly((byte[]) null);
  }
}
