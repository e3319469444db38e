package io.leadpipeline.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.identity.Emails;
import io.leadpipeline.identity.PhoneNumbers;
import io.leadpipeline.router.PartnerImport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticEnquiriesTest {
  private final SyntheticEnquiries people = new SyntheticEnquiries("run1");

  @Test
  void enquiryIsTheSameInEveryPhaseOfARun() {
    Enquiry a = people.enquiry(42);
    Enquiry b = new SyntheticEnquiries("run1").enquiry(42);
    assertThat(a.getEnquiryId()).isEqualTo(b.getEnquiryId());
    assertThat(a.getContact()).isEqualTo(b.getContact());
    assertThat(a.getRequirements()).isEqualTo(b.getRequirements());
    assertThat(new SyntheticEnquiries("run2").enquiry(42).getEnquiryId()).isNotEqualTo(a.getEnquiryId());
  }

  @Test
  void everyPersonIsNewAndHasAValidPhoneAndEmail() {
    Set<String> phones = new HashSet<>();
    Set<String> emails = new HashSet<>();
    for (long i = 0; i < 2_000; i++) {
      Enquiry e = people.enquiry(i);
      phones.add(PhoneNumbers.toE164(e.getContact().getPhone()));
      emails.add(Emails.normalise(e.getContact().getEmail()));
      assertThat(e.getRequirements().getDesks()).isPositive();
    }
    assertThat(phones).hasSize(2_000);
    assertThat(emails).hasSize(2_000);
  }

  @Test
  void halfThePeopleTypedTheirOwnNumber() {
    long own = 0;
    for (long i = 0; i < 1_000; i++) {
      own += people.enquiry(i).getContact().getPhoneProvidedBySubject() ? 1 : 0;
    }
    assertThat(own).isEqualTo(500);
  }

  @Test
  void partnersAreAcceptedByTheRoutersImportAndCoverEveryCity(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("partners.json"), SyntheticEnquiries.partnersJson("p-"));
    List<Partner> partners = PartnerImport.read(file, Instant.now());
    assertThat(partners).hasSize(4 * SyntheticEnquiries.CITIES.size());
    for (String city : SyntheticEnquiries.CITIES) {
      assertThat(partners).filteredOn(p -> p.getCities().contains(city)).hasSize(4);
    }
  }
}
