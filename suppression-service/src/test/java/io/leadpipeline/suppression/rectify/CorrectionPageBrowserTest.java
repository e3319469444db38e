package io.leadpipeline.suppression.rectify;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.RectificationRequest;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.suppression.TestService;
import io.leadpipeline.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The correction form behind the preference page (docs/SPECIFICATION.md §8.3, §8.5) in real
 * headless Chromium, over the real HTTP service with an in-memory log. Screenshots go to
 * target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class CorrectionPageBrowserTest {
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final String EMAIL = "Jane.Doe@example.com";
  private TestService t;
  private ChromeDriver browser;
  private final SubjectKeys keys = new SubjectKeys(TestService.SUBJECT_SECRET);

  @BeforeAll
  void start(@TempDir Path state, @TempDir Path profile) throws Exception {
    assertThat(Path.of("/usr/bin/chromium")).as("install Debian's chromium and chromium-driver").exists();
    assertThat(Path.of("/usr/bin/chromedriver")).as("install Debian's chromium-driver").exists();
    Files.createDirectories(SHOTS);
    t = new TestService(state, 1000, Clock.systemUTC());
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1000,900");
    ChromeDriverService driver =
        new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    browser = new ChromeDriver(driver, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
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
    Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Clicks and waits until the browser has loaded the next page (a mark on the window tells pages apart). */
  private void clickAndWait(By target) {
    JavascriptExecutor js = (JavascriptExecutor) browser;
    js.executeScript("window.leadPipelineLeaving = true");
    browser.findElement(target).click();
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .ignoring(WebDriverException.class)
        .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
            "return window.leadPipelineLeaving !== true && document.readyState === 'complete'")));
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
