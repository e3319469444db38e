package io.leadpipeline.reliability.notices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.NoticeKind;
import io.leadpipeline.avro.PartnerDecision;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.PartnerStatus;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.reliability.corpus.BadEnquiries;
import io.leadpipeline.reliability.harness.ChildJvm;
import io.leadpipeline.reliability.harness.Pipeline;
import io.leadpipeline.reliability.harness.SuppressionApi;
import io.leadpipeline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/SPECIFICATION.md §6 rule 7 and §13 through the real pipeline (real broker, registry,
 * router and suppression service): one do-not-call given with email and phone reaches each
 * partner as exactly one DO_NOT_CALL notice naming its lead, and an erasure as exactly one ERASURE
 * notice, the router the only writer — also when the router is killed right after each request
 * and restarts from its changelogs alone (state directory wiped).
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class OneNoticePerLeadIT {
  static final String EMAIL = "Ada.Byron@Notices.Example";
  static final String PHONE = "020 7946 0555";

  @Test
  @Timeout(600)
  void oneRequestUnderTwoKeysIsOneNoticePerLeadAcrossRestarts(LocalStack stack) throws Exception {
    Pipeline pipeline = new Pipeline(stack, "notices");
    pipeline.importPartners("""
        [{"partnerId": "notices-a", "name": "A", "kind": "OPERATOR", "cities": ["London"],
          "maxDesks": 100, "officeTypes": ["SERVICED"]},
         {"partnerId": "notices-b", "name": "B", "kind": "LANDLORD", "cities": ["London"],
          "maxDesks": 100, "officeTypes": ["SERVICED"]}]
        """);
    String tag = pipeline.prefix.replace(".", "");
    ChildJvm service = pipeline.startService();
    SuppressionApi api = pipeline.api();
    pipeline.uploadRegister("TPS", "0161 496 0998,2020-01-01\n");
    pipeline.uploadRegister("CTPS", "0161 496 0999,2020-01-01\n");
    ChildJvm router = pipeline.startRouter(0);
    try {
      pipeline.awaitRouterReady(0, router);

      // An enquiry with email and phone, routed to both partners.
      RoutingDecision first = enquire(pipeline, tag, 1);
      Map<String, String> leads = first.getPartners().stream()
          .filter(p -> p.getStatus() == PartnerStatus.CHOSEN)
          .collect(Collectors.toMap(PartnerDecision::getPartnerId, PartnerDecision::getLeadId));
      assertThat(leads).containsOnlyKeys("notices-a", "notices-b");

      // One do-not-call with email and phone: one record under each key, the same request.
      api.doNotCall(EMAIL, PHONE).acknowledgedAt();
      pipeline.crashAndRestoreRouter(0, router);
      // Another enquiry from the person passes both keys' barriers: every preference record
      // before it has reached the allocation step by the time it is decided.
      enquire(pipeline, tag, 2);
      await().atMost(Duration.ofSeconds(60)).until(() -> notices(pipeline).size() >= 2);
      assertOnePerPartner(notices(pipeline), NoticeKind.DO_NOT_CALL, leads);
      // The access report lists them, read from the partners' notice topics.
      assertReportLists(api, notices(pipeline));

      // An erasure: the service names the recipients, the router sends the notices.
      SuppressionApi.Answer erased = api.post("/v1/subjects/erasure", Map.of("email", EMAIL, "phone", PHONE));
      assertThat(erased.status()).as(erased.body()).isEqualTo(200);
      Map<String, String> promisedIds = new java.util.HashMap<>();
      for (JsonNode n : erased.json().get("noticesToSend")) {
        promisedIds.put(n.get("partnerId").asText(), n.get("noticeId").asText());
      }
      assertThat(promisedIds).containsOnlyKeys("notices-a", "notices-b");
      pipeline.crashAndRestoreRouter(0, router);
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .until(() -> ofKind(notices(pipeline), NoticeKind.ERASURE).size() >= 2);
      // One more decision after the erasure: the allocation step has moved on past it.
      enquire(pipeline, tag, 3);

      List<ContactNotice> all = notices(pipeline);
      assertOnePerPartner(all, NoticeKind.DO_NOT_CALL, leads);
      assertOnePerPartner(all, NoticeKind.ERASURE, leads);
      for (ContactNotice n : ofKind(all, NoticeKind.ERASURE)) {
        assertThat(n.getNoticeId()).as("the id the service gave").isEqualTo(promisedIds.get(n.getPartnerId()));
      }
      assertReportLists(api, all);
      System.out.printf("NOTICES: %d notices for 2 leads: %s%n", all.size(),
          all.stream().map(n -> n.getPartnerId() + ":" + n.getKind() + ":" + n.getLeadIds()).toList());
    } finally {
      router.close();
      service.close();
    }
  }

  /** Sends the person's enquiry number {@code n} and waits for its decision. */
  private static RoutingDecision enquire(Pipeline pipeline, String tag, int n) throws Exception {
    Enquiry.Builder b = BadEnquiries.valid(tag, n);
    b.getContactBuilder().setEmail(EMAIL).setPhone(PHONE);
    return pipeline.decide(b.build());
  }

  private static List<ContactNotice> notices(Pipeline pipeline) {
    return Stream.concat(
            pipeline.reader().values(Topics.notices(PartnerKind.OPERATOR, "notices-a")).stream(),
            pipeline.reader().values(Topics.notices(PartnerKind.LANDLORD, "notices-b")).stream())
        .toList();
  }

  private static List<ContactNotice> ofKind(List<ContactNotice> notices, NoticeKind kind) {
    return notices.stream().filter(n -> n.getKind() == kind).toList();
  }

  /** Exactly one notice of {@code kind} per partner, naming that partner's lead and nothing else. */
  private static void assertOnePerPartner(List<ContactNotice> notices, NoticeKind kind, Map<String, String> leads) {
    List<ContactNotice> ofKind = ofKind(notices, kind);
    assertThat(ofKind).as("%s notices", kind).hasSize(leads.size());
    for (Map.Entry<String, String> lead : leads.entrySet()) {
      assertThat(ofKind).filteredOn(n -> n.getPartnerId().equals(lead.getKey()))
          .singleElement().satisfies(n -> assertThat(n.getLeadIds()).containsExactly(lead.getValue()));
    }
  }

  /** The access report's {@code notices} are exactly these, by id. */
  private static void assertReportLists(SuppressionApi api, List<ContactNotice> sent) {
    SuppressionApi.Answer report = api.get("/v1/subjects/access-report?email="
        + java.net.URLEncoder.encode(EMAIL, StandardCharsets.UTF_8) + "&phone=" + java.net.URLEncoder.encode(PHONE, StandardCharsets.UTF_8));
    assertThat(report.status()).as(report.body()).isEqualTo(200);
    List<String> listed = new java.util.ArrayList<>();
    report.json().get("notices").forEach(n -> listed.add(n.get("noticeId").asText()));
    assertThat(listed).containsExactlyInAnyOrderElementsOf(sent.stream().map(ContactNotice::getNoticeId).toList());
  }
}
