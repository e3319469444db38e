package io.leadpipeline.portal.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.leadpipeline.portal.it.Chromium.andWait;
import static io.leadpipeline.portal.it.Chromium.shot;

import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.portal.PartnerPortal;
import io.leadpipeline.portal.SampleLeads;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The broker's staff in real headless Chromium (Debian's chromium and chromium-driver): publish a
 * partner's new fee terms, invoice the month once the partner has placed a lead, and the partner,
 * signed in the same way, sees the invoice on its statement. Screenshots in target/screenshots.
 */
@ExtendWith(LocalStackExtension.class)
@Timeout(300)
class InvoicingBrowserIT {

  private static void signIn(ChromeDriver browser, String link) {
    browser.get(link);
    andWait(browser, () -> browser.findElement(By.id("continue")).click());
  }

  private static void everyFieldHasItsLabel(ChromeDriver browser) {
    for (WebElement field : browser.findElements(By.cssSelector("input:not([type=hidden]), select, textarea"))) {
      assertThat(browser.findElements(By.cssSelector("label[for='" + field.getAttribute("id") + "']")))
          .as("label for " + field.getAttribute("id")).hasSize(1);
    }
  }

  @Test
  void staffPublishTermsAndInvoiceAndThePartnerSeesTheInvoice(LocalStack stack, @TempDir Path profile) throws Exception {
    try (PortalStack ps = new PortalStack(stack, "invoicing-browser")) {
      PartnerPortal portal = ps.startPortal();
      ps.produce(SampleLeads.lead("lead-signed", "acme", Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60), true));
      await().atMost(Duration.ofSeconds(60)).until(() -> portal.portal().state().lead("acme", "lead-signed").isPresent());
      WebClient api = new WebClient(portal.baseUrl());
      String today = LocalDate.now(ZoneOffset.UTC).toString();

      ChromeDriver browser = Chromium.open(profile, 1300);
      try {
        // Staff publish 15 % of the first 12 months for acme, in force from today.
        signIn(browser, portal.portal().signInLink(PortalStack.STAFF_USER, portal.baseUrl()).orElseThrow());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("All partners");
        andWait(browser, () -> browser.findElement(By.linkText("Fee terms")).click());
        assertThat(browser.getPageSource()).doesNotContain("<script");
        everyFieldHasItsLabel(browser);
        new Select(browser.findElement(By.id("partnerId"))).selectByValue("acme");
        WebElement rate = browser.findElement(By.id("rateBasisPoints"));
        rate.clear();
        rate.sendKeys("1500");
        assertThat(browser.findElement(By.id("effectiveFrom")).getAttribute("value")).isEqualTo(today);
        andWait(browser, () -> browser.findElement(By.id("publish")).click());
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).isEqualTo("The new terms are published.");
        assertThat(browser.findElement(By.id("terms-acme-v1")).getText()).contains("10% (1000 bp)");
        assertThat(browser.findElement(By.id("terms-acme-v2")).getText()).contains("15% (1500 bp)").endsWith("yes");
        shot(browser, "20-fee-terms-published");

        // The partner signs a licence: priced under the new terms, £9,720.00.
        assertThat(api.api("POST", "/api/v1/leads/lead-signed/response", PortalStack.ACME_KEY, "{\"decision\":\"ACCEPTED\"}").statusCode()).isEqualTo(201);
        assertThat(api.api("POST", "/api/v1/leads/lead-signed/outcomes", PortalStack.ACME_KEY,
            "{\"stage\":\"LICENCE_SIGNED\",\"desks\":12,\"termMonths\":24,\"monthlyFeePence\":540000,\"startDate\":\"2027-01-04\"}").statusCode())
            .isEqualTo(201);

        // Staff invoice the month from the partner's row, submitting with the keyboard.
        andWait(browser, () -> browser.findElement(By.linkText("All partners")).click());
        assertThat(browser.findElement(By.id("money-acme")).getText()).contains("£9,720.00");
        andWait(browser, () -> browser.findElement(By.cssSelector("#money-acme a")).click());
        everyFieldHasItsLabel(browser);
        assertThat(browser.findElement(By.id("line-lead-signed")).getText()).contains("£9,720.00");
        assertThat(browser.findElement(By.id("invoiceDate")).getAttribute("value")).isEqualTo(today);
        WebElement number = browser.findElement(By.id("invoiceNumber"));
        number.sendKeys("INV-3001");
        andWait(browser, () -> number.sendKeys(Keys.ENTER));
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).isEqualTo("The invoice is recorded.");
        assertThat(browser.findElement(By.id("invoice-INV-3001")).getText()).contains(today).contains("£9,720.00");
        assertThat(browser.findElements(By.id("issue-invoice"))).as("nothing left to invoice").isEmpty();
        shot(browser, "21-invoiced");
        andWait(browser, () -> browser.findElement(By.cssSelector("header button[type=submit]")).click());

        // The partner sees the invoice on its statement, with the amount outstanding.
        signIn(browser, portal.portal().signInLink(PortalStack.ACME_USER, portal.baseUrl()).orElseThrow());
        andWait(browser, () -> browser.findElement(By.linkText("Statement")).click());
        assertThat(browser.findElement(By.cssSelector("#placement-lead-signed td.fee")).getText()).isEqualTo("£9,720.00");
        assertThat(browser.findElement(By.cssSelector("#placement-lead-signed td.invoice")).getText()).isEqualTo("INV-3001");
        assertThat(browser.findElement(By.cssSelector("#placement-lead-signed td.outstanding")).getText()).isEqualTo("£9,720.00");
        assertThat(browser.findElement(By.id("total-invoiced")).getText()).isEqualTo("£9,720.00");
        assertThat(browser.findElement(By.id("total-paid")).getText()).isEqualTo("£0.00");
        assertThat(browser.getPageSource()).contains("terms version 2");
        shot(browser, "22-partner-statement-invoiced");

        // From the statement to the lead's dispute form, which warns against personal data.
        andWait(browser, () -> browser.findElement(By.cssSelector("#placement-lead-signed td.dispute a")).click());
        assertThat(browser.findElement(By.id("disputeReason-hint")).getText()).contains("Do not include personal data");
        everyFieldHasItsLabel(browser);
        shot(browser, "23-dispute-form");
      } finally {
        browser.quit();
      }
    }
  }
}
