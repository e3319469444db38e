package io.leadpipeline.router.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.router.suppression.Screening;
import io.leadpipeline.router.suppression.SuppressionView;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import io.leadpipeline.router.validation.ShownConsent;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {
  private static final long T = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
  private final JsonSerde<Screening> serde = JsonSerde.of(Screening.class);

  private static Screening screening() {
    NormalisedEnquiry e = new NormalisedEnquiry(
        "e-1", T, T, "WEB_FORM", "site.example", "Ada Lovelace", "Engines Ltd", "ada@example.com", "+442079460018",
        "s".repeat(64), "p".repeat(64), false, "London", "EC1", 10, List.of(OfficeType.SERVICED, OfficeType.MANAGED),
        450, null, 12, true, false,
        new ShownConsent(new ShownConsent.Wording("w-1", "2026-03", List.of("p-1"), List.of(PartnerKind.OPERATOR)), null));
    return new Screening(e, SuppressionView.NOTHING);
  }

  @Test
  void writesSmileAndReadsItBack() {
    byte[] bytes = serde.serializer().serialize("t", screening());

    assertThat(JsonSerde.isSmile(bytes)).isTrue();
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(screening());
  }

  @Test
  void stillReadsTheJsonTextAnOlderVersionWroteToItsStores() throws Exception {
    byte[] text = new ObjectMapper().writeValueAsBytes(screening());

    assertThat(JsonSerde.isSmile(text)).isFalse();
    assertThat(serde.deserializer().deserialize("t", text)).isEqualTo(screening());
  }

  @Test
  void unknownFieldsFromANewerVersionAreIgnoredAndGarbageIsRefused() {
    byte[] newer = "{\"enquiry\":null,\"addedLater\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(serde.deserializer().deserialize("t", newer).enquiry()).isNull();
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {':', ')', '\n', 0x7f}))
        .isInstanceOf(SerializationException.class);
  }
}
