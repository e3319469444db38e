package io.leadpipeline.router;

import static io.leadpipeline.router.Fixtures.doNotCall;
import static io.leadpipeline.router.Fixtures.enquiry;
import static io.leadpipeline.router.Fixtures.partner;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.CorrectionNotice;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.NoticeKind;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.RectificationRequest;
import io.leadpipeline.router.delivery.LeadIds;
import io.leadpipeline.router.notices.CorrectionPlanner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/SPECIFICATION.md §8.5 on the production topology: a correction reaches every partner that
 * received the person, one CORRECTION notice per (lead, request), with only the fields each lead
 * carried and its partner may use.
 */
@Timeout(60)
class CorrectionRulesTest {
  static final String EMAIL = "ada@example.com";
  static final String PHONE = "020 7946 0018";
  static final String NEW_PHONE = "+447700900123";
  RouterDriver d;
  Enquiry withPhone;
  Enquiry withoutPhone;

  @BeforeEach
  void open() {
    d = RouterDriver.open(); // Monday 2 March 2026, 10:00 London
    d.partner(partner("acme", PartnerKind.OPERATOR).build());
    d.partner(partner("bloom", PartnerKind.LANDLORD).setCities(List.of("Manchester")).build());
    // acme receives the person's London enquiry with a phone it may call; bloom a Manchester one without.
    withPhone = enquiry(EMAIL, PHONE).build();
    d.enquiry(withPhone);
    d.advance(Duration.ofMinutes(1));
    withoutPhone = enquiry(EMAIL, null).build();
    withoutPhone.getRequirements().setCity("Manchester");
    withoutPhone.getContact().setPhoneProvidedBySubject(false);
    d.enquiry(withoutPhone);
    Lead acmeLead = d.leads(PartnerKind.OPERATOR, "acme").get(0);
    assertThat(acmeLead.getContact().getPhone()).isNotNull();
    assertThat(d.leads(PartnerKind.LANDLORD, "bloom")).singleElement()
        .satisfies(l -> assertThat(l.getContact().getPhone()).isNull());
    d.advance(Duration.ofMinutes(5));
  }

  @AfterEach
  void close() {
    d.close();
  }

  private RectificationRequest request(String requestId) {
    return RectificationRequest.newBuilder()
        .setRequestId(requestId)
        .setSubjectKey(d.subjectKey(EMAIL))
        .setPhoneKey(d.phoneKey(PHONE))
        .setRequestedAt(d.now())
        .setFullName("Ada King")
        .setPhone(NEW_PHONE)
        .build();
  }

  @Test
  void eachLeadGetsOneNoticeWithOnlyTheFieldsItCarried() {
    RectificationRequest r = request("r1");
    d.rectification(d.subjectKey(EMAIL), r, d.now());

    String acmeLead = LeadIds.of(withPhone.getEnquiryId(), "acme");
    String bloomLead = LeadIds.of(withoutPhone.getEnquiryId(), "bloom");
    assertThat(d.corrections("acme")).singleElement().satisfies(n -> {
      assertThat(n.getLeadId()).isEqualTo(acmeLead);
      assertThat(n.getNoticeId()).isEqualTo(CorrectionPlanner.noticeId(acmeLead, "r1"));
      assertThat(n.getRequestId()).isEqualTo("r1");
      assertThat(n.getFullName()).isEqualTo("Ada King");
      assertThat(n.getPhone()).isEqualTo(NEW_PHONE);
      assertThat(n.getEmail()).isNull();
      assertThat(n.getCompany()).isNull();
      assertThat(n.getEffectiveAt()).isEqualTo(r.getRequestedAt());
    });
    // bloom's lead carried no phone: it hears of the name only.
    assertThat(d.corrections("bloom")).singleElement().satisfies(n -> {
      assertThat(n.getLeadId()).isEqualTo(bloomLead);
      assertThat(n.getFullName()).isEqualTo("Ada King");
      assertThat(n.getPhone()).isNull();
    });
  }

