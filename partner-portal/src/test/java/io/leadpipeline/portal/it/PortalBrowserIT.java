package io.leadpipeline.portal.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.leadpipeline.portal.it.Chromium.clickAndWait;
import static io.leadpipeline.portal.it.Chromium.shot;

import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.NoticeKind;
import io.leadpipeline.avro.OutcomeStage;
import io.leadpipeline.avro.RejectionReason;
import io.leadpipeline.avro.ResponseDecision;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.portal.PartnerPortal;
import io.leadpipeline.portal.SampleLeads;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * A partner user's whole visit in real headless Chromium (Debian's chromium and chromium-driver)
 * against the portal on the real broker, with the sign-in email read from a real GreenMail SMTP
 * server. Screenshots are kept in target/screenshots for a person to look at.
 */
@ExtendWith(LocalStackExtension.class)
@Timeout(300)
class PortalBrowserIT {

  /** Types a date into a date input whatever the browser's locale shows. */
  private static void setDate(ChromeDriver browser, String id, LocalDate date) {
    ((JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).value = arguments[1]", id, date.toString());
  }

  @Test
  void aPartnerSignsInByEmailAnswersLeadsRecordsOutcomesAndSeesTheFee(LocalStack stack, @TempDir Path profile) throws Exception {
    try (PortalStack ps = new PortalStack(stack, "portal-browser")) {
      PartnerPortal portal = ps.startPortal();
      Instant routed = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(120);
      ps.produce(SampleLeads.lead("lead-take", "acme", routed, true));
      ps.produce(SampleLeads.lead("lead-known", "acme", routed.plusSeconds(1), false));
      ps.produce(new ContactNotice("notice-1", "acme", NoticeKind.MARKETING_OPT_OUT, List.of("lead-take"), routed, routed));
      await().atMost(Duration.ofSeconds(60)).until(() -> portal.portal().state().leads("acme").size() == 2
          && portal.portal().state().notice("acme", "notice-1").isPresent());

      ChromeDriver browser = Chromium.open(profile, 1100);
      try {
        // Sign in: ask for a link, read it from the mail server, confirm.
        browser.get(portal.baseUrl() + "/leads");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in");
        assertThat(browser.getPageSource()).doesNotContain("<script");
        assertThat(browser.findElements(By.cssSelector("label[for=email]"))).hasSize(1);
        shot(browser, "01-sign-in");
        browser.findElement(By.id("email")).sendKeys(PortalStack.ACME_USER);
        clickAndWait(browser, By.cssSelector("button[type=submit]"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Check your email");
        String link = ps.linkMailedTo(PortalStack.ACME_USER, 1);
        browser.get(link);
        shot(browser, "02-confirm-link");
        clickAndWait(browser, By.id("continue"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Your leads");
        assertThat(browser.findElement(By.className("who")).getText()).contains("acme");
        assertThat(browser.findElements(By.className("lead-link"))).extracting(WebElement::getText)
            .containsExactly("lead-known", "lead-take");
        shot(browser, "03-inbox");

        // Accept one lead; what may be done with it is said plainly.
        clickAndWait(browser, By.linkText("lead-take"));
        assertThat(browser.findElement(By.id("calling")).getText()).isEqualTo("You may call this person about their enquiry.");
        assertThat(browser.findElement(By.id("marketing")).getText()).startsWith("Do not send this person marketing");
        assertThat(browser.getPageSource()).contains("Jane Doe").contains("+447700900123");
        for (WebElement field : browser.findElements(By.cssSelector("input:not([type=hidden]), select"))) {
          assertThat(browser.findElements(By.cssSelector("label[for='" + field.getAttribute("id") + "']")))
              .as("label for " + field.getAttribute("id")).hasSize(1);
        }
        shot(browser, "04-lead");
        clickAndWait(browser, By.id("accept"));
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).isEqualTo("Your response is saved.");
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Accepted");

        // Record a viewing, then the signed licence.
        new Select(browser.findElement(By.id("stage"))).selectByValue(OutcomeStage.VIEWING_BOOKED.name());
        clickAndWait(browser, By.id("record"));
        new Select(browser.findElement(By.id("stage"))).selectByValue(OutcomeStage.LICENCE_SIGNED.name());
        browser.findElement(By.id("desks")).sendKeys("12");
        browser.findElement(By.id("termMonths")).sendKeys("24");
        browser.findElement(By.id("monthlyFee")).sendKeys("5400.00");
        setDate(browser, "startDate", LocalDate.parse("2027-01-04"));
        clickAndWait(browser, By.id("record"));
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).isEqualTo("The outcome is saved.");
        assertThat(browser.findElements(By.cssSelector(".history li"))).extracting(WebElement::getText)
            .satisfiesExactly(
                v -> assertThat(v).startsWith("Viewing booked"),
                s -> assertThat(s).startsWith("Licence signed").contains("12 desks, 24 months at £5,400.00 a month from 2027-01-04"));
        shot(browser, "05-outcomes");

        // Reject the other as already known, with the evidence.
        browser.get(portal.baseUrl() + "/leads/lead-known");
        assertThat(browser.findElement(By.id("calling")).getText()).startsWith("Do not call this person");
        new Select(browser.findElement(By.id("reason"))).selectByValue(RejectionReason.ALREADY_KNOWN.name());
        clickAndWait(browser, By.id("reject"));
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText()).contains("give the date of your earlier contact");
        shot(browser, "06-reject-needs-evidence");
        LocalDate earlier = LocalDate.ofInstant(routed, ZoneOffset.UTC).minusDays(30);
        new Select(browser.findElement(By.id("reason"))).selectByValue(RejectionReason.ALREADY_KNOWN.name());
        setDate(browser, "knownSince", earlier);
        browser.findElement(By.id("knownSource")).sendKeys("Walk-in viewing in November");
        clickAndWait(browser, By.id("reject"));
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Rejected: already known to us");
        var response = portal.portal().state().response("lead-known").orElseThrow();
        assertThat(response.getDecision()).isEqualTo(ResponseDecision.REJECTED);
        assertThat(response.getKnownSince()).isEqualTo(earlier);
        assertThat(response.getKnownSource()).isEqualTo("Walk-in viewing in November");

        // Acknowledge the notice; its time is recorded.
        clickAndWait(browser, By.linkText("Notices"));
        clickAndWait(browser, By.cssSelector("button[aria-label='Acknowledge notice notice-1']"));
        assertThat(portal.portal().state().acknowledgement("notice-1")).isPresent();
        assertThat(browser.findElements(By.cssSelector("button[aria-label='Acknowledge notice notice-1']"))).isEmpty();
        shot(browser, "07-notice-acknowledged");

        // The statement shows the fee: 10 % of 12 months at £5,400.
        clickAndWait(browser, By.linkText("Statement"));
        assertThat(browser.findElement(By.tagName("h1")).getText())
            .isEqualTo("Statement for " + DateTimeFormatter.ofPattern("yyyy-MM").format(Instant.now().atZone(ZoneOffset.UTC)));
        assertThat(browser.findElement(By.id("introduced")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.id("accepted")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.id("rejected")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.cssSelector("td.fee")).getText()).isEqualTo("£6,480.00");
        assertThat(browser.findElement(By.id("total")).getText()).isEqualTo("£6,480.00");
        shot(browser, "08-statement");

        // Signing out ends the session; the used link does not sign in again.
        clickAndWait(browser, By.cssSelector("header button[type=submit]"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in");
        browser.get(link);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("This link has already been used");
        shot(browser, "09-link-used");
      } finally {
        browser.quit();
      }
    }
  }
}
