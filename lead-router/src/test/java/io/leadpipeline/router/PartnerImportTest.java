package io.leadpipeline.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.PartnerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartnerImportTest {
  private static final Path EXAMPLE = Path.of("..", "examples", "partners.json");

  @Test
  void theExamplePartnersAreRealisticAndValid() {
    List<Partner> partners = PartnerImport.read(EXAMPLE, Instant.now());
    assertThat(partners).hasSize(12);
    assertThat(partners).extracting(p -> p.getCities().get(0))
        .contains("London", "Manchester", "Birmingham", "Leeds", "Bristol", "Edinburgh");
    assertThat(partners).extracting(Partner::getKind).contains(PartnerKind.LANDLORD, PartnerKind.OPERATOR);
    assertThat(partners).filteredOn(Partner::getExclusive).hasSize(1);
    assertThat(partners).filteredOn(p -> !p.getActive()).hasSize(1);
    assertThat(partners).filteredOn(p -> p.getDeliveryHours() != null).hasSize(1);
    assertThat(partners).filteredOn(p -> p.getDailyCap() != null).hasSizeGreaterThan(2);
  }

  @Test
  void aPartnerIdThatCannotNameATopicIsRefused(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("p.json");
    Files.writeString(f, """
        [{"partnerId": "Bad Id", "name": "x", "kind": "LANDLORD", "cities": ["Leeds"], "maxDesks": 5,
          "officeTypes": ["LEASED"]}]""");
    assertThatThrownBy(() -> PartnerImport.read(f, Instant.now())).hasMessageContaining("partner id");
  }

  @Test
  void anUnknownFieldIsRefusedRatherThanIgnored(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("p.json");
    Files.writeString(f, """
        [{"partnerId": "ok", "name": "x", "kind": "LANDLORD", "cities": ["Leeds"], "maxDesks": 5,
          "officeTypes": ["LEASED"], "dailyCapp": 3}]""");
    assertThatThrownBy(() -> PartnerImport.read(f, Instant.now())).hasMessageContaining("dailyCapp");
  }
}
