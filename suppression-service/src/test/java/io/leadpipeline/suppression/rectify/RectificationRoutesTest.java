package io.leadpipeline.suppression.rectify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipeline.avro.AuditEvent;
import io.leadpipeline.avro.CallDecision;
import io.leadpipeline.avro.CallReason;
import io.leadpipeline.avro.CorrectionNotice;
import io.leadpipeline.avro.DecisionOutcome;
import io.leadpipeline.avro.MarketingDecision;
import io.leadpipeline.avro.MarketingReason;
import io.leadpipeline.avro.PartnerDecision;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.PartnerReason;
import io.leadpipeline.avro.PartnerStatus;
import io.leadpipeline.avro.RectificationRequest;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.suppression.InMemorySuppressionLog;
import io.leadpipeline.suppression.TestService;
import io.leadpipeline.suppression.api.Bodies;
import io.leadpipeline.topics.Topics;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** docs/SPECIFICATION.md §8.5 through the HTTP API of the real service over an in-memory log. */
@Timeout(60)
class RectificationRoutesTest {
  private static final String EMAIL = "pat@example.org";
  private static final String PHONE = "+44 20 7946 0099";
  private static final String NEW_PHONE = "07911 123456";
  private static final String NEW_PHONE_E164 = "+447911123456";
  private static final String NEW_EMAIL = "pat.new@example.org";
  private final SubjectKeys keys = new SubjectKeys(TestService.SUBJECT_SECRET);
  @TempDir Path state;

  private static String body(String corrected) {
    return "{\"email\":\"" + EMAIL + "\",\"phone\":\"" + PHONE + "\",\"corrected\":" + corrected + "}";
  }

  @Test
  void theCorrectedValuesGoToTheRouterAndSuppressionTopicsHoldKeysOnly() throws Exception {
    try (TestService t = new TestService(state, 1000, Clock.systemUTC())) {
      HttpResponse<String> r = t.post("/v1/subjects/rectification", TestService.ALL,
          body("{\"fullName\":\"Pat Newname\",\"email\":\"" + NEW_EMAIL + "\",\"phone\":\"" + NEW_PHONE + "\"}"));

      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode answer = Bodies.MAPPER.readTree(r.body());
      assertThat(answer.get("corrected")).extracting(JsonNode::asText).containsExactly("fullName", "email", "phone");
      assertThat(r.body()).doesNotContain(NEW_EMAIL).doesNotContain("Newname").doesNotContain(NEW_PHONE_E164).doesNotContain(NEW_PHONE);

      InMemorySuppressionLog.Appended a = t.log.on(Topics.REQUESTS_RECTIFICATIONS.baseName()).get(0);
      RectificationRequest q = (RectificationRequest) a.value();
      assertThat(a.key()).isEqualTo(keys.ofEmail(EMAIL));
      assertThat(q.getRequestId()).isEqualTo(answer.get("requestId").asText());
      assertThat(q.getSubjectKey()).isEqualTo(keys.ofEmail(EMAIL));
      assertThat(q.getPhoneKey()).isEqualTo(keys.ofPhone(PHONE));
      assertThat(q.getFullName()).isEqualTo("Pat Newname");
      assertThat(q.getCompany()).isNull();
      assertThat(q.getEmail()).isEqualTo(NEW_EMAIL);
      assertThat(q.getPhone()).isEqualTo(NEW_PHONE_E164);

      // What reaches a suppression topic: the audit event, with the key and no value.
      assertThat(t.log.appended()).filteredOn(x -> x.topic().startsWith("suppression."))
          .singleElement().satisfies(x -> {
            AuditEvent e = (AuditEvent) x.value();
            assertThat(e.getAction()).isEqualTo("RECTIFICATION");
            assertThat(e.getTopic()).isEqualTo(Topics.REQUESTS_RECTIFICATIONS.baseName());
            assertThat(e.getRecordKey()).isEqualTo(keys.ofEmail(EMAIL));
            assertThat(e.toString()).doesNotContain(NEW_EMAIL).doesNotContain("Newname")
                .doesNotContain(NEW_PHONE_E164).doesNotContain("07911123456");
          });
    }
  }

  @Test
  void badInputIsA400WithAMessageAndWritesNothing() throws Exception {
    try (TestService t = new TestService(state, 1000, Clock.systemUTC())) {
      Map<String, String> bad = Map.of(
          "{\"corrected\":{\"fullName\":\"Pat\"}}", "identify",
          body("{}"), "at least one",
          body("{\"phone\":\"12\"}"), "corrected.phone is not valid",
          body("{\"email\":\"nope\"}"), "corrected.email is not valid",
          body("{\"fax\":\"0123\"}"), "fax",
          "{\"email\":\"" + EMAIL + "\"}", "corrected");
      for (Map.Entry<String, String> b : bad.entrySet()) {
        HttpResponse<String> r = t.post("/v1/subjects/rectification", TestService.ALL, b.getKey());
        assertThat(r.statusCode()).as(b.getKey()).isEqualTo(400);
        assertThat(Bodies.MAPPER.readTree(r.body()).toString()).as(b.getKey()).contains(b.getValue());
      }
      assertThat(t.log.appended()).isEmpty();
    }
  }

  @Test
  void itNeedsTheRectifyScope() throws Exception {
    try (TestService t = new TestService(state, 1000, Clock.systemUTC())) {
      HttpResponse<String> r = t.post("/v1/subjects/rectification", TestService.READER, body("{\"fullName\":\"Pat\"}"));
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(t.post("/v1/subjects/rectification", null, body("{\"fullName\":\"Pat\"}")).statusCode()).isEqualTo(401);
      assertThat(t.log.appended()).isEmpty();
    }
  }

