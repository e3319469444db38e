package io.leadpipeline.reliability.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.reliability.verify.Run.Cap;
import io.leadpipeline.reliability.verify.Run.DeadLetter;
import io.leadpipeline.reliability.verify.Run.Decision;
import io.leadpipeline.reliability.verify.Run.Delivery;
import io.leadpipeline.reliability.verify.Run.Lead;
import io.leadpipeline.reliability.verify.Run.Sent;
import io.leadpipeline.reliability.verify.Verdict.Check;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeliveryVerifierTest {
  private static final Instant NOON = Instant.parse("2026-03-02T12:00:00Z");
  private static final ZoneId LONDON = ZoneId.of("Europe/London");

  /** A run that keeps every promise: e1 to a and b, e2 to a (phone withheld), one dead letter. */
  private static final class Builder {
    List<Sent> sent = new ArrayList<>(List.of(Sent.valid("e1"), Sent.valid("e2"), Sent.invalid("junk")));
    Map<String, Cap> caps = new HashMap<>(Map.of("a", new Cap(2, LONDON)));
    Set<String> forbiddenPhones = new HashSet<>(Set.of("+441614960002"));
    Set<Delivery> forbiddenDeliveries = new HashSet<>(Set.of(new Delivery("e2", "b")));
    Set<String> marketingForbidden = new HashSet<>(Set.of("e2"));
    List<Decision> decisions = new ArrayList<>(List.of(
        new Decision("e1", "ROUTED", Set.of("a", "b"), Set.of()),
        new Decision("e2", "ROUTED", Set.of("a"), Set.of())));
    List<Lead> leads = new ArrayList<>(List.of(
        new Lead("l1a", "e1", "a", "+441614960001", true, NOON),
        new Lead("l1b", "e1", "b", "+441614960001", true, NOON),
        new Lead("l2a", "e2", "a", null, false, NOON)));
    List<DeadLetter> dead = new ArrayList<>(List.of(new DeadLetter("junk", "WRONG_MAGIC_BYTE")));

    Verdict verify() {
      return DeliveryVerifier.verify(new Run(sent, caps, forbiddenPhones, forbiddenDeliveries, marketingForbidden,
          decisions, leads, dead));
    }
  }

  private static void assertOnly(Verdict v, Check check, int count) {
    assertThat(v.violations()).containsOnly(Map.entry(check, count));
    assertThat(v.passed()).isFalse();
    assertThat(v.line()).startsWith("VERDICT FAIL").contains(check.meaning());
  }

  @Test
  void aRunThatKeepsEveryPromisePasses() {
    Verdict v = new Builder().verify();
    assertThat(v.passed()).isTrue();
    assertThat(v.line()).isEqualTo(
        "VERDICT PASS: 3 enquiries sent (2 valid, 1 invalid), 2 decisions, 3 leads, 1 dead letters; violations: 0");
  }

  @Test
  void validEnquiryWithoutDecisionFails() {
    Builder b = new Builder();
    b.sent.add(Sent.valid("e3"));
    assertOnly(b.verify(), Check.DECISION_MISSING, 1);
  }

  @Test
  void secondDecisionForOneEnquiryFails() {
    Builder b = new Builder();
    b.decisions.add(new Decision("e2", "ROUTED", Set.of("a"), Set.of()));
    assertOnly(b.verify(), Check.DECISION_DUPLICATED, 1);
  }

  @Test
  void decisionForAnInvalidRecordFails() {
    Builder b = new Builder();
    b.decisions.add(new Decision("e9", "NO_MATCH", Set.of(), Set.of()));
    assertOnly(b.verify(), Check.DECISION_UNEXPECTED, 1);
  }

  @Test
  void chosenPartnerWithoutALeadFails() {
    Builder b = new Builder();
    b.leads.removeIf(l -> l.leadId().equals("l1b"));
    assertOnly(b.verify(), Check.LEAD_MISSING, 1);
  }

  @Test
  void redeliveredLeadFails() {
    Builder b = new Builder();
    b.leads.add(new Lead("l1b", "e1", "b", "+441614960001", true, NOON));
    assertOnly(b.verify(), Check.LEAD_DUPLICATED, 1);
  }

  @Test
  void leadNoDecisionChoseFails() {
    Builder b = new Builder();
    b.leads.add(new Lead("l1c", "e1", "c", null, false, NOON));
    assertOnly(b.verify(), Check.LEAD_UNCHOSEN, 1);
  }

  @Test
  void deferredPartnerMayReceiveItsLeadLater() {
    Builder b = new Builder();
    b.decisions.set(0, new Decision("e1", "ROUTED", Set.of("a"), Set.of("b")));
    assertThat(b.verify().passed()).isTrue();
    b.leads.removeIf(l -> l.leadId().equals("l1b"));
    assertThat(b.verify().passed()).isTrue();
  }

  @Test
  void capCountsByTheCalendarDayInThePartnersZone() {
    Builder b = new Builder();
    b.sent.add(Sent.valid("e3"));
    b.decisions.add(new Decision("e3", "ROUTED", Set.of("a"), Set.of()));
    // 23:30 UTC in summer is 00:30 the next day in London: a different day, within the cap.
    Instant summerNight = Instant.parse("2026-07-01T23:30:00Z");
    b.leads.replaceAll(l -> l.partnerId().equals("a") ? new Lead(l.leadId(), l.enquiryId(), "a", l.phone(), l.marketingPermitted(), Instant.parse("2026-07-01T22:00:00Z")) : l);
    b.leads.add(new Lead("l3a", "e3", "a", null, false, summerNight));
    assertThat(b.verify().passed()).isTrue();

    b.leads.set(b.leads.size() - 1, new Lead("l3a", "e3", "a", null, false, Instant.parse("2026-07-01T22:30:00Z")));
    assertOnly(b.verify(), Check.CAP_EXCEEDED, 1);
  }

  @Test
  void suppressedPhoneInALeadFails() {
    Builder b = new Builder();
    b.leads.set(2, new Lead("l2a", "e2", "a", "+441614960002", false, NOON));
    assertOnly(b.verify(), Check.SUPPRESSED_PHONE_SHARED, 1);
  }

  @Test
  void leadToAnExcludedPartnerFails() {
    Builder b = new Builder();
    b.decisions.set(1, new Decision("e2", "ROUTED", Set.of("a", "b"), Set.of()));
    b.leads.add(new Lead("l2b", "e2", "b", null, false, NOON));
    assertOnly(b.verify(), Check.FORBIDDEN_DELIVERY, 1);
  }

  @Test
  void marketingPermittedAfterOptOutFails() {
    Builder b = new Builder();
    b.leads.set(2, new Lead("l2a", "e2", "a", null, true, NOON));
    assertOnly(b.verify(), Check.MARKETING_NOT_WITHHELD, 1);
  }

  @Test
  void invalidRecordMissingFromDeadLettersFails() {
    Builder b = new Builder();
    b.dead.clear();
    assertOnly(b.verify(), Check.DEAD_LETTER_MISSING, 1);
  }

  @Test
  void deadLetteredValidEnquiryFails() {
    Builder b = new Builder();
    b.dead.add(new DeadLetter("e1", "INVALID"));
    assertOnly(b.verify(), Check.VALID_DEAD_LETTERED, 1);
  }

  @Test
  void verdictLineNamesExamplesOfEachViolation() {
    Builder b = new Builder();
    b.sent.add(Sent.valid("e7"));
    b.sent.add(Sent.valid("e8"));
    assertThat(b.verify().line()).contains("2 valid enquiries without a decision (e.g. ").contains("e7").contains("e8");
  }
}
