package io.leadpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipeline.avro.ConsentShown;
import io.leadpipeline.avro.ConsentWording;
import io.leadpipeline.avro.Enquiry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The demo's sample sites send what their boxes said (docs/enquiry-contract.md §1). */
class DemoConsentWordingsTest {

  @Test
  void everySampleSiteSendsAWordingAndEveryEnquiryCarriesItsSitesWording() {
    for (String site : DemoPopulation.SITES) {
      assertThat(DemoConsentWordings.shownOn(site)).as(site).isNotNull();
    }
    DemoPopulation population = new DemoPopulation(7, 20);
    DemoPopulation.Person person = population.people().get(0);
    for (int i = 0; i < 20; i++) {
      Enquiry e = population.enquiryFrom(person, Instant.parse("2026-03-02T10:00:00Z"));
      assertThat(e.getMarketingConsentShown()).isEqualTo(DemoConsentWordings.shownOn(e.getSite()));
    }
  }

  @Test
  void theWordingsNameOnlyPartnersTheDemoHas() throws IOException {
    JsonNode partners = new ObjectMapper().readTree(Path.of("..", "examples", "partners.json").toFile());
    Set<String> ids = new HashSet<>();
    partners.forEach(p -> ids.add(p.get("partnerId").asText()));
    for (String site : DemoPopulation.SITES) {
      ConsentShown shown = DemoConsentWordings.shownOn(site);
      Stream.of(shown.getEmail(), shown.getPhone())
          .filter(w -> w != null)
          .map(ConsentWording::getRecipientIds)
          .forEach(named -> assertThat(ids).as(site).containsAll(named));
    }
  }
}
