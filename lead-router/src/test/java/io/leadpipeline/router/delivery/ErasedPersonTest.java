package io.leadpipeline.router.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.router.notices.SubjectErasure;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErasedPersonTest {

  private static NormalisedEnquiry from(String subjectKey, String phoneKey) {
    return new NormalisedEnquiry("e-1", 0, 0, "WEB_FORM", "site", "Ada", null, "ada@example.com",
        phoneKey == null ? null : "+442079460018", subjectKey, phoneKey, true, "London", null, 10,
        List.of(OfficeType.SERVICED), null, null, null, false, false, null);
  }

  @Test
  void anEnquiryUnderEitherKeyIsThePersons() {
    ErasedPerson p = ErasedPerson.of(new SubjectErasure("s1", "p1", 0, List.of()));
    assertThat(p.madeEnquiry(from("s1", null))).isTrue();
    assertThat(p.madeEnquiry(from("s2", "p1"))).isTrue();
    assertThat(p.madeEnquiry(from("s2", "p2"))).isFalse();
    assertThat(p.keys()).containsExactly("s1", "p1");
  }

  @Test
  void aPhoneOnlyErasureDoesNotMatchEnquiriesWithoutAPhone() {
    ErasedPerson p = new ErasedPerson(null, "p1");
    assertThat(p.madeEnquiry(from("s1", null))).isFalse();
    assertThat(p.madeEnquiry(from("s1", "p1"))).isTrue();
    assertThat(p.keys()).containsExactly("p1");
  }
}
