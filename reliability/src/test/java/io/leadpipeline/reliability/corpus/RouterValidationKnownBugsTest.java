package io.leadpipeline.reliability.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.router.validation.EnquiryValidation;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Open bugs in the router's validation (lead-router's {@code EnquiryValidation}), found by the
 * bad-input corpus: these enquiries are routed to partners today. Each test fails until the fix
 * described in the module README lands; run with {@code -Pknown-bugs}.
 */
@Tag("known-bug")
class RouterValidationKnownBugsTest {
  private final EnquiryValidation validation =
      new EnquiryValidation(new SubjectKeys("known-bugs-subject-secret-0123456789"));

  private boolean rejected(Consumer<Enquiry.Builder> damage) {
    Enquiry.Builder b = BadEnquiries.valid("bugs", 1);
    damage.accept(b);
    return !validation.validate(b.build(), System.currentTimeMillis()).valid();
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
