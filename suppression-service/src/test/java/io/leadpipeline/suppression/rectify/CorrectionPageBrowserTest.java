package io.leadpipeline.suppression.rectify;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.RectificationRequest;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.suppression.Chromium;
import io.leadpipeline.suppression.TestService;
import io.leadpipeline.topics.Topics;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The correction form behind the preference page (docs/SPECIFICATION.md §8.3, §8.5) in real
 * headless Chromium, over the real HTTP service with an in-memory log. Screenshots go to
 * target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class CorrectionPageBrowserTest {
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

  @Test
  void aPersonFollowsTheLinkFixesAMistakeAndCorrectsTheirDetails() throws Exception {
    browser.get(t.service.preferencesUrl(EMAIL));
    clickAndWait(By.id("correct-details"));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Correct your details");
    assertThat(browser.getPageSource()).doesNotContain("<script");
    shot("10-correction-form");

    // A number that cannot be one: the form comes back saying what to fix, keeping what was typed.
    browser.findElement(By.id("fullName")).sendKeys("Jane Smith");
    browser.findElement(By.id("phone")).sendKeys("12");
    clickAndWait(By.cssSelector("button[type=submit]"));
    assertThat(browser.findElement(By.id("problem")).getText()).contains("phone is not valid");
    assertThat(browser.findElement(By.id("fullName")).getAttribute("value")).isEqualTo("Jane Smith");
    assertThat(t.log.on(Topics.REQUESTS_RECTIFICATIONS.baseName())).isEmpty();
    shot("11-correction-problem");

    browser.findElement(By.id("phone")).clear();
    browser.findElement(By.id("phone")).sendKeys("07911 123456");
    clickAndWait(By.cssSelector("button[type=submit]"));
    assertThat(browser.findElement(By.id("corrected")).getText()).contains("your name, your phone number");
    assertThat(browser.getPageSource()).doesNotContain("Jane Smith").doesNotContain("123456");
    shot("12-corrected");

    assertThat(t.log.on(Topics.REQUESTS_RECTIFICATIONS.baseName())).singleElement().satisfies(a -> {
      RectificationRequest q = (RectificationRequest) a.value();
      assertThat(q.getSubjectKey()).isEqualTo(keys.ofEmail(EMAIL));
      assertThat(q.getFullName()).isEqualTo("Jane Smith");
      assertThat(q.getPhone()).isEqualTo("+447911123456");
      assertThat(q.getEmail()).isNull();
    });
  }
}
