package io.leadpipeline.portal.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipeline.avro.Channel;
import io.leadpipeline.avro.Contact;
import io.leadpipeline.avro.DecisionOutcome;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.Introduction;
import io.leadpipeline.avro.IntroductionEvent;
import io.leadpipeline.avro.MarketingConsent;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.Requirements;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.config.Settings;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.portal.PartnerPortal;
import io.leadpipeline.router.LeadRouter;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * From enquiry to fee across a rejection (docs/partner-portal.md §3, docs/SPECIFICATION.md §6.8):
 * the real router and the real portal on the real broker and registry. The router shares an
 * enquiry with one partner, that partner rejects it through the portal's API as already known,
 * the router re-offers it to the other partner, who accepts and signs; the ledger and the
 * statements show the fee for the second partner and none for the first.
 */
@ExtendWith(LocalStackExtension.class)
@Timeout(300)
class ReofferIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Map<String, String> KEYS = Map.of("acme", PortalStack.ACME_KEY, "rival", PortalStack.RIVAL_KEY);

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  /** The partner's leads through the API; empty while the portal is not ready. Polled once a second: the API is rate limited. */
  private static JsonNode leads(WebClient web, String key) throws Exception {
    HttpResponse<String> r = web.api("GET", "/api/v1/leads", key, null);
    return r.statusCode() == 200 ? json(r).get("leads") : JSON.createArrayNode();
  }

  @Test
  void aRejectedLeadIsReofferedAcceptedAndPlacedAndOnlyTheSecondPartnerEarnsAFee(LocalStack stack) throws Exception {
    Path state = Files.createTempDirectory("reoffer-it-router");
    try (PortalStack ps = new PortalStack(stack, "reoffer")) {
      List<org.apache.kafka.clients.admin.NewTopic> topics = new ArrayList<>();
      for (TopicSpec<?, ?> t : Topics.fixed()) {
        topics.add(t.newTopic(ps.prefix, (short) 1));
      }
      stack.createTopics(topics);
      try (KafkaProducer<String, SpecificRecord> producer = PortalRouter.producer(stack)) {
        for (String id : List.of("acme", "rival")) {
          producer.send(new ProducerRecord<>(Topics.PARTNERS.name(ps.prefix), id, PortalRouter.operator(id, "Partner " + id))).get();
        }
      }
      PartnerPortal portal = ps.startPortal();
      WebClient web = new WebClient(portal.baseUrl());
      try (LeadRouter router = LeadRouter.start(Settings.of(routerSettings(stack, ps, state)))) {
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(router::isReady);
        Enquiry enquiry = enquiry();
        try (KafkaProducer<String, SpecificRecord> producer = PortalRouter.producer(stack)) {
          producer.send(new ProducerRecord<>(Topics.ENQUIRIES.name(ps.prefix), enquiry.getEnquiryId(), enquiry)).get();
        }

        Deserializer<RoutingDecision> decisions =
            TopicSerdes.forRegistry(stack.schemaRegistryUrl()).value(Topics.LEAD_DECISIONS).deserializer();
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(
                ps.read(Topics.LEAD_DECISIONS).stream().map(r -> decisions.deserialize(r.topic(), r.value())).toList())
            .as("the router's decision (dead letters: %s)", ps.read(Topics.ENQUIRIES_DLQ).size())
            .singleElement().extracting(RoutingDecision::getOutcome).isEqualTo(DecisionOutcome.ROUTED));

        // One partner (the limit is 1) gets the lead; it rejects it as already known.
        String[] first = new String[2]; // partner, lead id
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
          for (var e : KEYS.entrySet()) {
            JsonNode leads = leads(web, e.getValue());
            if (leads.size() == 1) {
              first[0] = e.getKey();
              first[1] = leads.get(0).get("leadId").asText();
              return true;
            }
          }
          return false;
        });
        String a = first[0];
        String b = a.equals("acme") ? "rival" : "acme";
        assertThat(leads(web, KEYS.get(b)).size()).isZero();
        LocalDate knownSince = LocalDate.now(ZoneOffset.UTC).minusDays(30);
        HttpResponse<String> rejected = web.api("POST", "/api/v1/leads/" + first[1] + "/response", KEYS.get(a),
            "{\"decision\":\"REJECTED\",\"reason\":\"ALREADY_KNOWN\",\"knownSince\":\"" + knownSince
                + "\",\"knownSource\":\"a viewing booked by phone\"}");
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(201);

        // The router re-offers it to the other partner, under a lead id of its own.
        String[] second = new String[1];
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
          JsonNode leads = leads(web, KEYS.get(b));
          if (leads.size() == 1) {
            second[0] = leads.get(0).get("leadId").asText();
            return true;
          }
          return false;
        });
        assertThat(second[0]).isNotEqualTo(first[1]);
        assertThat(web.api("POST", "/api/v1/leads/" + second[0] + "/response", KEYS.get(b), "{\"decision\":\"ACCEPTED\"}").statusCode())
            .isEqualTo(201);
        HttpResponse<String> signed = web.api("POST", "/api/v1/leads/" + second[0] + "/outcomes", KEYS.get(b),
            "{\"stage\":\"LICENCE_SIGNED\",\"desks\":8,\"termMonths\":24,\"monthlyFeePence\":400000,\"startDate\":\"2027-02-01\"}");
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(201);

        // 10 % of 12 months at £4,000 a month: £4,800.00 for the second partner, nothing for the first.
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
          JsonNode st = json(web.api("GET", "/api/v1/statement", KEYS.get(b), null));
          assertThat(st.get("introduced").asInt()).isEqualTo(1);
          assertThat(st.get("accepted").asInt()).isEqualTo(1);
          assertThat(st.get("totalFeePence").asLong()).isEqualTo(480_000L);
        });
        JsonNode stA = json(web.api("GET", "/api/v1/statement", KEYS.get(a), null));
        assertThat(stA.get("introduced").asInt()).isEqualTo(1);
        assertThat(stA.get("rejected").asInt()).isEqualTo(1);
        assertThat(stA.get("totalFeePence").asLong()).isZero();

        // The ledger: both introductions, the rejection, and one placement, the second partner's.
        Deserializer<Introduction> entries =
            TopicSerdes.forRegistry(stack.schemaRegistryUrl()).value(Topics.PORTAL_INTRODUCTIONS).deserializer();
        List<Introduction> ledger = ps.read(Topics.PORTAL_INTRODUCTIONS).stream()
            .map(r -> entries.deserialize(r.topic(), r.value())).toList();
        assertThat(ledger).filteredOn(e -> e.getLeadId().equals(first[1])).extracting(Introduction::getEvent)
            .containsExactly(IntroductionEvent.INTRODUCED, IntroductionEvent.RESPONDED);
        assertThat(ledger).filteredOn(e -> e.getLeadId().equals(second[0])).extracting(Introduction::getEvent)
            .containsExactly(IntroductionEvent.INTRODUCED, IntroductionEvent.RESPONDED, IntroductionEvent.PLACED);
        assertThat(ledger).filteredOn(e -> e.getEvent() == IntroductionEvent.PLACED).singleElement()
            .satisfies(e -> {
              assertThat(e.getPartnerId()).isEqualTo(b);
              assertThat(e.getFeePence()).isEqualTo(480_000L);
            });

        // The audit trail: the enquiry's decision, then the re-offer's, naming the rejected lead.
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
          List<RoutingDecision> all = ps.read(Topics.LEAD_DECISIONS).stream()
              .map(r -> decisions.deserialize(r.topic(), r.value())).toList();
          assertThat(all).hasSize(2);
          assertThat(all).filteredOn(d -> d.getReoffer() == null).singleElement()
              .satisfies(d -> assertThat(d.getOutcome()).isEqualTo(DecisionOutcome.ROUTED));
          assertThat(all).filteredOn(d -> d.getReoffer() != null).singleElement().satisfies(d -> {
            assertThat(d.getOutcome()).isEqualTo(DecisionOutcome.ROUTED);
            assertThat(d.getReoffer().getRejectedLeadId()).isEqualTo(first[1]);
            assertThat(d.getReoffer().getRejectedBy()).isEqualTo(a);
            assertThat(d.getPartners()).filteredOn(p -> p.getPartnerId().equals(b)).singleElement()
                .satisfies(p -> assertThat(p.getLeadId()).isEqualTo(second[0]));
          });
        });
      }
    } finally {
      try (var files = Files.walk(state)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static Enquiry enquiry() {
    return Enquiry.newBuilder()
        .setEnquiryId(UUID.randomUUID().toString())
        .setSubmittedAt(Instant.now())
        .setChannel(Channel.WEB_FORM)
        .setSite("officefinder.example")
        .setContact(Contact.newBuilder()
            .setFullName("Jane Doe").setCompany("Doe Analytics Ltd").setEmail("jane.doe@example.com")
            .setPhone("020 7946 0018").setPhoneProvidedBySubject(true).setOnBehalfOfAnother(false).build())
        .setRequirements(Requirements.newBuilder()
            .setCity("London").setPostcodeDistrict("EC2A").setDesks(8)
            .setOfficeTypes(List.of(OfficeType.SERVICED)).setMaxBudgetPerDeskGbp(650)
            .setMoveInDate(null).setTermMonths(24).build())
        .setMarketingConsent(new MarketingConsent(false, false))
        .build();
  }

  /** One partner per enquiry, so a rejection is what brings in the second. */
  private static Map<String, String> routerSettings(LocalStack stack, PortalStack ps, Path state) {
    Map<String, String> m = PortalRouter.settings(stack, ps, state);
    m.put("routing.max-partners", "1");
    return m;
  }
}
