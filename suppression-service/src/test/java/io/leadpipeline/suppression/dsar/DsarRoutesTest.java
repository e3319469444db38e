package io.leadpipeline.suppression.dsar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipeline.avro.CallDecision;
import io.leadpipeline.avro.CallReason;
import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.DecisionOutcome;
import io.leadpipeline.avro.Erasure;
import io.leadpipeline.avro.ErasureRecipient;
import io.leadpipeline.avro.MarketingDecision;
import io.leadpipeline.avro.MarketingReason;
import io.leadpipeline.avro.NoticeKind;
import io.leadpipeline.avro.PartnerDecision;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.PartnerReason;
import io.leadpipeline.avro.PartnerStatus;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.identity.NoticeIds;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.suppression.InMemorySuppressionLog;
import io.leadpipeline.suppression.TestService;
import io.leadpipeline.suppression.api.Bodies;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class DsarRoutesTest {
  private static final String EMAIL = "pat@example.org";
  private static final String PHONE = "+44 20 7946 0099";
  private final SubjectKeys keys = new SubjectKeys(TestService.SUBJECT_SECRET);
  @TempDir Path state;

  static RoutingDecision decision(String subjectKey, String enquiryId, boolean callPermitted, PartnerDecision... partners) {
    Instant t = Instant.parse("2026-11-01T09:00:00Z");
    return RoutingDecision.newBuilder()
        .setEnquiryId(enquiryId)
        .setSubjectKey(subjectKey)
        .setPhoneKey(null)
        .setEventTime(t)
        .setDecidedAt(t.plusMillis(40))
        .setOutcome(DecisionOutcome.ROUTED)
        .setCall(new CallDecision(callPermitted, callPermitted ? CallReason.TPS_OVERRIDDEN : CallReason.TPS))
        .setMarketing(new MarketingDecision(false, MarketingReason.NO_CONSENT))
        .setPartners(List.of(partners))
        .setSuppressionFacts(List.of())
        .setLatencyMs(40)
        .build();
  }

  static PartnerDecision partner(String id, PartnerKind kind, PartnerStatus status, String leadId) {
    return new PartnerDecision(id, kind, status, status == PartnerStatus.CHOSEN ? PartnerReason.SELECTED : PartnerReason.LOWER_SCORE, 1.0, leadId,
        List.of(), List.of());
  }

  @Test
  void theAccessReportSaysWhoReceivedWhichFieldsWhenAndWhy() throws Exception {
    try (TestService t = new TestService(state, 1000, Clock.systemUTC())) {
      String subject = keys.ofEmail(EMAIL);
      t.decisions.add(decision(subject, "e-1", false,
          partner("acme", PartnerKind.LANDLORD, PartnerStatus.CHOSEN, "lead-1"),
          partner("beta", PartnerKind.OPERATOR, PartnerStatus.EXCLUDED, null)));
      t.decisions.add(decision(subject, "e-2", true, partner("beta", PartnerKind.OPERATOR, PartnerStatus.CHOSEN, "lead-2")));
      t.post("/v1/do-not-call", TestService.WRITER, "{\"email\":\"" + EMAIL + "\"}");
      // The router told acme, naming the person's lead and another person's in one notice; and told another partner about someone else.
      t.notices.add(new ContactNotice("n-1", "acme", NoticeKind.DO_NOT_CALL, List.of("lead-1", "someone-elses"),
          Instant.parse("2026-11-02T09:00:00Z"), Instant.parse("2026-11-02T09:00:01Z")));
      t.notices.add(new ContactNotice("n-2", "gamma", NoticeKind.DO_NOT_CALL, List.of("lead-1"),
          Instant.parse("2026-11-02T09:00:00Z"), Instant.parse("2026-11-02T09:00:01Z")));
      t.notices.add(new ContactNotice("n-3", "beta", NoticeKind.ERASURE, List.of("someone-elses"),
          Instant.parse("2026-11-02T09:00:00Z"), Instant.parse("2026-11-02T09:00:01Z")));

      HttpResponse<String> r = t.send("GET", "/v1/subjects/access-report?email=" + EMAIL + "&phone=%2B442079460099", TestService.READER, null, Map.of());
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode report = Bodies.MAPPER.readTree(r.body());
      assertThat(report.get("subjectKey").asText()).isEqualTo(subject);
      assertThat(report.get("held").get("preferencesByEmail").get("doNotCallAt").isNull()).isFalse();
      JsonNode recipients = report.get("recipients");
      assertThat(recipients).hasSize(2);
      assertThat(recipients.get(0).get("partnerId").asText()).isEqualTo("acme");
      assertThat(recipients.get(0).get("fields").toString()).doesNotContain("contact.phone");
      assertThat(recipients.get(1).get("fields").toString()).contains("contact.phone");
      assertThat(recipients.get(1).get("sentAt").asText()).isEqualTo("2026-11-01T09:00:00.040Z");
      assertThat(report.get("enquiries")).hasSize(2);
      // Only notices to the person's recipients naming the person's leads, and only their lead ids.
      JsonNode notices = report.get("notices");
      assertThat(notices).hasSize(1);
      assertThat(notices.get(0).get("noticeId").asText()).isEqualTo("n-1");
      assertThat(notices.get(0).get("kind").asText()).isEqualTo("DO_NOT_CALL");
      assertThat(notices.get(0).get("leadIds").toString()).isEqualTo("[\"lead-1\"]");
      assertThat(r.body()).doesNotContain(EMAIL).doesNotContain("207946").doesNotContain("20 7946");
    }
  }

  @Test
  void erasureTombstonesPermissionsKeepsObjectionsAndNamesEveryRecipientForTheRouter() throws Exception {
    try (TestService t = new TestService(state, 1000, Clock.systemUTC())) {
      String subject = keys.ofEmail(EMAIL);
      t.decisions.add(decision(subject, "e-1", true,
          partner("acme", PartnerKind.LANDLORD, PartnerStatus.CHOSEN, "lead-1"),
          partner("beta", PartnerKind.OPERATOR, PartnerStatus.CHOSEN, "lead-2")));
      t.decisions.add(decision(subject, "e-2", true, partner("acme", PartnerKind.LANDLORD, PartnerStatus.CHOSEN, "lead-3")));
      t.post("/v1/call-consents", TestService.WRITER, "{\"phone\":\"" + PHONE + "\"}");
      t.post("/v1/do-not-call", TestService.WRITER, "{\"email\":\"" + EMAIL + "\"}");
      int before = t.log.appended().size();

      assertThat(t.post("/v1/subjects/erasure", TestService.READER, "{\"email\":\"" + EMAIL + "\"}").statusCode()).isEqualTo(403);
      HttpResponse<String> r = t.post("/v1/subjects/erasure", TestService.ALL, "{\"email\":\"" + EMAIL + "\",\"phone\":\"" + PHONE + "\"}");
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode body = Bodies.MAPPER.readTree(r.body());
      assertThat(body.get("erased").toString()).contains("suppression.call-consents");
      assertThat(body.get("kept").toString()).contains("suppression.preferences");
      assertThat(body.get("appendOnly").toString()).contains("enquiries", "30 days");

      List<InMemorySuppressionLog.Appended> after = t.log.appended().subList(before, t.log.appended().size());
      assertThat(after).filteredOn(a -> a.topic().equals("suppression.call-consents"))
          .singleElement().satisfies(a -> assertThat(a.value()).isNull());
      assertThat(after).filteredOn(a -> a.topic().equals("suppression.preferences")).isEmpty();
      // The router is the single writer of notices: the service writes none.
      assertThat(after).filteredOn(a -> a.topic().startsWith("notices.")).isEmpty();
      assertThat(after).filteredOn(a -> a.topic().equals("suppression.erasures"))
          .singleElement().satisfies(a -> {
            Erasure e = (Erasure) a.value();
            assertThat(a.key()).isEqualTo(subject);
            assertThat(e.getSubjectKey()).isEqualTo(subject);
            assertThat(e.getPhoneKey()).isEqualTo(keys.ofPhone(PHONE));
            assertThat(e.getNotifiedLeadIds()).isEmpty();
            // The router tells these partners, and the partners of leads decided after this look.
            assertThat(e.getFoundRecipients()).extracting(ErasureRecipient::getPartnerId, ErasureRecipient::getPartnerKind, ErasureRecipient::getLeadIds)
                .containsExactly(
                    org.assertj.core.groups.Tuple.tuple("acme", PartnerKind.LANDLORD, List.of("lead-1", "lead-3")),
                    org.assertj.core.groups.Tuple.tuple("beta", PartnerKind.OPERATOR, List.of("lead-2")));
            JsonNode toSend = body.get("noticesToSend");
            assertThat(toSend).hasSize(2);
            assertThat(toSend.get(0).get("topic").asText()).isEqualTo("notices.landlord.acme");
            assertThat(toSend.get(0).get("leadIds").toString()).isEqualTo("[\"lead-1\",\"lead-3\"]");
            assertThat(toSend.get(0).get("noticeId").asText())
                .isEqualTo(NoticeIds.erasure("acme", subject, e.getRequestedAt().toEpochMilli()));
          });
      assertThat(body.get("routerState").get("topic").asText()).isEqualTo("suppression.erasures");
      assertThat(after).filteredOn(a -> a.topic().equals("suppression.audit")).isNotEmpty();
    }
  }

  @Test
  void theAccessReportShowsPerRecipientTheConsentWordingAndTheRegisterDate() throws Exception {
    try (TestService t = new TestService(state, 1000, Clock.systemUTC())) {
      String subject = keys.ofEmail(EMAIL);
      Instant tpsLoadedAt = Instant.parse("2026-10-31T23:30:00Z"); // GMT by then: still 31 October in the UK
      Instant ctpsLoadedAt = Instant.parse("2026-11-01T06:00:00Z");
      List<io.leadpipeline.avro.RegisterLoadUsed> loads = List.of(
          new io.leadpipeline.avro.RegisterLoadUsed(io.leadpipeline.avro.Register.TPS, "load-tps-7", "tps-full-20261031.txt", tpsLoadedAt),
          new io.leadpipeline.avro.RegisterLoadUsed(io.leadpipeline.avro.Register.CTPS, "load-ctps-3", "ctps-full-20261101.txt", ctpsLoadedAt));
      PartnerDecision named = partner("acme", PartnerKind.LANDLORD, PartnerStatus.CHOSEN, "lead-1");
      named.setConsents(List.of(new io.leadpipeline.avro.AppliedConsent(
          io.leadpipeline.avro.MarketingChannel.EMAIL, "io-marketing-partners", "2026-03")));
      named.setRegisterLoads(loads);
      PartnerDecision notNamed = partner("beta", PartnerKind.OPERATOR, PartnerStatus.CHOSEN, "lead-2");
      notNamed.setRegisterLoads(loads);
      RoutingDecision d = decision(subject, "e-1", true, named, notNamed);
      d.setMarketing(new MarketingDecision(true, MarketingReason.CONSENTED));
      d.setConsentEvidence(true);
      t.decisions.add(d);

      HttpResponse<String> r = t.send("GET", "/v1/subjects/access-report?email=" + EMAIL, TestService.READER, null, Map.of());
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode recipients = Bodies.MAPPER.readTree(r.body()).get("recipients");
      assertThat(recipients).hasSize(2);
      JsonNode acme = recipients.get(0);
      assertThat(acme.get("marketingPermitted").asBoolean()).isTrue();
      assertThat(acme.get("marketingConsents").toString()).isEqualTo(
          "[{\"channel\":\"EMAIL\",\"wordingId\":\"io-marketing-partners\",\"wordingVersion\":\"2026-03\"}]");
      JsonNode registers = acme.get("registersScreenedAgainst");
      assertThat(registers.get(0).get("register").asText()).isEqualTo("TPS");
      assertThat(registers.get(0).get("registerDate").asText()).isEqualTo("2026-10-31");
      assertThat(registers.get(0).get("loadId").asText()).isEqualTo("load-tps-7");
      assertThat(registers.get(1).get("registerDate").asText()).isEqualTo("2026-11-01");
      JsonNode beta = recipients.get(1);
      assertThat(beta.get("marketingPermitted").asBoolean()).as("no consent named beta").isFalse();
      assertThat(beta.get("marketingConsents")).isEmpty();
      assertThat(beta.get("registersScreenedAgainst")).hasSize(2);
    }
  }

  @Test
  void aDecisionFromBeforeConsentEvidenceReportsItsEnquiryWideMarketingVerdict() throws Exception {
    try (TestService t = new TestService(state, 1000, Clock.systemUTC())) {
      String subject = keys.ofEmail(EMAIL);
      RoutingDecision d = decision(subject, "e-1", true, partner("acme", PartnerKind.LANDLORD, PartnerStatus.CHOSEN, "lead-1"));
      d.setMarketing(new MarketingDecision(true, MarketingReason.CONSENTED));
      t.decisions.add(d);

      HttpResponse<String> r = t.send("GET", "/v1/subjects/access-report?email=" + EMAIL, TestService.READER, null, Map.of());
      JsonNode acme = Bodies.MAPPER.readTree(r.body()).get("recipients").get(0);
      assertThat(acme.get("marketingPermitted").asBoolean()).isTrue();
      assertThat(acme.get("marketingConsents")).isEmpty();
      assertThat(acme.get("registersScreenedAgainst")).isEmpty();
    }
  }
}
