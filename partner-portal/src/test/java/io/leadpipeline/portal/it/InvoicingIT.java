package io.leadpipeline.portal.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipeline.avro.FeeTerms;
import io.leadpipeline.avro.Introduction;
import io.leadpipeline.avro.IntroductionEvent;
import io.leadpipeline.avro.PortalAuditEvent;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.portal.PartnerPortal;
import io.leadpipeline.portal.SampleLeads;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.Topics;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker's finance on the real broker and registry (docs/partner-portal.md §5): fee terms
 * published by staff, a placement invoiced and paid, a fee disputed and credited, and partners
 * kept to their own introductions. Every check reads the ledger back from its topic.
 */
@ExtendWith(LocalStackExtension.class)
@Timeout(300)
class InvoicingIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  /** A lead for the partner, accepted and signed through the API: 12 desks at £5,400 a month for 24 months. */
  private static void placed(PortalStack ps, PartnerPortal portal, WebClient api, String leadId, String partner, String key) throws Exception {
    ps.produce(SampleLeads.lead(leadId, partner, Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60), true));
    await().atMost(WAIT).until(() -> portal.portal().state().lead(partner, leadId).isPresent());
    assertThat(api.api("POST", "/api/v1/leads/" + leadId + "/response", key, "{\"decision\":\"ACCEPTED\"}").statusCode()).isEqualTo(201);
    HttpResponse<String> signed = api.api("POST", "/api/v1/leads/" + leadId + "/outcomes", key,
        "{\"stage\":\"LICENCE_SIGNED\",\"desks\":12,\"termMonths\":24,\"monthlyFeePence\":540000,\"startDate\":\"2027-01-04\"}");
    assertThat(signed.statusCode()).as(signed.body()).isEqualTo(201);
  }

  private static WebClient signIn(PartnerPortal portal, String user) throws Exception {
    WebClient web = new WebClient(portal.baseUrl());
    assertThat(web.signInWith(portal.portal().signInLink(user, portal.baseUrl()).orElseThrow()).statusCode()).isEqualTo(303);
    return web;
  }

  private static List<Introduction> ledger(PortalStack ps, LocalStack stack) {
    Deserializer<Introduction> entries = TopicSerdes.forRegistry(stack.schemaRegistryUrl()).value(Topics.PORTAL_INTRODUCTIONS).deserializer();
    return ps.read(Topics.PORTAL_INTRODUCTIONS).stream().map(r -> entries.deserialize(r.topic(), r.value())).toList();
  }

  @Test
  void staffPublishTermsThenInvoiceAndRecordPaymentAndTheStatementShowsItPaid(LocalStack stack) throws Exception {
    try (PortalStack ps = new PortalStack(stack, "invoicing-paid")) {
      PartnerPortal portal = ps.startPortal();
      WebClient api = new WebClient(portal.baseUrl());
      ps.produce(SampleLeads.lead("lead-seen", "acme", Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(90), true));
      await().atMost(WAIT).until(() -> portal.portal().state().lead("acme", "lead-seen").isPresent());
      WebClient staff = signIn(portal, PortalStack.STAFF_USER);
      String today = LocalDate.now(ZoneOffset.UTC).toString();
      String month = YearMonth.now(ZoneOffset.UTC).toString();

      // New terms: refused with a reason when out of bounds, published as version 2 when right.
      String csrf = staff.csrfFrom("/staff/fee-terms");
      HttpResponse<String> tooHigh = staff.post("/staff/fee-terms", Map.of("_csrf", csrf, "partnerId", "acme",
          "rateBasisPoints", "10001", "feeMonths", "12", "effectiveFrom", today));
      assertThat(tooHigh.statusCode()).isEqualTo(400);
      assertThat(tooHigh.body()).contains("0 to 10000").contains("Nothing was published");
      HttpResponse<String> past = staff.post("/staff/fee-terms", Map.of("_csrf", csrf, "partnerId", "acme",
          "rateBasisPoints", "1250", "feeMonths", "12", "effectiveFrom", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString()));
      assertThat(past.statusCode()).isEqualTo(400);
      assertThat(past.body()).contains("in the past");
      assertThat(staff.post("/staff/fee-terms", Map.of("_csrf", csrf, "partnerId", "acme",
          "rateBasisPoints", "1250", "feeMonths", "12", "effectiveFrom", today)).statusCode()).isEqualTo(303);
      String termsPage = staff.get("/staff/fee-terms").body();
      assertThat(termsPage).contains("<tr id=\"terms-acme-v1\"><td>acme</td><td>1</td><td>10% (1000 bp)</td><td>12</td>")
          .contains("<tr id=\"terms-acme-v2\"><td>acme</td><td>2</td><td>12.5% (1250 bp)</td><td>12</td><td>" + today + "</td><td>yes</td></tr>");
      Deserializer<FeeTerms> terms = TopicSerdes.forRegistry(stack.schemaRegistryUrl()).value(Topics.PORTAL_FEE_TERMS).deserializer();
      assertThat(ps.read(Topics.PORTAL_FEE_TERMS)).extracting(r -> r.key()).containsExactly("acme/v1", "acme/v2");
      assertThat(ps.read(Topics.PORTAL_FEE_TERMS).stream().map(r -> terms.deserialize(r.topic(), r.value())).toList())
          .extracting(FeeTerms::getRateBasisPoints).containsExactly(1000, 1250);

      // Placed under version 2: 12.5 % of 12 months at £5,400 = £8,100.00.
      placed(ps, portal, api, "lead-p1", "acme", PortalStack.ACME_KEY);
      assertThat(ledger(ps, stack)).filteredOn(e -> e.getEvent() == IntroductionEvent.PLACED).singleElement()
          .satisfies(e -> {
            assertThat(e.getFeeTermsVersion()).isEqualTo(2);
            assertThat(e.getFeePence()).isEqualTo(810_000L);
          });

      // Paying what was not invoiced is refused; the month is invoiced once, however often the button is pressed.
      String path = "/staff/partners/acme/statement?month=" + month;
      csrf = staff.csrfFrom(path);
      HttpResponse<String> payFirst = staff.post("/staff/partners/acme/payments", Map.of("_csrf", csrf, "month", month,
          "invoiceNumber", "INV-1001", "paidOn", today, "amount", "8100.00"));
      assertThat(payFirst.statusCode()).isEqualTo(409);
      assertThat(payFirst.body()).contains("you cannot pay what was not invoiced");
      Map<String, String> invoice = Map.of("_csrf", csrf, "month", month, "invoiceNumber", "INV-1001", "invoiceDate", today);
      assertThat(staff.post("/staff/partners/acme/invoices", invoice).statusCode()).isEqualTo(303);
      HttpResponse<String> again = staff.post("/staff/partners/acme/invoices", invoice);
      assertThat(again.statusCode()).isEqualTo(409);
      assertThat(again.body()).contains("Nothing new to invoice");
      assertThat(ledger(ps, stack)).filteredOn(e -> e.getEvent() == IntroductionEvent.INVOICED).singleElement()
          .satisfies(e -> {
            assertThat(e.getEntryId()).isEqualTo("lead-p1:INVOICED:1");
            assertThat(e.getInvoiceNumber()).isEqualTo("INV-1001");
            assertThat(e.getAmountPence()).isEqualTo(810_000L);
          });
      JsonNode st = json(api.api("GET", "/api/v1/statement?month=" + month, PortalStack.ACME_KEY, null));
      assertThat(st.get("totalInvoicedPence").asLong()).isEqualTo(810_000L);
      assertThat(st.get("totalOutstandingPence").asLong()).isEqualTo(810_000L);

      // Paid in full: a wrong amount is refused, the right one recorded once.
      HttpResponse<String> wrong = staff.post("/staff/partners/acme/payments", Map.of("_csrf", csrf, "month", month,
          "invoiceNumber", "INV-1001", "paidOn", today, "amount", "8000.00"));
      assertThat(wrong.statusCode()).isEqualTo(400);
      assertThat(wrong.body()).contains("asks for £8,100.00");
      Map<String, String> payment = Map.of("_csrf", csrf, "month", month, "invoiceNumber", "INV-1001", "paidOn", today, "amount", "8100.00");
      assertThat(staff.post("/staff/partners/acme/payments", payment).statusCode()).isEqualTo(303);
      assertThat(staff.post("/staff/partners/acme/payments", payment).statusCode()).isEqualTo(409);
      assertThat(ledger(ps, stack)).filteredOn(e -> e.getEvent() == IntroductionEvent.PAID).singleElement()
          .satisfies(e -> {
            assertThat(e.getAmountPence()).isEqualTo(810_000L);
            assertThat(e.getPaidOn()).isEqualTo(LocalDate.parse(today));
          });

      // The partner's statement, page, CSV and API, shows it invoiced and paid; nothing outstanding.
      st = json(api.api("GET", "/api/v1/statement?month=" + month, PortalStack.ACME_KEY, null));
      JsonNode line = st.get("placements").get(0);
      assertThat(line.get("invoiceNumber").asText()).isEqualTo("INV-1001");
      assertThat(line.get("paidPence").asLong()).isEqualTo(810_000L);
      assertThat(line.get("outstandingPence").asLong()).isZero();
      assertThat(st.get("totalFeePence").asLong()).isEqualTo(810_000L);
      assertThat(st.get("totalPaidPence").asLong()).isEqualTo(810_000L);
      WebClient partner = signIn(portal, PortalStack.ACME_USER);
      String page = partner.get("/statement?month=" + month).body();
      assertThat(page).contains("<td class=\"invoice\">INV-1001</td><td class=\"invoiced\">£8,100.00</td><td class=\"paid\">£8,100.00</td><td class=\"outstanding\">£0.00</td>");
      assertThat(partner.get("/statement.csv?month=" + month).body())
          .contains(",2027-01-04,2,810000,none,INV-1001,810000,810000,0\r\n");
      assertThat(partner.get("/leads/lead-p1").body()).contains("invoiced on INV-1001").contains("paid " + today)
          .doesNotContain("Dispute this fee");
      HttpResponse<String> late = api.api("POST", "/api/v1/leads/lead-p1/dispute", PortalStack.ACME_KEY, "{\"reason\":\"terms were 10%\"}");
      assertThat(late.statusCode()).as("a paid fee is not disputed by the partner").isEqualTo(409);
      assertThat(late.body()).contains("contact the broker");

      // The staff view's figures, and the audit trail of every finance action.
      assertThat(staff.get("/staff").body()).contains(
          "<tr id=\"money-acme\"><td>acme</td><td>£8,100.00</td><td>£0.00</td><td>£8,100.00</td><td>£8,100.00</td><td>£0.00</td><td>0</td>");
      assertThat(portal.portal().scrapeWithFunnels())
          .contains("portal_receivable_pence{partner=\"acme\",state=\"paid\"} 810000.0")
          .contains("portal_receivable_pence{partner=\"acme\",state=\"outstanding\"} 0.0")
          .contains("portal_open_disputes{partner=\"acme\"} 0.0");
      Deserializer<PortalAuditEvent> audit = TopicSerdes.forRegistry(stack.schemaRegistryUrl()).value(Topics.PORTAL_AUDIT).deserializer();
      await().atMost(WAIT).untilAsserted(() -> assertThat(ps.read(Topics.PORTAL_AUDIT).stream()
              .map(r -> audit.deserialize(r.topic(), r.value())).map(PortalAuditEvent::getAction))
          .containsSubsequence("FEE_TERMS_PUBLISHED", "INVOICE_ISSUED", "PAYMENT_RECORDED"));

      // A new instance reads the same account back from the ledger.
      PartnerPortal second = ps.startPortal();
      JsonNode again2 = json(new WebClient(second.baseUrl()).api("GET", "/api/v1/statement?month=" + month, PortalStack.ACME_KEY, null));
      assertThat(again2.get("totalPaidPence").asLong()).isEqualTo(810_000L);
      assertThat(again2.get("placements").get(0).get("invoiceNumber").asText()).isEqualTo("INV-1001");
    }
  }

  @Test
  void anUpheldDisputeTakesTheFeeOffTheStatementAndTheFunnel(LocalStack stack) throws Exception {
    try (PortalStack ps = new PortalStack(stack, "invoicing-dispute")) {
      PartnerPortal portal = ps.startPortal();
      WebClient api = new WebClient(portal.baseUrl());
      placed(ps, portal, api, "lead-d1", "acme", PortalStack.ACME_KEY);
      placed(ps, portal, api, "lead-d2", "acme", PortalStack.ACME_KEY);
      String month = YearMonth.now(ZoneOffset.UTC).toString();

      // The partner disputes one fee from its lead page; personal data in the reason is refused.
      WebClient partner = signIn(portal, PortalStack.ACME_USER);
      String lead = partner.get("/leads/lead-d1").body();
      assertThat(lead).contains("Dispute this fee").contains("Do not include personal data");
      String csrf = partner.csrfFrom("/leads/lead-d1");
      HttpResponse<String> personal = partner.post("/leads/lead-d1/dispute", Map.of("_csrf", csrf, "reason", "ring Jane on 07700 900123"));
      assertThat(personal.statusCode()).isEqualTo(400);
      assertThat(personal.body()).contains("Leave out personal data");
      assertThat(partner.post("/leads/lead-d1/dispute", Map.of("_csrf", csrf, "reason", "We knew them since 2026-10-02: already known"))
          .statusCode()).isEqualTo(303);
      assertThat(partner.get("/leads/lead-d1?saved=dispute").body()).contains("Your dispute is sent to the broker.")
          .contains("you disputed it");
      assertThat(api.api("POST", "/api/v1/leads/lead-d1/dispute", PortalStack.ACME_KEY, "{\"reason\":\"again\"}").statusCode())
          .as("disputed once").isEqualTo(409);

      // Staff: the disputed fee is not invoiced; the other is. Then the dispute is upheld.
      WebClient staff = signIn(portal, PortalStack.STAFF_USER);
      String path = "/staff/partners/acme/statement?month=" + month;
      assertThat(staff.get(path).body()).contains("We knew them since 2026-10-02: already known");
      String staffCsrf = staff.csrfFrom(path);
      assertThat(staff.post("/staff/partners/acme/invoices", Map.of("_csrf", staffCsrf, "month", month,
          "invoiceNumber", "INV-2001", "invoiceDate", LocalDate.now(ZoneOffset.UTC).toString())).statusCode()).isEqualTo(303);
      assertThat(ledger(ps, stack)).filteredOn(e -> e.getEvent() == IntroductionEvent.INVOICED)
          .extracting(Introduction::getLeadId).containsExactly("lead-d2");
      assertThat(staff.post("/staff/partners/acme/leads/lead-d1/dispute", Map.of("_csrf", staffCsrf, "month", month,
          "resolution", "UPHELD", "note", "earlier contact confirmed")).statusCode()).isEqualTo(303);
      assertThat(staff.post("/staff/partners/acme/leads/lead-d1/dispute", Map.of("_csrf", staffCsrf, "month", month,
          "resolution", "REJECTED")).statusCode()).as("resolved once").isEqualTo(409);

      // The statement: the upheld fee is zero; only the other is owed.
      JsonNode st = json(api.api("GET", "/api/v1/statement?month=" + month, PortalStack.ACME_KEY, null));
      JsonNode d1 = null;
      for (JsonNode l : st.get("placements")) {
        if (l.get("leadId").asText().equals("lead-d1")) {
          d1 = l;
        }
      }
      assertThat(d1).isNotNull();
      assertThat(d1.get("feePence").asLong()).isZero();
      assertThat(d1.get("dispute").asText()).isEqualTo("upheld");
      assertThat(st.get("totalFeePence").asLong()).isEqualTo(648_000L);
      assertThat(st.get("totalOutstandingPence").asLong()).isEqualTo(648_000L);
      assertThat(partner.get("/statement?month=" + month).body()).contains("<td id=\"total\">£6,480.00</td>");
      assertThat(partner.get("/statement.csv?month=" + month).body()).contains("lead-d1,").contains(",0,upheld,,0,0,0\r\n");
      assertThat(staff.get("/staff").body()).contains("<td>2</td><td>£6,480.00</td>");
      assertThat(portal.portal().scrapeWithFunnels()).contains("portal_funnel_fee_pence{partner=\"acme\"} 648000.0")
          .contains("portal_receivable_pence{partner=\"acme\",state=\"outstanding\"} 648000.0");

      List<Introduction> disputes = ledger(ps, stack).stream().filter(e -> e.getEvent() == IntroductionEvent.DISPUTED).toList();
      assertThat(disputes).extracting(Introduction::getEntryId).containsExactly("lead-d1:DISPUTED:1", "lead-d1:DISPUTED:1:RESOLVED");
      assertThat(disputes).extracting(Introduction::getDispute).containsExactly("OPENED", "UPHELD");
      assertThat(disputes.get(1).getAmountPence()).isEqualTo(648_000L);
      // The number as it was typed and as leads carry it: a bare "07700" also occurs in the hex of a content hash.
      for (var r : ps.read(Topics.PORTAL_INTRODUCTIONS)) {
        assertThat(new String(r.value(), StandardCharsets.ISO_8859_1))
            .doesNotContain("07700 900123").doesNotContain("+447700900123").doesNotContain("Jane");
      }
    }
  }

  @Test
  void twoInvoicesRacingThroughTwoInstancesBillAPlacementOnce(LocalStack stack) throws Exception {
    try (PortalStack ps = new PortalStack(stack, "invoicing-race")) {
      PartnerPortal one = ps.startPortal();
      PartnerPortal two = ps.startPortal();
      placed(ps, one, new WebClient(one.baseUrl()), "lead-r1", "acme", PortalStack.ACME_KEY);
      await().atMost(WAIT).until(() -> !two.portal().accounts("acme").isEmpty());
      String month = YearMonth.now(ZoneOffset.UTC).toString();
      String today = LocalDate.now(ZoneOffset.UTC).toString();
      WebClient a = signIn(one, PortalStack.STAFF_USER);
      WebClient b = signIn(two, PortalStack.STAFF_USER);
      String path = "/staff/partners/acme/statement?month=" + month;
      String csrfA = a.csrfFrom(path);
      String csrfB = b.csrfFrom(path);
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        java.util.concurrent.Future<HttpResponse<String>> viaOne = pool.submit(() -> {
          go.await();
          return a.post("/staff/partners/acme/invoices", Map.of("_csrf", csrfA, "month", month, "invoiceNumber", "INV-A", "invoiceDate", today));
        });
        java.util.concurrent.Future<HttpResponse<String>> viaTwo = pool.submit(() -> {
          go.await();
          return b.post("/staff/partners/acme/invoices", Map.of("_csrf", csrfB, "month", month, "invoiceNumber", "INV-B", "invoiceDate", today));
        });
        go.countDown();
        assertThat(List.of(viaOne.get().statusCode(), viaTwo.get().statusCode())).containsExactlyInAnyOrder(303, 409);
      } finally {
        pool.shutdownNow();
      }
      // Whatever reached the topic, one entry id counts, and both instances agree which.
      List<Introduction> invoiced = ledger(ps, stack).stream().filter(e -> e.getEvent() == IntroductionEvent.INVOICED).toList();
      assertThat(invoiced).extracting(Introduction::getEntryId).containsOnly("lead-r1:INVOICED:1");
      String winner = invoiced.get(0).getInvoiceNumber();
      for (PartnerPortal p : List.of(one, two)) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(p.portal().accounts("acme")).singleElement()
            .satisfies(x -> assertThat(x.invoice()).map(i -> i.number()).contains(winner)));
        JsonNode st = json(new WebClient(p.baseUrl()).api("GET", "/api/v1/statement?month=" + month, PortalStack.ACME_KEY, null));
        assertThat(st.get("totalInvoicedPence").asLong()).isEqualTo(648_000L);
      }
    }
  }

  @Test
  void aPartnerCannotDisputeAnotherPartnersIntroductionNorReachTheFinancePages(LocalStack stack) throws Exception {
    try (PortalStack ps = new PortalStack(stack, "invoicing-iso")) {
      PartnerPortal portal = ps.startPortal();
      WebClient api = new WebClient(portal.baseUrl());
      placed(ps, portal, api, "lead-acme", "acme", PortalStack.ACME_KEY);
      ps.produce(SampleLeads.lead("lead-rival", "rival", Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60), true));
      await().atMost(WAIT).until(() -> portal.portal().state().lead("rival", "lead-rival").isPresent());

      HttpResponse<String> guessed = api.api("POST", "/api/v1/leads/lead-acme/dispute", PortalStack.RIVAL_KEY, "{\"reason\":\"not ours\"}");
      HttpResponse<String> madeUp = api.api("POST", "/api/v1/leads/lead-nobody/dispute", PortalStack.RIVAL_KEY, "{\"reason\":\"not ours\"}");
      assertThat(guessed.statusCode()).isEqualTo(404);
      assertThat(guessed.body()).isEqualTo(madeUp.body());

      WebClient rival = signIn(portal, PortalStack.RIVAL_USER);
      String csrf = rival.csrfFrom("/leads");
      assertThat(rival.post("/leads/lead-acme/dispute", Map.of("_csrf", csrf, "reason", "not ours")).statusCode()).isEqualTo(404);
      assertThat(rival.get("/staff/fee-terms").statusCode()).isEqualTo(404);
      assertThat(rival.get("/staff/partners/acme/statement").statusCode()).isEqualTo(404);
      assertThat(rival.post("/staff/partners/acme/invoices", Map.of("_csrf", csrf, "month", YearMonth.now(ZoneOffset.UTC).toString(),
          "invoiceNumber", "INV-9", "invoiceDate", LocalDate.now(ZoneOffset.UTC).toString())).statusCode()).isEqualTo(404);
      assertThat(rival.post("/staff/fee-terms", Map.of("_csrf", csrf, "partnerId", "rival", "rateBasisPoints", "0",
          "feeMonths", "1", "effectiveFrom", LocalDate.now(ZoneOffset.UTC).toString())).statusCode()).isEqualTo(404);
      assertThat(rival.post("/leads/lead-acme/dispute", Map.of("reason", "no token")).statusCode()).isEqualTo(403);

      WebClient staff = signIn(portal, PortalStack.STAFF_USER);
      assertThat(staff.get("/staff/partners/nobody/statement").statusCode()).as("an unknown partner").isEqualTo(404);

      assertThat(ledger(ps, stack)).extracting(Introduction::getEvent)
          .doesNotContain(IntroductionEvent.DISPUTED, IntroductionEvent.INVOICED);
      assertThat(ps.read(Topics.PORTAL_FEE_TERMS)).extracting(r -> r.key()).doesNotContain("rival/v2");
    }
  }
}
