package io.leadpipeline.gateway.screening;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.gateway.TestLeads;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** docs/partner-delivery.md §8: the check before every attempt. */
class ScreeningTest {
  private static final Instant T = Instant.parse("2026-12-04T09:30:00Z");
  private final Lead lead = TestLeads.lead("l", "hub", "ada@example.com", "+447700900123", T);

  private static ContactPreferences prefs(Instant dnc, Instant optOut) {
    return ContactPreferences.newBuilder().setDoNotCallAt(dnc).setEmailMarketingOptOutAt(optOut)
        .setUpdatedAt(T).setSource("test").build();
  }

  @Test
  void nothingKnownDeliversTheLeadAsItIs() {
    assertThat(Screening.screen(lead, Screening.Facts.none())).isEqualTo(new Screening.Verdict.Deliver(lead));
  }

  @Test
  void anErasureAfterTheEnquiryWithholdsTheLead() {
    var v = Screening.screen(lead, new Screening.Facts(Optional.of(T.plusSeconds(60)), Optional.empty(), Optional.empty(), Optional.empty()));
    assertThat(v).isInstanceOf(Screening.Verdict.Withhold.class);
    assertThat(((Screening.Verdict.Withhold) v).reason()).startsWith("ERASURE").doesNotContain("ada");
  }

  @Test
  void anErasureBeforeANewEnquiryDoesNotWithholdIt() {
    var v = Screening.screen(lead, new Screening.Facts(Optional.of(T.minusSeconds(3600)), Optional.empty(), Optional.empty(), Optional.empty()));
    assertThat(v).isInstanceOf(Screening.Verdict.Deliver.class);
  }

  @Test
  void aDoNotRepeatForThisPartnerOrAllWithholds() {
    DoNotRepeat thisOne = DoNotRepeat.newBuilder().setPartnerIds(List.of("hub")).setUpdatedAt(T).setSource("t").build();
    DoNotRepeat all = DoNotRepeat.newBuilder().setAllPartners(true).setUpdatedAt(T).setSource("t").build();
    DoNotRepeat other = DoNotRepeat.newBuilder().setPartnerIds(List.of("elsewhere")).setUpdatedAt(T).setSource("t").build();
    assertThat(Screening.screen(lead, new Screening.Facts(Optional.empty(), Optional.of(thisOne), Optional.empty(), Optional.empty())))
        .isInstanceOf(Screening.Verdict.Withhold.class);
    assertThat(Screening.screen(lead, new Screening.Facts(Optional.empty(), Optional.of(all), Optional.empty(), Optional.empty())))
        .isInstanceOf(Screening.Verdict.Withhold.class);
    assertThat(Screening.screen(lead, new Screening.Facts(Optional.empty(), Optional.of(other), Optional.empty(), Optional.empty())))
        .isInstanceOf(Screening.Verdict.Deliver.class);
  }

  @Test
  void aDoNotCallSinceTheEnquiryRemovesThePhone() {
    var v = Screening.screen(lead, new Screening.Facts(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(prefs(T.plusSeconds(5), null))));
    Lead sent = ((Screening.Verdict.Deliver) v).lead();
    assertThat(sent.getContact().getPhone()).isNull();
    assertThat(sent.getCallPermitted()).isFalse();
    assertThat(sent.getMarketingPermitted()).isTrue();
  }

  @Test
  void aMarketingOptOutSinceTheEnquiryClearsMarketing() {
    var v = Screening.screen(lead, new Screening.Facts(Optional.empty(), Optional.empty(),
        Optional.of(prefs(null, T.plusSeconds(5))), Optional.empty()));
    Lead sent = ((Screening.Verdict.Deliver) v).lead();
    assertThat(sent.getMarketingPermitted()).isFalse();
    assertThat(sent.getContact().getPhone()).isEqualTo("+447700900123");
  }

  @Test
  void choicesMadeBeforeTheEnquiryWereTheRoutersToApply() {
    var v = Screening.screen(lead, new Screening.Facts(Optional.empty(), Optional.empty(),
        Optional.of(prefs(T.minusSeconds(5), T.minusSeconds(5))), Optional.empty()));
    assertThat(v).isEqualTo(new Screening.Verdict.Deliver(lead));
  }
}
