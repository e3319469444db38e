package io.leadpipeline.portal.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.Introduction;
import io.leadpipeline.avro.IntroductionEvent;
import io.leadpipeline.avro.LeadResponse;
import io.leadpipeline.avro.NoticeKind;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.PortalAuditEvent;
import io.leadpipeline.avro.RejectionReason;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.portal.PartnerPortal;
import io.leadpipeline.portal.SampleLeads;
import io.leadpipeline.portal.signin.SignedTokens;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The portal on the real broker and registry, with a real SMTP server for the sign-in emails. */
@ExtendWith(LocalStackExtension.class)
@Timeout(300)
class PortalIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void fromLeadToFeeTheLedgerAndStatementAreRightAndSurviveARestart(LocalStack stack) throws Exception {
    try (PortalStack ps = new PortalStack(stack, "portal-fee")) {
      PartnerPortal portal = ps.startPortal();
      Instant routed = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
      ps.produce(SampleLeads.lead("lead-a1", "acme", routed, true));
      ps.produce(SampleLeads.lead("lead-a2", "acme", routed, false));
      WebClient web = new WebClient(portal.baseUrl());
      await().atMost(WAIT).until(() -> json(web.api("GET", "/api/v1/leads", PortalStack.ACME_KEY, null)).get("leads").size() == 2);

      assertThat(web.api("POST", "/api/v1/leads/lead-a1/response", PortalStack.ACME_KEY, "{\"decision\":\"ACCEPTED\"}").statusCode()).isEqualTo(201);
      LocalDate knownSince = LocalDate.ofInstant(routed, ZoneOffset.UTC).minusDays(20);
      HttpResponse<String> rejected = web.api("POST", "/api/v1/leads/lead-a2/response", PortalStack.ACME_KEY,
          "{\"decision\":\"REJECTED\",\"reason\":\"ALREADY_KNOWN\",\"knownSince\":\"" + knownSince + "\",\"knownSource\":\"walk-in viewing\"}");
      assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(201);
      assertThat(web.api("POST", "/api/v1/leads/lead-a1/outcomes", PortalStack.ACME_KEY, "{\"stage\":\"VIEWING_BOOKED\"}").statusCode()).isEqualTo(201);
      HttpResponse<String> signed = web.api("POST", "/api/v1/leads/lead-a1/outcomes", PortalStack.ACME_KEY,
          "{\"stage\":\"LICENCE_SIGNED\",\"desks\":12,\"termMonths\":24,\"monthlyFeePence\":540000,\"startDate\":\"2027-01-04\"}");
      assertThat(signed.statusCode()).as(signed.body()).isEqualTo(201);
      assertThat(web.api("POST", "/api/v1/leads/lead-a2/outcomes", PortalStack.ACME_KEY, "{\"stage\":\"VIEWING_BOOKED\"}").statusCode())
          .as("a rejected introduction has no outcomes").isEqualTo(409);
      assertThat(web.api("POST", "/api/v1/leads/lead-a1/response", PortalStack.ACME_KEY, "{\"decision\":\"ACCEPTED\"}").statusCode())
          .as("answered once").isEqualTo(409);

      // 10 % of 12 months at £5,400 a month: £6,480.00
      await().atMost(WAIT).untilAsserted(() -> {
        JsonNode st = json(web.api("GET", "/api/v1/statement", PortalStack.ACME_KEY, null));
        assertThat(st.get("introduced").asInt()).isEqualTo(2);
        assertThat(st.get("accepted").asInt()).isEqualTo(1);
        assertThat(st.get("rejected").asInt()).isEqualTo(1);
        assertThat(st.get("totalFeePence").asLong()).isEqualTo(648_000L);
      });

      // The broker's staff see the same figures as a funnel, and as metrics; partners cannot.
      WebClient staff = new WebClient(portal.baseUrl());
      assertThat(staff.signInWith(portal.portal().signInLink(PortalStack.STAFF_USER, portal.baseUrl()).orElseThrow()).statusCode()).isEqualTo(303);
      String funnel = staff.get("/staff").body();
      assertThat(funnel).contains("<svg").contains("<tr id=\"funnel-acme\"><td>acme</td><td>2</td><td>1</td><td>1</td><td>0</td><td>1</td><td>1</td><td>£6,480.00</td><td>50.0%</td><td>100.0%</td></tr>");
      assertThat(staff.get("/leads").body()).doesNotContain("lead-a1");
      WebClient partner = new WebClient(portal.baseUrl());
      partner.signInWith(portal.portal().signInLink(PortalStack.ACME_USER, portal.baseUrl()).orElseThrow());
      assertThat(partner.get("/staff").statusCode()).isEqualTo(404);
      String metrics = web.get("/metrics").body();
      assertThat(metrics).contains("portal_funnel{partner=\"acme\",stage=\"signed\"} 1.0")
          .contains("portal_funnel{partner=\"acme\",stage=\"introduced\"} 2.0")
          .contains("portal_funnel_fee_pence{partner=\"acme\"} 648000.0")
          .contains("portal_responses_total{decision=\"ACCEPTED\"} 1.0");

      // The ledger on its topic: proof of first introduction, the responses, the viewing, the fee.
      Deserializer<Introduction> entries = TopicSerdes.forRegistry(stack.schemaRegistryUrl()).value(Topics.PORTAL_INTRODUCTIONS).deserializer();
      List<Introduction> ledger = ps.read(Topics.PORTAL_INTRODUCTIONS).stream()
          .map(r -> entries.deserialize(r.topic(), r.value())).toList();
      byte[] sent = ps.read(Topics.leads(io.leadpipeline.avro.PartnerKind.OPERATOR, "acme")).stream()
          .filter(r -> r.key().equals("lead-a1")).findFirst().orElseThrow().value();
      Introduction introduced = ledger.stream()
          .filter(e -> e.getLeadId().equals("lead-a1") && e.getEvent() == IntroductionEvent.INTRODUCED).findFirst().orElseThrow();
      assertThat(introduced.getContentSha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sent)));
      assertThat(introduced.getSentAt()).isEqualTo(routed);
      assertThat(ledger).filteredOn(e -> e.getLeadId().equals("lead-a1")).extracting(Introduction::getEvent)
          .containsExactly(IntroductionEvent.INTRODUCED, IntroductionEvent.RESPONDED, IntroductionEvent.VIEWING, IntroductionEvent.PLACED);
      assertThat(ledger).filteredOn(e -> e.getEvent() == IntroductionEvent.PLACED).singleElement()
          .satisfies(e -> {
            assertThat(e.getFeePence()).isEqualTo(648_000L);
            assertThat(e.getFeeTermsVersion()).isEqualTo(1);
          });
      assertThat(ledger).filteredOn(e -> e.getLeadId().equals("lead-a2") && e.getEvent() == IntroductionEvent.RESPONDED)
          .singleElement().extracting(Introduction::getResponse).isEqualTo("ALREADY_KNOWN");

      // The evidence of the earlier contact is on the response.
      Deserializer<LeadResponse> responses = TopicSerdes.forRegistry(stack.schemaRegistryUrl()).value(Topics.PORTAL_RESPONSES).deserializer();
      LeadResponse a2 = ps.read(Topics.PORTAL_RESPONSES).stream().map(r -> responses.deserialize(r.topic(), r.value()))
          .filter(r -> r.getLeadId().equals("lead-a2")).findFirst().orElseThrow();
      assertThat(a2.getReason()).isEqualTo(RejectionReason.ALREADY_KNOWN);
      assertThat(a2.getKnownSince()).isEqualTo(knownSince);
      assertThat(a2.getKnownSource()).isEqualTo("walk-in viewing");

      // No personal data on any portal topic: it must survive the person's erasure.
      for (TopicSpec<String, ?> topic : Topics.portal()) {
        for (ConsumerRecord<String, byte[]> r : ps.read(topic)) {
          String text = new String(r.value(), StandardCharsets.ISO_8859_1);
          assertThat(text).as(topic.baseName()).doesNotContain("jane").doesNotContain("Jane").doesNotContain("Doe Analytics")
              .doesNotContain("7700900123").doesNotContain("acme.example");
        }
      }

      // A new instance reads everything back: same statement, the answered lead stays answered.
      portal.close();
      PartnerPortal again = ps.startPortal();
      WebClient web2 = new WebClient(again.baseUrl());
      JsonNode st = json(web2.api("GET", "/api/v1/statement", PortalStack.ACME_KEY, null));
      assertThat(st.get("totalFeePence").asLong()).isEqualTo(648_000L);
      assertThat(st.get("introduced").asInt()).as("no second INTRODUCED entry after a restart").isEqualTo(2);
      assertThat(web2.api("POST", "/api/v1/leads/lead-a1/response", PortalStack.ACME_KEY, "{\"decision\":\"ACCEPTED\"}").statusCode()).isEqualTo(409);
    }
  }

  @Test
  void aPartnerCannotReadRespondToOrGuessAnotherPartnersLeads(LocalStack stack) throws Exception {
    try (PortalStack ps = new PortalStack(stack, "portal-iso")) {
      PartnerPortal portal = ps.startPortal();
      Instant routed = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
      ps.produce(SampleLeads.lead("lead-acme", "acme", routed, true));
      ps.produce(SampleLeads.lead("lead-rival", "rival", routed, true));
      ps.produce(new ContactNotice("notice-acme", "acme", NoticeKind.DO_NOT_CALL, List.of("lead-acme"), routed, routed));
      WebClient api = new WebClient(portal.baseUrl());
      await().atMost(WAIT).until(() -> api.api("GET", "/api/v1/leads/lead-acme", PortalStack.ACME_KEY, null).statusCode() == 200
          && api.api("GET", "/api/v1/leads/lead-rival", PortalStack.RIVAL_KEY, null).statusCode() == 200
          && portal.portal().state().notice("acme", "notice-acme").isPresent());

      // The API: another partner's lead is as unknown as a made-up id.
      HttpResponse<String> guessed = api.api("GET", "/api/v1/leads/lead-acme", PortalStack.RIVAL_KEY, null);
      HttpResponse<String> madeUp = api.api("GET", "/api/v1/leads/lead-nobody", PortalStack.RIVAL_KEY, null);
      assertThat(guessed.statusCode()).isEqualTo(404);
      assertThat(guessed.body()).isEqualTo(madeUp.body());
      assertThat(api.api("POST", "/api/v1/leads/lead-acme/response", PortalStack.RIVAL_KEY, "{\"decision\":\"REJECTED\",\"reason\":\"INVALID_CONTACT\"}").statusCode()).isEqualTo(404);
      assertThat(api.api("POST", "/api/v1/leads/lead-acme/outcomes", PortalStack.RIVAL_KEY, "{\"stage\":\"CONTACTED\"}").statusCode()).isEqualTo(404);
      assertThat(api.api("POST", "/api/v1/notices/notice-acme/acknowledge", PortalStack.RIVAL_KEY, null).statusCode()).isEqualTo(404);
      assertThat(json(api.api("GET", "/api/v1/leads", PortalStack.RIVAL_KEY, null)).get("leads").findValuesAsText("leadId"))
          .containsExactly("lead-rival");
      assertThat(json(api.api("GET", "/api/v1/notices", PortalStack.RIVAL_KEY, null)).get("notices").size()).isZero();
      assertThat(api.api("GET", "/api/v1/leads", "acme-int.wrong-secret", null).statusCode()).isEqualTo(401);
      assertThat(json(api.api("GET", "/api/v1/leads/lead-acme", PortalStack.ACME_KEY, null)).get("status").asText())
          .as("nothing the rival sent reached acme's lead").isEqualTo("PENDING");

      // The pages: rival's session gets the same not-found page for acme's lead as for none.
      WebClient rival = new WebClient(portal.baseUrl());
      rival.post("/sign-in", Map.of("_csrf", rival.csrfFrom("/sign-in"), "email", PortalStack.RIVAL_USER));
      assertThat(rival.signInWith(ps.linkMailedTo(PortalStack.RIVAL_USER, 1)).statusCode()).isEqualTo(303);
      assertThat(rival.get("/leads").body()).contains("lead-rival").doesNotContain("lead-acme");
      HttpResponse<String> page = rival.get("/leads/lead-acme");
      assertThat(page.statusCode()).isEqualTo(404);
      assertThat(page.body()).contains("Not found").doesNotContain("Jane");
      assertThat(rival.get("/leads/lead-nobody").statusCode()).isEqualTo(404);
      String csrf = rival.csrfFrom("/leads");
      assertThat(rival.post("/leads/lead-acme/response", Map.of("_csrf", csrf, "decision", "ACCEPTED")).statusCode()).isEqualTo(404);
      assertThat(rival.post("/notices/notice-acme/acknowledge", Map.of("_csrf", csrf)).statusCode()).isEqualTo(404);
      assertThat(portal.portal().state().response("lead-acme")).isEmpty();
      assertThat(portal.portal().state().acknowledgement("notice-acme")).isEmpty();
      assertThat(rival.get("/statement").body()).doesNotContain("lead-acme");
    }
  }

  @Test
  void aLinkSignsInOnceAcrossTwoInstancesAndAfterARestart(LocalStack stack) throws Exception {
    try (PortalStack ps = new PortalStack(stack, "portal-link")) {
      PartnerPortal one = ps.startPortal();
      PartnerPortal two = ps.startPortal();
      for (int round = 0; round < 3; round++) {
        String link = one.portal().signInLink(PortalStack.ACME_USER, one.baseUrl()).orElseThrow();
        String token = link.substring(link.indexOf("token=") + 6);
        WebClient a = new WebClient(one.baseUrl());
        WebClient b = new WebClient(two.baseUrl());
        String csrfA = a.csrfFrom("/sign-in");
        String csrfB = b.csrfFrom("/sign-in");
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
          Callable<Integer> viaOne = () -> {
            go.await();
            return a.post("/sign-in/link", Map.of("_csrf", csrfA, "token", token)).statusCode();
          };
          Callable<Integer> viaTwo = () -> {
            go.await();
            return b.post("/sign-in/link", Map.of("_csrf", csrfB, "token", token)).statusCode();
          };
          Future<Integer> r1 = pool.submit(viaOne);
          Future<Integer> r2 = pool.submit(viaTwo);
          go.countDown();
          assertThat(List.of(r1.get(), r2.get())).as("round %d", round).containsExactlyInAnyOrder(303, 410);
        } finally {
          pool.shutdownNow();
        }
        int signedIn = (a.cookies.containsKey("portal_session") ? 1 : 0) + (b.cookies.containsKey("portal_session") ? 1 : 0);
        assertThat(signedIn).isEqualTo(1);

        if (round == 2) {
          // A portal started later has read the claim: the link stays used.
          one.close();
          PartnerPortal three = ps.startPortal();
          WebClient c = new WebClient(three.baseUrl());
          HttpResponse<String> reused = c.post("/sign-in/link", Map.of("_csrf", c.csrfFrom("/sign-in"), "token", token));
          assertThat(reused.statusCode()).isEqualTo(410);
          assertThat(reused.body()).contains("This link has already been used");
          assertThat(c.get("/sign-in/link?token=" + token).body()).contains("This link has already been used");
          assertThat(c.cookies).doesNotContainKey("portal_session");
        }
      }
    }
  }

  @Test
  void expiredTamperedAndUnknownAddressesGetFriendlyAnswers(LocalStack stack) throws Exception {
    try (PortalStack ps = new PortalStack(stack, "portal-bad-links")) {
      PartnerPortal portal = ps.startPortal();
      WebClient web = new WebClient(portal.baseUrl());
      SignedTokens issuedAnHourAgo = new SignedTokens("portal-link", 3, PortalStack.LINK_SECRET,
          Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC));
      String actor = new SubjectKeys(PortalStack.SUBJECT_SECRET).ofEmail(PortalStack.ACME_USER);
      String expired = issuedAnHourAgo.issue(Duration.ofMinutes(15), "old-link", "acme", actor);
      HttpResponse<String> page = web.get("/sign-in/link?token=" + expired);
      assertThat(page.statusCode()).isEqualTo(410);
      assertThat(page.body()).contains("This link has expired").contains("Send me a new link").doesNotContain("Exception");
      HttpResponse<String> posted = web.post("/sign-in/link", Map.of("_csrf", web.csrfFrom("/sign-in"), "token", expired));
      assertThat(posted.body()).contains("This link has expired");

      String good = portal.portal().signInLink(PortalStack.ACME_USER, portal.baseUrl()).orElseThrow();
      String tampered = good.replace(".acme.", ".rival.");
      HttpResponse<String> bad = web.get(tampered.substring(portal.baseUrl().length()));
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("This link does not work");
      assertThat(web.cookies).doesNotContainKey("portal_session");

      // The form answers the same for an address nobody registered, and sends nothing.
      HttpResponse<String> unknown = web.post("/sign-in", Map.of("_csrf", web.csrfFrom("/sign-in"), "email", "someone@nowhere.example"));
      assertThat(unknown.statusCode()).isEqualTo(200);
      assertThat(unknown.body()).contains("Check your email");
      web.post("/sign-in", Map.of("_csrf", web.csrfFrom("/sign-in"), "email", PortalStack.ACME_USER));
      ps.linkMailedTo(PortalStack.ACME_USER, 1);
      assertThat(ps.mail.getReceivedMessages()).hasSize(1);
    }
  }

  @Test
  void formPostsWithoutTheirCsrfTokenAreRefused(LocalStack stack) throws Exception {
    try (PortalStack ps = new PortalStack(stack, "portal-csrf")) {
      PartnerPortal portal = ps.startPortal();
      ps.produce(SampleLeads.lead("lead-c1", "acme", Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60), true));
      await().atMost(WAIT).until(() -> portal.portal().state().lead("acme", "lead-c1").isPresent());
      WebClient web = new WebClient(portal.baseUrl());
      assertThat(web.signInWith(portal.portal().signInLink(PortalStack.ACME_USER, portal.baseUrl()).orElseThrow()).statusCode()).isEqualTo(303);

      HttpResponse<String> none = web.post("/leads/lead-c1/response", Map.of("decision", "ACCEPTED"));
      assertThat(none.statusCode()).isEqualTo(403);
      assertThat(none.body()).contains("This form has expired");
      WebClient other = new WebClient(portal.baseUrl());
      String othersToken = other.csrfFrom("/sign-in");
      assertThat(web.post("/leads/lead-c1/response", Map.of("_csrf", othersToken, "decision", "ACCEPTED")).statusCode())
          .as("a token bound to another browser's cookie").isEqualTo(403);
      assertThat(web.post("/sign-out", Map.of()).statusCode()).isEqualTo(403);
      assertThat(portal.portal().state().response("lead-c1")).isEmpty();

      HttpResponse<String> withToken = web.post("/leads/lead-c1/response", Map.of("_csrf", web.csrfFrom("/leads/lead-c1"), "decision", "ACCEPTED"));
      assertThat(withToken.statusCode()).isEqualTo(303);
      assertThat(portal.portal().state().response("lead-c1")).isPresent();
    }
  }

  @Test
  void settingsBecomeANewPartnerVersionThatKeepsTheOtherFields(LocalStack stack) throws Exception {
    try (PortalStack ps = new PortalStack(stack, "portal-settings")) {
      Partner acme = Partner.newBuilder()
          .setPartnerId("acme").setName("Acme Workspace").setKind(io.leadpipeline.avro.PartnerKind.OPERATOR)
          .setCities(List.of("London")).setPostcodeDistricts(List.of()).setMinDesks(2).setMaxDesks(80)
          .setOfficeTypes(List.of(io.leadpipeline.avro.OfficeType.SERVICED)).setMinPricePerDeskGbp(400).setWeight(3)
          .setUpdatedAt(Instant.parse("2026-01-01T00:00:00Z")).build();
      ps.producePartner(acme);
      PartnerPortal portal = ps.startPortal();
      await().atMost(WAIT).until(() -> portal.portal().state().partner("acme").isPresent());
      WebClient web = new WebClient(portal.baseUrl());
      assertThat(web.signInWith(portal.portal().signInLink(PortalStack.ACME_USER, portal.baseUrl()).orElseThrow()).statusCode()).isEqualTo(303);
      String csrf = web.csrfFrom("/settings");

      HttpResponse<String> bad = web.post("/settings", Map.of("_csrf", csrf, "hours", "set", "opensAt", "18:00", "closesAt", "09:00",
          "days", "MONDAY", "cities", "London"));
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("Nothing was changed");

      HttpResponse<String> saved = web.post("/settings", Map.of("_csrf", csrf, "hours", "set", "opensAt", "08:30", "closesAt", "18:00",
          "days", "TUESDAY", "cities", "London, Leeds", "postcodeDistricts", "ec2a", "dailyCap", "7"));
      assertThat(saved.statusCode()).isEqualTo(303);

      Deserializer<Partner> partners = TopicSerdes.forRegistry(stack.schemaRegistryUrl()).value(Topics.PARTNERS).deserializer();
      List<Partner> versions = ps.read(Topics.PARTNERS).stream().map(r -> partners.deserialize(r.topic(), r.value())).toList();
      assertThat(versions).hasSize(2);
      Partner next = versions.get(1);
      assertThat(next.getDeliveryHours().getDays()).containsExactly(io.leadpipeline.avro.Weekday.TUESDAY);
      assertThat(next.getDeliveryHours().getOpensAt()).isEqualTo("08:30");
      assertThat(next.getDailyCap()).isEqualTo(7);
      assertThat(next.getCities()).containsExactly("London", "Leeds");
      assertThat(next.getPostcodeDistricts()).containsExactly("EC2A");
      assertThat(next.getMinPricePerDeskGbp()).isEqualTo(400);
      assertThat(next.getWeight()).isEqualTo(3);
      assertThat(next.getName()).isEqualTo("Acme Workspace");
      assertThat(next.getUpdatedAt()).isAfter(acme.getUpdatedAt());

      HttpResponse<String> paused = web.api("POST", "/api/v1/settings", PortalStack.ACME_KEY,
          "{\"paused\":true,\"cities\":[\"London\"],\"deliveryHours\":null}");
      assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
      assertThat(portal.portal().state().partner("acme").orElseThrow().getActive()).isFalse();

      Deserializer<PortalAuditEvent> audit = TopicSerdes.forRegistry(stack.schemaRegistryUrl()).value(Topics.PORTAL_AUDIT).deserializer();
      await().atMost(WAIT).untilAsserted(() -> assertThat(ps.read(Topics.PORTAL_AUDIT).stream()
          .map(r -> audit.deserialize(r.topic(), r.value())).filter(e -> e.getAction().equals("SETTINGS_CHANGED")))
          .extracting(PortalAuditEvent::getActorKey)
          .containsExactly(new SubjectKeys(PortalStack.SUBJECT_SECRET).ofEmail(PortalStack.ACME_USER), "api:acme-int"));
    }
  }

  @Test
  void anUnansweredIntroductionCountsAsAcceptedOnceItsWindowCloses(LocalStack stack) throws Exception {
    try (PortalStack ps = new PortalStack(stack, "portal-window")) {
      PartnerPortal portal = ps.startPortal();
      Instant routed = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(49));
      ps.produce(SampleLeads.lead("lead-late", "acme", routed, true));
      WebClient web = new WebClient(portal.baseUrl());
      Deserializer<Introduction> entries = TopicSerdes.forRegistry(stack.schemaRegistryUrl()).value(Topics.PORTAL_INTRODUCTIONS).deserializer();
      await().atMost(WAIT).untilAsserted(() -> assertThat(ps.read(Topics.PORTAL_INTRODUCTIONS).stream()
              .map(r -> entries.deserialize(r.topic(), r.value()))
              .filter(e -> e.getEvent() == IntroductionEvent.RESPONDED))
          .singleElement()
          .satisfies(e -> {
            assertThat(e.getResponse()).isEqualTo("DEEMED_ACCEPTED");
            assertThat(e.getAt()).isEqualTo(routed.plus(Duration.ofHours(48)));
          }));
      assertThat(json(web.api("GET", "/api/v1/leads/lead-late", PortalStack.ACME_KEY, null)).get("status").asText()).isEqualTo("DEEMED_ACCEPTED");
      HttpResponse<String> late = web.api("POST", "/api/v1/leads/lead-late/response", PortalStack.ACME_KEY,
          "{\"decision\":\"REJECTED\",\"reason\":\"OUT_OF_CRITERIA\"}");
      assertThat(late.statusCode()).isEqualTo(409);
      assertThat(late.body()).contains("counts as accepted");
      assertThat(web.api("POST", "/api/v1/leads/lead-late/outcomes", PortalStack.ACME_KEY, "{\"stage\":\"CONTACTED\"}").statusCode()).isEqualTo(201);
    }
  }
}
