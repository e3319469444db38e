package io.leadpipeline.suppression.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.suppression.InMemorySuppressionLog;
import io.leadpipeline.suppression.Chromium;
import io.leadpipeline.suppression.TestService;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The unsubscribe and preference pages in real headless Chromium (Debian's chromium and
 * chromium-driver), over the real HTTP service with an in-memory log. Screenshots are kept in
 * target/screenshots for a person to look at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class UnsubscribePagesBrowserTest {
  private static final String EMAIL = "Jane.Doe@example.com";
  private TestService t;
  private ChromeDriver browser;
  private final SubjectKeys keys = new SubjectKeys(TestService.SUBJECT_SECRET);

  @BeforeAll
  void start(@TempDir Path state, @TempDir Path profile) throws Exception {
    t = new TestService(state, 1000, Clock.systemUTC());
    browser = Chromium.open(profile);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (t != null) {
      t.close();
    }
  }

  private void shot(String name) throws Exception {
    Chromium.shot(browser, name);
  }

  private void clickAndWait(By target) {
    Chromium.clickAndWait(browser, target);
  }

  private ContactPreferences latestPreferences() {
    List<InMemorySuppressionLog.Appended> p =
        t.log.on("suppression.preferences").stream().filter(a -> a.key().equals(keys.ofEmail(EMAIL))).toList();
    return (ContactPreferences) p.get(p.size() - 1).value();
  }

  @Test
  void aPersonUnsubscribesThenChangesEveryChoiceOnThePreferencePage() throws Exception {
    browser.manage().window().setSize(new Dimension(1000, 900));
    browser.get(t.service.unsubscribeUrl(EMAIL));
    assertThat(browser.findElement(By.tagName("h1")).getText()).contains("Unsubscribe");
    assertThat(browser.getPageSource()).doesNotContain("<script").doesNotContainIgnoringCase("jane");
    shot("01-unsubscribe-confirm");

    clickAndWait(By.cssSelector("button[type=submit]"));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("You're unsubscribed");
    shot("02-unsubscribed");
    assertThat(t.log.on("suppression.preferences")).filteredOn(a -> a.key().equals(keys.ofEmail(EMAIL))).hasSize(1);
    assertThat(latestPreferences().getEmailMarketingOptOutAt()).isNotNull();
    assertThat(latestPreferences().getSource()).isEqualTo("page:unsubscribe");

    clickAndWait(By.linkText("Manage all your preferences"));
    assertThat(browser.findElement(By.id("emailMarketing")).isSelected()).isTrue();
    assertThat(browser.findElement(By.id("doNotCall")).isSelected()).isFalse();
    for (WebElement box : browser.findElements(By.cssSelector("input[type=checkbox]"))) {
      String id = box.getAttribute("id");
      assertThat(browser.findElements(By.cssSelector("label[for='" + id + "']"))).as("label for " + id).hasSize(1);
    }
    shot("03-preferences");

    browser.findElement(By.cssSelector("label[for=doNotCall]")).click();
    browser.findElement(By.cssSelector("label[for=doNotShare]")).click();
    clickAndWait(By.cssSelector("button[type=submit]"));
    assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).contains("saved");
    assertThat(browser.findElement(By.id("doNotCall")).isSelected()).isTrue();
    shot("04-preferences-saved");
    assertThat(latestPreferences().getDoNotCallAt()).isNotNull();
    List<InMemorySuppressionLog.Appended> dnr = t.log.on("suppression.do-not-repeat");
    assertThat(((DoNotRepeat) dnr.get(dnr.size() - 1).value()).getAllPartners()).isTrue();

    browser.findElement(By.cssSelector("label[for=emailMarketing]")).click(); // the person opts back in
    clickAndWait(By.cssSelector("button[type=submit]"));
    assertThat(browser.findElement(By.id("emailMarketing")).isSelected()).isFalse();
    assertThat(latestPreferences().getEmailMarketingOptOutAt()).isNull();
    assertThat(latestPreferences().getDoNotCallAt()).isNotNull();

    browser.manage().window().setSize(new Dimension(390, 844));
    browser.navigate().refresh();
    shot("05-preferences-phone");
  }

  @Test
  void aTamperedLinkGetsAFriendlyPageNotAStackTrace() throws Exception {
    browser.manage().window().setSize(new Dimension(1000, 900));
    String url = t.service.unsubscribeUrl(EMAIL);
    String tampered = url.substring(0, url.length() - 3) + (url.endsWith("AAA") ? "BBB" : "AAA");
    browser.get(tampered);
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("This link does not work");
    assertThat(browser.getPageSource()).doesNotContain("Exception").doesNotContain("at io.");
    shot("06-invalid-link");
    browser.get(t.url("/preferences?token=%00%3Cscript%3Ealert(1)%3C/script%3E"));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("This link does not work");
  }

  @Test
  void anExpiredLinkSaysSo() throws Exception {
    browser.manage().window().setSize(new Dimension(1000, 900));
    UnsubscribeTokens old =
        new UnsubscribeTokens("token-secret-for-tests", Duration.ofDays(30),
            Clock.fixed(Instant.now().minus(Duration.ofDays(31)), ZoneOffset.UTC));
    browser.get(t.url("/unsubscribe?token=" + old.issue(keys.ofEmail(EMAIL))));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("This link has expired");
    shot("07-expired-link");
  }

  @Test
  void aMailClientsOneClickPostUnsubscribesWithoutAPage() throws Exception {
    String url = t.service.unsubscribeUrl("one.click@example.com");
    HttpResponse<String> r = t.http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(t.log.on("suppression.preferences"))
        .anySatisfy(a -> assertThat(a.key()).isEqualTo(keys.ofEmail("one.click@example.com")));
    HttpResponse<String> expired = t.http.send(
        HttpRequest.newBuilder(URI.create(t.url("/unsubscribe?token=v1.nothing")))
            .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(expired.statusCode()).isEqualTo(400);
  }
}
