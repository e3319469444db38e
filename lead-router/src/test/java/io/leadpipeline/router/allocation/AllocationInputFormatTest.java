package io.leadpipeline.router.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.router.wire.JsonSerde;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The allocation repartition topic's records, as the router before the sealed {@link
 * AllocationInput} wrote them (Smile, and the JSON text of older versions), still decode: a
 * rolling upgrade reads what the previous version left on the topic. The fixtures under
 * {@code store-formats/allocation-input} were written by that version from {@link
 * AllocationInputSamples}; they are never regenerated.
 */
class AllocationInputFormatTest {
  private static final Path DIR = Path.of("src/test/resources/store-formats/allocation-input");
  private final JsonSerde<AllocationInput> serde = JsonSerde.of(AllocationInput.class);

  private AllocationInput read(String file) throws IOException {
    return serde.deserializer().deserialize("allocation-repartition", Files.readAllBytes(DIR.resolve(file)));
  }

  @Test
  void aScreenedEnquiryWrittenByThePreviousVersionDecodes() throws IOException {
    assertThat(read("screening.smile")).isEqualTo(AllocationInput.of(AllocationInputSamples.SCREENING));
    assertThat(read("screening.json")).isEqualTo(AllocationInput.of(AllocationInputSamples.SCREENING));
  }

  @Test
  void aReofferWrittenByThePreviousVersionDecodes() throws IOException {
    assertThat(read("reoffer.smile")).isEqualTo(AllocationInput.of(AllocationInputSamples.REOFFER));
  }

  @Test
  void aSuppressionChangeWrittenByThePreviousVersionDecodes() throws IOException {
    assertThat(read("change.smile")).isEqualTo(AllocationInput.of(AllocationInputSamples.CHANGE));
    assertThat(read("change.json")).isEqualTo(AllocationInput.of(AllocationInputSamples.CHANGE));
  }

  @Test
  void anErasureWrittenByThePreviousVersionDecodes() throws IOException {
    assertThat(read("erasure.smile")).isEqualTo(AllocationInput.of(AllocationInputSamples.ERASURE));
  }

  @Test
  void anAnswerWrittenByThePreviousVersionDecodes() throws IOException {
    assertThat(read("answer.smile")).isEqualTo(AllocationInput.of(AllocationInputSamples.ANSWER));
  }

  @Test
  void whatThisVersionWritesReadsBackAsItself() {
    for (AllocationInput in : new AllocationInput[] {
        AllocationInput.of(AllocationInputSamples.SCREENING), AllocationInput.of(AllocationInputSamples.CHANGE),
        AllocationInput.of(AllocationInputSamples.ERASURE), AllocationInput.of(AllocationInputSamples.ANSWER)}) {
      byte[] bytes = serde.serializer().serialize("allocation-repartition", in);
      assertThat(serde.deserializer().deserialize("allocation-repartition", bytes)).isEqualTo(in);
    }
  }
}