  @Test
  void aRetryWithTheSameIdempotencyKeyIsOneRequest() throws Exception {
    try (TestService t = new TestService(state, 1000, Clock.systemUTC())) {
      Map<String, String> h = Map.of("Idempotency-Key", "fix-1");
      HttpResponse<String> first = t.send("POST", "/v1/subjects/rectification", TestService.ALL, body("{\"fullName\":\"Pat\"}"), h);
      HttpResponse<String> again = t.send("POST", "/v1/subjects/rectification", TestService.ALL, body("{\"fullName\":\"Pat\"}"), h);
      assertThat(again.body()).isEqualTo(first.body());
      assertThat(t.log.on(Topics.REQUESTS_RECTIFICATIONS.baseName())).hasSize(1);
    }
  }

  @Test
  void theAccessReportListsTheRequestAndTheCorrectionNoticesSent() throws Exception {
    try (TestService t = new TestService(state, 1000, Clock.systemUTC())) {
      String subject = keys.ofEmail(EMAIL);
      t.decisions.add(decision(subject, "e-1", "acme", "lead-1"));
      HttpResponse<String> r = t.post("/v1/subjects/rectification", TestService.ALL, body("{\"company\":\"Pat & Co\"}"));
      String requestId = Bodies.MAPPER.readTree(r.body()).get("requestId").asText();
      Instant at = Instant.parse("2026-11-02T09:00:00Z");
      t.corrections.add(new CorrectionNotice("c-1", "acme", "lead-1", requestId, null, "Pat & Co", null, null, at, at));
      t.corrections.add(new CorrectionNotice("c-2", "acme", "someone-elses", "other", null, "X", null, null, at, at));

      JsonNode report = Bodies.MAPPER.readTree(t.send("GET",
          "/v1/subjects/access-report?email=" + EMAIL, TestService.READER, null, Map.of()).body());
      assertThat(report.get("rectifications")).singleElement().satisfies(q -> {
        assertThat(q.get("requestId").asText()).isEqualTo(requestId);
        assertThat(q.get("corrected")).extracting(JsonNode::asText).containsExactly("company");
      });
      assertThat(report.get("corrections")).singleElement().satisfies(n -> {
        assertThat(n.get("kind").asText()).isEqualTo("CORRECTION");
        assertThat(n.get("partnerId").asText()).isEqualTo("acme");
        assertThat(n.get("leadId").asText()).isEqualTo("lead-1");
        assertThat(n.get("requestId").asText()).isEqualTo(requestId);
        assertThat(n.get("fields")).extracting(JsonNode::asText).containsExactly("company");
      });
    }
  }

  @Test
  void thePreferencePageLinksToAFormThatRecordsTheCorrection() throws Exception {
    try (TestService t = new TestService(state, 1000, Clock.systemUTC())) {
      String query = java.net.URI.create(t.service.preferencesUrl(EMAIL)).getRawQuery();
      String token = query.substring("token=".length()); // as it appears in the link: URL-encoded
      String prefs = t.send("GET", "/preferences?token=" + token, null, null, Map.of()).body();
      assertThat(prefs).contains("href=\"/preferences/correction?token=");

      HttpResponse<String> form = t.send("GET", "/preferences/correction?token=" + token, null, null, Map.of());
      assertThat(form.statusCode()).isEqualTo(200);
      assertThat(form.body()).contains("name=\"fullName\"").contains("name=\"phone\"");

      HttpResponse<String> bad = formPost(t, "token=" + token + "&phone=12&fullName=%3Cb%3E");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("phone is not valid").contains("value=\"&lt;b&gt;\"");
      assertThat(t.log.on(Topics.REQUESTS_RECTIFICATIONS.baseName())).isEmpty();

      HttpResponse<String> ok = formPost(t, "token=" + token + "&fullName=Pat+Newname&company=&email=&phone=");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).contains("your name").doesNotContain("Newname");
      RectificationRequest q = (RectificationRequest) t.log.on(Topics.REQUESTS_RECTIFICATIONS.baseName()).get(0).value();
      assertThat(q.getSubjectKey()).isEqualTo(keys.ofEmail(EMAIL));
      assertThat(q.getFullName()).isEqualTo("Pat Newname");

      HttpResponse<String> tampered = t.send("GET", "/preferences/correction?token=" + token + "x", null, null, Map.of());
      assertThat(tampered.statusCode()).isEqualTo(400);
      assertThat(tampered.body()).contains("This link does not work");
    }
  }

  /** A routing decision that sent the person's enquiry to one partner. */
  private static RoutingDecision decision(String subjectKey, String enquiryId, String partnerId, String leadId) {
    Instant t = Instant.parse("2026-11-01T09:00:00Z");
    return RoutingDecision.newBuilder()
        .setEnquiryId(enquiryId)
        .setSubjectKey(subjectKey)
        .setPhoneKey(null)
        .setEventTime(t)
        .setDecidedAt(t.plusMillis(40))
        .setOutcome(DecisionOutcome.ROUTED)
        .setCall(new CallDecision(true, CallReason.TPS_OVERRIDDEN))
        .setMarketing(new MarketingDecision(false, MarketingReason.NO_CONSENT))
        .setPartners(List.of(new PartnerDecision(partnerId, PartnerKind.LANDLORD, PartnerStatus.CHOSEN,
            PartnerReason.SELECTED, 1.0, leadId, List.of(), List.of())))
        .setSuppressionFacts(List.of())
        .setLatencyMs(40)
        .build();
  }

  private static HttpResponse<String> formPost(TestService t, String form) throws Exception {
    return t.send("POST", "/preferences/correction", null, form,
        Map.of("Content-Type", "application/x-www-form-urlencoded"));
  }
}