  @Test
  void theSameRequestAgainOrUnderTheSecondKeyTellsNobody() {
    RectificationRequest r = request("r1");
    d.rectification(d.subjectKey(EMAIL), r, d.now());
    assertThat(d.corrections("acme")).hasSize(1);
    assertThat(d.corrections("bloom")).hasSize(1);

    d.advance(Duration.ofSeconds(1));
    d.rectification(d.phoneKey(PHONE), r, d.now()); // under the second key
    d.rectification(d.subjectKey(EMAIL), r, d.now()); // re-sent by a retry
    assertThat(d.corrections("acme")).isEmpty();
    assertThat(d.corrections("bloom")).isEmpty();

    // A new request tells again.
    d.advance(Duration.ofSeconds(1));
    d.rectification(d.subjectKey(EMAIL), request("r2"), d.now());
    assertThat(d.corrections("acme")).singleElement()
        .satisfies(n -> assertThat(n.getRequestId()).isEqualTo("r2"));
    assertThat(d.corrections("bloom")).hasSize(1);
  }

  @Test
  void aPartnerToldNotToCallGetsNoPhone() {
    d.preferences(d.subjectKey(EMAIL), doNotCall(d.now()), d.now());
    d.advance(Duration.ofSeconds(1));
    d.rectification(d.subjectKey(EMAIL), request("r1"), d.now());

    assertThat(d.corrections("acme")).singleElement().satisfies(n -> {
      assertThat(n.getFullName()).isEqualTo("Ada King");
      assertThat(n.getPhone()).isNull();
    });
  }

  @Test
  void aPhoneOnlyCorrectionSkipsALeadThatCarriedNoPhone() {
    RectificationRequest r = RectificationRequest.newBuilder(request("r1")).setFullName(null).build();
    d.rectification(d.subjectKey(EMAIL), r, d.now());

    assertThat(d.corrections("acme")).singleElement()
        .satisfies(n -> assertThat(n.getPhone()).isEqualTo(NEW_PHONE));
    assertThat(d.corrections("bloom")).isEmpty();
  }

  @Test
  void aDeferredLeadWhosePhoneWasDroppedWhileItWaitedHearsOfNoPhone() {
    d.partner(partner("office-hours", PartnerKind.LANDLORD).setDeliveryHours(Fixtures.weekdays("12:00", "17:00")).build());
    Enquiry later = enquiry(EMAIL, PHONE).build();
    d.enquiry(later); // 10:06 Monday: deferred until 12:00, planned with the phone
    d.advance(Duration.ofMinutes(1));
    d.preferences(d.subjectKey(EMAIL), doNotCall(d.now()), d.now());
    d.advance(Duration.ofHours(2)); // hours open: it goes out without the phone
    assertThat(d.leads(PartnerKind.LANDLORD, "office-hours")).singleElement()
        .satisfies(l -> assertThat(l.getContact().getPhone()).isNull());
    // Its introduction recorded the phone when it was planned; the partner was told of the
    // do-not-call, and that is what withholds the new number.
    assertThat(d.notices(PartnerKind.LANDLORD, "office-hours")).extracting(ContactNotice::getKind)
        .contains(NoticeKind.DO_NOT_CALL);

    d.rectification(d.subjectKey(EMAIL), request("r1"), d.now());
    assertThat(d.corrections("office-hours")).singleElement().satisfies(n -> {
      assertThat(n.getLeadId()).isEqualTo(LeadIds.of(later.getEnquiryId(), "office-hours"));
      assertThat(n.getFullName()).isEqualTo("Ada King");
      assertThat(n.getPhone()).isNull();
    });
  }

  @Test
  void anErasedPersonIsCorrectedToNobody() {
    Instant at = d.now();
    d.erasure(d.subjectKey(EMAIL), d.phoneKey(PHONE), at);
    d.advance(Duration.ofSeconds(1));
    d.rectification(d.subjectKey(EMAIL), request("r1"), d.now());

    assertThat(d.corrections("acme")).isEmpty();
    assertThat(d.corrections("bloom")).isEmpty();
  }

  @Test
  void aCorrectionForSomeoneNobodyReceivedTellsNobody() {
    RectificationRequest r = RectificationRequest.newBuilder(request("r1"))
        .setSubjectKey(d.subjectKey("someone@example.com")).setPhoneKey(null).build();
    d.rectification(r.getSubjectKey(), r, d.now());

    List<CorrectionNotice> all = new java.util.ArrayList<>(d.corrections("acme"));
    all.addAll(d.corrections("bloom"));
    assertThat(all).isEmpty();
  }
}
