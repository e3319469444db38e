package io.leadpipeline.reliability.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.router.validation.EnquiryValidation;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The bad-input corpus's damaged free text and dates against the router's validation (docs/SPECIFICATION.md §6 rule 1). */
class RouterValidationCorpusTest {
  private final EnquiryValidation validation =
      new EnquiryValidation(new SubjectKeys("corpus-subject-secret-0123456789ab"));

  private boolean rejected(Consumer<Enquiry.Builder> damage) {
    Enquiry.Builder b = BadEnquiries.valid("bugs", 1);
    damage.accept(b);
    return validation.validate(b.build(), System.currentTimeMillis()) instanceof EnquiryValidation.Outcome.Invalid;
  }

  @Test
  void nulInTheNameIsRejected() {
    assertThat(rejected(b -> b.getContactBuilder().setFullName("Ada\u0000Lovelace"))).isTrue();
  }

  @Test
  void terminalEscapeInTheCompanyIsRejected() {
    assertThat(rejected(b -> b.getContactBuilder().setCompany("\u001b[2J\u001b[31mACME"))).isTrue();
  }

  @Test
  void rightToLeftOverrideInTheNameIsRejected() {
    assertThat(rejected(b -> b.getContactBuilder().setFullName("Ada \u202Egnp.exe"))).isTrue();
  }

  @Test
  void lineBreakInTheCityIsRejected() {
    assertThat(rejected(b -> b.getRequirementsBuilder().setCity("London\nX-Injected: yes"))).isTrue();
  }

  @Test
  void moveInInTheYear9999IsRejected() {
    assertThat(rejected(b -> b.getRequirementsBuilder().setMoveInDate(BadEnquiries.FAR_FUTURE))).isTrue();
  }

  @Test
  void legitimateUnicodeNamesStayValid() {
    assertThat(rejected(b -> b.getContactBuilder().setFullName("Zoë Ñúñez-O'Brien 李小龍"))).isFalse();
  }
}
