package io.leadpipeline.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.DecisionOutcome;
import io.leadpipeline.avro.PartnerKind;
import org.junit.jupiter.api.Test;

class TopologySmokeTest {
  @Test
  void anEnquiryIsRoutedToAMatchingPartner() {
    try (RouterDriver d = RouterDriver.open()) {
      d.partner(Fixtures.partner("acme-offices", PartnerKind.OPERATOR).build());
      d.enquiry(Fixtures.enquiry("ada@example.com", "020 7946 0018").build());
      assertThat(d.onlyDecision().getOutcome()).isEqualTo(DecisionOutcome.ROUTED);
      assertThat(d.leads(PartnerKind.OPERATOR, "acme-offices")).hasSize(1);
      System.out.println(d.driver.producedTopicNames());
    }
  }
}
