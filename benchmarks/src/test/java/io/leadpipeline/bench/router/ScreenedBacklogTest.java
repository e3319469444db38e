package io.leadpipeline.bench.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.Register;
import io.leadpipeline.bench.load.SyntheticEnquiries;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.router.allocation.AllocationInput;
import io.leadpipeline.router.suppression.Screening;
import io.leadpipeline.router.validation.EnquiryValidation;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ScreenedBacklogTest {
  private static final long NOW = Instant.parse("2026-12-05T12:00:00Z").toEpochMilli();
  private final EnquiryValidation validation = new EnquiryValidation(new SubjectKeys(RouterUnderTest.SECRET));
  private final SyntheticEnquiries people = new SyntheticEnquiries("test");

  @Test
  void eachIsTheEnquiryAsTheSubjectStageForwardsIt() {
    for (long i = 0; i < 20; i++) {
      Screening s = ScreenedBacklog.screened(validation, people, i, 10, NOW);

      assertThat(s.enquiry().enquiryId()).isEqualTo(people.enquiry(i).getEnquiryId());
      assertThat(s.enquiry().eventTime()).isEqualTo(NOW);
      assertThat(s.enquiry().hasPhone()).isTrue();
      assertThat(s.reoffer()).as("a first screening, not a re-offer").isNull();
      assertThat(s.view().tps() != null).as("person %d on the TPS register", i).isEqualTo(i % 10 == 0);
      assertThat(s.view().registers().required()).isTrue();
      assertThat(s.view().registers().loadedAt().keySet()).containsExactlyInAnyOrder(Register.values());
      assertThat(s.view().registers().outOfDateAt(NOW)).as("registers fresh, so calls are decided on the facts").isFalse();
      assertThat(s.screenedAgainst()).hasSize(5);
    }
  }

  @Test
  void theAllocationHopReadsThemBack() {
    Screening s = ScreenedBacklog.screened(validation, people, 3, 10, NOW);
    byte[] bytes = ScreenedBacklog.FORMAT.serializer().serialize("t", AllocationInput.of(s));

    assertThat(ScreenedBacklog.FORMAT.deserializer().deserialize("t", bytes)).isEqualTo(AllocationInput.of(s));
    assertThat(Arrays.copyOf(bytes, 3)).as("Smile, as the topology writes the hop").containsExactly(':', ')', '\n');
  }
}
