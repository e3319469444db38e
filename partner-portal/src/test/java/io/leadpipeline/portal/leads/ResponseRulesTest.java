package io.leadpipeline.portal.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.LeadResponse;
import io.leadpipeline.avro.RejectionReason;
import io.leadpipeline.avro.ResponseDecision;
import io.leadpipeline.portal.SampleLeads;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResponseRulesTest {
  private static final Instant ROUTED = Instant.parse("2026-12-01T10:00:00Z");
  private static final Duration WINDOW = Duration.ofHours(48);
  private final Lead lead = SampleLeads.lead("lead-1", "acme", ROUTED, true);

  private ResponseRules.Verdict at(Instant now, ResponseRules.Request r) {
    return ResponseRules.check(lead, Optional.empty(), WINDOW, now, r);
  }

  private static ResponseRules.Request.Reject known(LocalDate since, String source) {
    return new ResponseRules.Request.Reject(RejectionReason.ALREADY_KNOWN, Optional.ofNullable(since), Optional.ofNullable(source));
  }

  @Test
  void acceptingWithinTheWindowIsAllowed() {
    assertThat(at(ROUTED.plus(Duration.ofHours(47)), new ResponseRules.Request.Accept()))
        .isEqualTo(new ResponseRules.Verdict.Allowed(ResponseDecision.ACCEPTED, null, null, null));
  }

  @Test
  void afterTheWindowNothingCanBeAnsweredAndTheIntroductionStands() {
    assertThat(at(ROUTED.plus(WINDOW), new ResponseRules.Request.Accept()))
        .isInstanceOf(ResponseRules.Verdict.TooLate.class);
    assertThat(at(ROUTED.plus(WINDOW), known(LocalDate.parse("2026-11-01"), "walk-in")))
        .isInstanceOf(ResponseRules.Verdict.TooLate.class);
    assertThat(ResponseStatus.of(lead, Optional.empty(), WINDOW, ROUTED.plus(WINDOW)))
        .isEqualTo(new ResponseStatus.DeemedAccepted(ROUTED.plus(WINDOW)));
    assertThat(ResponseStatus.of(lead, Optional.empty(), WINDOW, ROUTED.plus(WINDOW)).stands()).isTrue();
  }

  @Test
  void aLeadIsAnsweredOnce() {
    LeadResponse earlier = new LeadResponse("r1", "lead-1", "acme", ResponseDecision.ACCEPTED, null, null, null, ROUTED, "actor");
    assertThat(ResponseRules.check(lead, Optional.of(earlier), WINDOW, ROUTED.plusSeconds(60), known(LocalDate.parse("2026-11-01"), "x")))
        .isInstanceOf(ResponseRules.Verdict.TooLate.class);
  }

  @Test
  void alreadyKnownNeedsTheDateAndSourceOfTheEarlierContact() {
    Instant now = ROUTED.plusSeconds(60);
    assertThat(at(now, known(null, "another broker"))).isInstanceOf(ResponseRules.Verdict.Invalid.class);
    assertThat(at(now, known(LocalDate.parse("2026-11-20"), " "))).isInstanceOf(ResponseRules.Verdict.Invalid.class);
    assertThat(at(now, known(LocalDate.parse("2026-11-20"), "another broker")))
        .isEqualTo(new ResponseRules.Verdict.Allowed(
            ResponseDecision.REJECTED, RejectionReason.ALREADY_KNOWN, LocalDate.parse("2026-11-20"), "another broker"));
  }

  @Test
  void anEarlierContactDatedAfterTheIntroductionIsNoEvidence() {
    assertThat(at(ROUTED.plusSeconds(60), known(LocalDate.parse("2026-12-02"), "walk-in")))
        .isInstanceOf(ResponseRules.Verdict.Invalid.class);
  }

  @Test
  void otherReasonsNeedNoEvidenceButARejectionNeedsAReason() {
    Instant now = ROUTED.plusSeconds(60);
    assertThat(at(now, new ResponseRules.Request.Reject(RejectionReason.INVALID_CONTACT, Optional.empty(), Optional.empty())))
        .isInstanceOf(ResponseRules.Verdict.Allowed.class);
    assertThat(at(now, new ResponseRules.Request.Reject(null, Optional.empty(), Optional.empty())))
        .isInstanceOf(ResponseRules.Verdict.Invalid.class);
  }
}
