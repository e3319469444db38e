package io.leadpipeline.portal.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.leadpipeline.portal.it.Chromium.clickAndWait;
import static io.leadpipeline.portal.it.Chromium.shot;

import io.leadpipeline.avro.Channel;
import io.leadpipeline.avro.Contact;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.MarketingConsent;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.PartnerDecision;
import io.leadpipeline.avro.PartnerReason;
import io.leadpipeline.avro.PartnerStatus;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A partner changes its delivery hours in real headless Chromium and the real router honours them
 * (docs/partner-portal.md §6, docs/SPECIFICATION.md §6): the portal writes a new {@code Partner}
 * version to {@code partners}, the router's partners table picks it up, and an enquiry outside
 * the new hours is deferred for that partner, not delivered; taking leads at any time again makes
 * the next enquiry's lead go out at once. The router applies the new version within seconds, so
 * each step sends a fresh enquiry until a decision shows the change: no fixed wait.
 */
@ExtendWith(LocalStackExtension.class)
@Timeout(300)
class SettingsHonouredBrowserIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ZoneId LONDON = ZoneId.of("Europe/London");

  @Test
  void deliveryHoursChangedInThePortalAreHonouredByTheRouter(LocalStack stack, @TempDir Path profile) throws Exception {
    Path state = Files.createTempDirectory("settings-it-router");
    try (PortalStack ps = new PortalStack(stack, "settings-browser")) {
      List<org.apache.kafka.clients.admin.NewTopic> topics = new ArrayList<>();
      for (TopicSpec<?, ?> t : Topics.fixed()) {
        topics.add(t.newTopic(ps.prefix, (short) 1));
      }
      stack.createTopics(topics);
      try (KafkaProducer<String, SpecificRecord> producer = PortalRouter.producer(stack)) {
        producer.send(new ProducerRecord<>(Topics.PARTNERS.name(ps.prefix), "acme", PortalRouter.operator("acme", "Acme Workspace"))).get();
      }
      PartnerPortal portal = ps.startPortal();
      await().atMost(WAIT).until(() -> portal.portal().state().partner("acme").isPresent());
      Deserializer<RoutingDecision> decisions =
          TopicSerdes.forRegistry(stack.schemaRegistryUrl()).value(Topics.LEAD_DECISIONS).deserializer();

      try (LeadRouter router = LeadRouter.start(Settings.of(PortalRouter.settings(stack, ps, state)));
          KafkaProducer<String, SpecificRecord> enquiries = PortalRouter.producer(stack)) {
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(router::isReady);
        Enquirer enquirer = new Enquirer(ps, enquiries, decisions);
        // At any time, as imported: the lead goes out at once.
        assertThat(enquirer.untilAcme(PartnerStatus.CHOSEN).getReason()).isEqualTo(PartnerReason.SELECTED);

        ChromeDriver browser = Chromium.open(profile, 1100);
        try {
          signIn(browser, ps, portal);
          browser.get(portal.baseUrl() + "/settings");
          assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Settings");
          // Only on a day that is not today (three days on, so midnight cannot make it today).
          DayOfWeek closedToday = Instant.now().atZone(LONDON).getDayOfWeek().plus(3);
          browser.findElement(By.id("hoursSet")).click();
          for (WebElement day : browser.findElements(By.cssSelector("input[name=days]"))) {
            if (day.isSelected() != day.getAttribute("value").equals(closedToday.name())) {
              day.click();
            }
          }
          setText(browser, "opensAt", "09:00");
          setText(browser, "closesAt", "17:00");
          clickAndWait(browser, By.id("save"));
          assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).isNotBlank();
          shot(browser, "30-settings-hours");

          PartnerDecision deferred = enquirer.untilAcme(PartnerStatus.DEFERRED);
          assertThat(deferred.getReason()).isEqualTo(PartnerReason.OUTSIDE_DELIVERY_HOURS);

          // Back to any time: the next enquiry's lead goes out at once again.
          browser.get(portal.baseUrl() + "/settings");
          browser.findElement(By.id("hoursAny")).click();
          clickAndWait(browser, By.id("save"));
          assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).isNotBlank();
          PartnerDecision chosen = enquirer.untilAcme(PartnerStatus.CHOSEN);
          await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() ->
              portal.portal().state().leads("acme").stream().anyMatch(l -> l.lead().getLeadId().equals(chosen.getLeadId())));
        } finally {
          browser.quit();
        }
      }
    } finally {
      try (var files = Files.walk(state)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** Sends enquiries one at a time and reads each one's decision, until acme's part in one has the wanted status. */
  private static final class Enquirer {
    private final PortalStack ps;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final Deserializer<RoutingDecision> decisions;

    Enquirer(PortalStack ps, KafkaProducer<String, SpecificRecord> producer, Deserializer<RoutingDecision> decisions) {
      this.ps = ps;
      this.producer = producer;
      this.decisions = decisions;
    }

    PartnerDecision untilAcme(PartnerStatus wanted) {
      PartnerDecision[] found = new PartnerDecision[1];
      await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
        Optional<PartnerDecision> acme = acmeIn(decide(enquiry()));
        acme.ifPresent(p -> found[0] = p);
        return acme.map(p -> p.getStatus() == wanted).orElse(false);
      });
      return found[0];
    }

    /** Sends one enquiry and waits for its decision. */
    private RoutingDecision decide(Enquiry e) throws Exception {
      producer.send(new ProducerRecord<>(Topics.ENQUIRIES.name(ps.prefix), e.getEnquiryId(), e)).get();
      RoutingDecision[] d = new RoutingDecision[1];
      await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
        d[0] = ps.read(Topics.LEAD_DECISIONS).stream().map(r -> decisions.deserialize(r.topic(), r.value()))
            .filter(x -> x.getEnquiryId().equals(e.getEnquiryId())).findFirst().orElse(null);
        return d[0] != null;
      });
      return d[0];
    }

    private static Optional<PartnerDecision> acmeIn(RoutingDecision d) {
      return d.getPartners().stream().filter(p -> p.getPartnerId().equals("acme")).findFirst();
    }
  }

  private static void signIn(ChromeDriver browser, PortalStack ps, PartnerPortal portal) throws Exception {
    browser.get(portal.baseUrl() + "/leads");
    browser.findElement(By.id("email")).sendKeys(PortalStack.ACME_USER);
    clickAndWait(browser, By.cssSelector("button[type=submit]"));
    browser.get(ps.linkMailedTo(PortalStack.ACME_USER, 1));
    clickAndWait(browser, By.id("continue"));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Your leads");
  }

  private static void setText(ChromeDriver browser, String id, String text) {
    WebElement field = browser.findElement(By.id(id));
    field.clear();
    field.sendKeys(text);
  }

  /** A new person each time: dedupe and do-not-repeat never keep acme out. */
  private static Enquiry enquiry() {
    String n = UUID.randomUUID().toString().substring(0, 8);
    return Enquiry.newBuilder()
        .setEnquiryId(UUID.randomUUID().toString())
        .setSubmittedAt(Instant.now())
        .setChannel(Channel.WEB_FORM)
        .setSite("officefinder.example")
        .setContact(Contact.newBuilder()
            .setFullName("Sam Hours").setCompany("Hours Ltd").setEmail("sam." + n + "@example.com")
            .setPhone(null).setPhoneProvidedBySubject(false).setOnBehalfOfAnother(false).build())
        .setRequirements(Requirements.newBuilder()
            .setCity("London").setPostcodeDistrict("EC2A").setDesks(8)
            .setOfficeTypes(List.of(OfficeType.SERVICED)).setMaxBudgetPerDeskGbp(650)
            .setMoveInDate(null).setTermMonths(24).build())
        .setMarketingConsent(new MarketingConsent(false, false))
        .build();
  }
}
