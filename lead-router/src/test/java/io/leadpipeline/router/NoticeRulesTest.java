package io.leadpipeline.router;

import static io.leadpipeline.router.Fixtures.doNotCall;
import static io.leadpipeline.router.Fixtures.enquiry;
import static io.leadpipeline.router.Fixtures.partner;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.Erasure;
import io.leadpipeline.avro.ErasureRecipient;
import io.leadpipeline.avro.NoticeKind;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.identity.NoticeIds;
import io.leadpipeline.router.delivery.LeadIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/SPECIFICATION.md §6 rule 7 and §13 on the production topology: one notice per (lead,
 * request), from the router alone, whatever the number of keys a request is written under.
 */
@Timeout(60)
class NoticeRulesTest {
  static final String EMAIL = "ada@example.com";
  static final String PHONE = "020 7946 0018";
  RouterDriver d;
  Enquiry routed;

  @BeforeEach
  void open() {
    d = RouterDriver.open(); // Monday 2 March 2026, 10:00 London
    d.partner(partner("acme", PartnerKind.OPERATOR).build());
    d.partner(partner("bloom", PartnerKind.LANDLORD).build());
    routed = enquiry(EMAIL, PHONE).build();
    d.enquiry(routed);
    assertThat(d.onlyDecision().getPartners()).hasSize(2);
    d.advance(Duration.ofMinutes(5));
  }

  @AfterEach
  void close() {
    d.close();
  }

  /** One do-not-call request as the service writes it: the same time under both keys, appended apart. */
  private void doNotCallUnderBothKeys(Instant at) {
    d.preferences(d.subjectKey(EMAIL), doNotCall(at), d.now());
    d.advance(Duration.ofMillis(40));
    d.preferences(d.phoneKey(PHONE), doNotCall(at), d.now());
  }

  private String lead(String partnerId) {
    return LeadIds.of(routed.getEnquiryId(), partnerId);
  }

  @Test
  void aDoNotCallGivenWithEmailAndPhoneReachesEachPartnerOnce() {
    Instant at = d.now();
    doNotCallUnderBothKeys(at);

    assertThat(d.notices(PartnerKind.OPERATOR, "acme")).singleElement().satisfies(n -> {
      assertThat(n.getKind()).isEqualTo(NoticeKind.DO_NOT_CALL);
      assertThat(n.getLeadIds()).containsExactly(lead("acme"));
      assertThat(n.getEffectiveAt()).isEqualTo(at);
      assertThat(n.getNoticeId()).isEqualTo(NoticeIds.change("DO_NOT_CALL", "acme", at.toEpochMilli(), List.of(lead("acme"))));
    });
    assertThat(d.notices(PartnerKind.LANDLORD, "bloom")).singleElement()
        .satisfies(n -> assertThat(n.getLeadIds()).containsExactly(lead("bloom")));
  }

  @Test
  void theSameRequestReadAgainTellsNobodyAndANewerOneTellsAgain() {
    Instant at = d.now();
    doNotCallUnderBothKeys(at);
    assertThat(d.notices(PartnerKind.OPERATOR, "acme")).hasSize(1);

    d.advance(Duration.ofMinutes(1));
    doNotCallUnderBothKeys(at); // re-sent by a retry
    assertThat(d.notices(PartnerKind.OPERATOR, "acme")).isEmpty();

    d.advance(Duration.ofMinutes(1));
    Instant later = d.now();
    doNotCallUnderBothKeys(later); // the person asks again
    assertThat(d.notices(PartnerKind.OPERATOR, "acme")).singleElement()
        .satisfies(n -> assertThat(n.getEffectiveAt()).isEqualTo(later));
    assertThat(d.notices(PartnerKind.LANDLORD, "bloom")).hasSize(2);
  }

  @Test
  void anOptOutUnderTwoKeysIsOneRequestWhateverEachRecordsUpdateTime() {
    Instant at = d.now();
    ContactPreferences bySubject = ContactPreferences.newBuilder()
        .setEmailMarketingOptOutAt(at).setPhoneMarketingOptOutAt(at).setUpdatedAt(at).setSource("api:test").build();
    // The phone key's record was rewritten later for another reason; its opt-out time is the request's.
    ContactPreferences byPhone = ContactPreferences.newBuilder(bySubject).setUpdatedAt(at.plusSeconds(30)).build();
    d.preferences(d.subjectKey(EMAIL), bySubject, d.now());
    d.advance(Duration.ofSeconds(30));
    d.preferences(d.phoneKey(PHONE), byPhone, d.now());

    assertThat(d.notices(PartnerKind.OPERATOR, "acme")).singleElement().satisfies(n -> {
      assertThat(n.getKind()).isEqualTo(NoticeKind.MARKETING_OPT_OUT);
      assertThat(n.getEffectiveAt()).isEqualTo(at);
    });
  }

  @Test
  void anErasureNamingLeadsTheRouterAlsoKnowsTellsEachPartnerOnceEachLeadOnce() {
    String subjectKey = d.subjectKey(EMAIL);
    Instant requestedAt = d.now();
    // The service found acme's lead and an older bloom lead the router no longer holds.
    Erasure e = new Erasure(subjectKey, d.phoneKey(PHONE), requestedAt, List.of(), List.of(
        new ErasureRecipient("acme", PartnerKind.OPERATOR, List.of(lead("acme"))),
        new ErasureRecipient("bloom", PartnerKind.LANDLORD, List.of("older-bloom-lead"))));
    d.erasure(e, d.now());

    List<ContactNotice> acme = d.notices(PartnerKind.OPERATOR, "acme");
    assertThat(acme).singleElement().satisfies(n -> {
      assertThat(n.getKind()).isEqualTo(NoticeKind.ERASURE);
      assertThat(n.getLeadIds()).containsExactly(lead("acme"));
      assertThat(n.getEffectiveAt()).isEqualTo(requestedAt);
      assertThat(n.getNoticeId()).isEqualTo(NoticeIds.erasure("acme", subjectKey, requestedAt.toEpochMilli()));
    });
    assertThat(d.notices(PartnerKind.LANDLORD, "bloom")).singleElement()
        .satisfies(n -> assertThat(n.getLeadIds()).containsExactly("older-bloom-lead", lead("bloom")));

    // A change of mind after the erasure tells nobody: the router forgot whom the person went to.
    d.advance(Duration.ofMinutes(1));
    doNotCallUnderBothKeys(d.now());
    assertThat(d.notices(PartnerKind.OPERATOR, "acme")).isEmpty();
  }

  @Test
  void anErasureFromAnOlderServiceDoesNotTellAgainTheLeadsItToldItself() {
    d.erasure(d.subjectKey(EMAIL), d.phoneKey(PHONE), d.now(), List.of(lead("acme")));
    assertThat(d.notices(PartnerKind.OPERATOR, "acme")).isEmpty();
    assertThat(d.notices(PartnerKind.LANDLORD, "bloom")).singleElement()
        .satisfies(n -> assertThat(n.getLeadIds()).containsExactly(lead("bloom")));
  }

  @Test
  void anErasureForgetsWhatWasNoticed() {
    doNotCallUnderBothKeys(d.now());
    assertThat(d.driver.getKeyValueStore("noticed-leads").get(lead("acme"))).isNotNull();
    d.erasure(d.subjectKey(EMAIL), d.phoneKey(PHONE), d.now());
    assertThat(d.driver.getKeyValueStore("noticed-leads").get(lead("acme"))).isNull();
    assertThat(d.driver.getKeyValueStore("noticed-leads").get(lead("bloom"))).isNull();
  }
}
