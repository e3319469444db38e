package io.leadpipeline.router.reoffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.router.reoffer.OfferedEnquiry.Offer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The partner limit of a re-offer (docs/SPECIFICATION.md §6.8): a first-round rejection frees its place once. */
class OfferedEnquiryTest {
  private static OfferedEnquiry sharedWith(int limit, String... partners) {
    List<Offer> offers = java.util.Arrays.stream(partners)
        .map(p -> new Offer("lead-" + p, p, PartnerKind.OPERATOR, false, false)).toList();
    return new OfferedEnquiry(null, true, true, 0L, limit, offers, 0L);
  }

  @Test
  void aFullEnquiryHasNoRoomUntilAFirstRoundPartnerRejects() {
    OfferedEnquiry full = sharedWith(2, "a", "b");
    assertThat(full.hasRoom()).isFalse();
    assertThat(full.rejected("lead-a").hasRoom()).isTrue();
  }

  @Test
  void theFreedPlaceTakesOneReplacementAndTheReplacementsRejectionFreesNothing() {
    OfferedEnquiry e = sharedWith(2, "a", "b").rejected("lead-a").withReplacement("lead-c", "c", PartnerKind.OPERATOR);
    assertThat(e.hasRoom()).isFalse();
    assertThat(e.rejected("lead-c").hasRoom()).isFalse();
    assertThat(e.rejected("lead-b").hasRoom()).as("b's own place").isTrue();
  }

  @Test
  void anEnquiryFirstSharedBelowItsLimitHasRoomForMore() {
    assertThat(sharedWith(3, "a").rejected("lead-a").withReplacement("lead-b", "b", PartnerKind.OPERATOR)
        .rejected("lead-b").hasRoom()).isTrue();
  }

  @Test
  void everyRecipientStaysARecipientAndOnlyUnrejectedOnesHoldIt() {
    OfferedEnquiry e = sharedWith(1, "a").rejected("lead-a");
    assertThat(e.recipients()).containsExactly("a");
    assertThat(e.heldByOthers()).isFalse();
    assertThat(e.withReplacement("lead-b", "b", PartnerKind.OPERATOR).heldByOthers()).isTrue();
  }

  @Test
  void screeningTimesOfOneEnquiryOnlyIncrease() {
    OfferedEnquiry e = sharedWith(2, "a", "b").screenedAt(1_000L);
    assertThat(e.nextScreeningTime(5_000L)).isEqualTo(5_000L);
    assertThat(e.nextScreeningTime(1_000L)).isEqualTo(1_001L);
    assertThat(e.nextScreeningTime(999L)).isEqualTo(1_001L);
  }
}
