package io.leadpipeline.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless Chromium for the service's page tests, with screenshots kept in target/screenshots. */
public final class Chromium {
  private static final Path SHOTS = Path.of("target", "screenshots");

  private Chromium() {}

  /** A browser with its own profile directory, 1000 × 900. */
  public static ChromeDriver open(Path profile) {
    assertThat(Path.of("/usr/bin/chromium")).as("install Debian's chromium and chromium-driver").exists();
    assertThat(Path.of("/usr/bin/chromedriver")).as("install Debian's chromium-driver").exists();
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1000,900");
    ChromeDriverService driver = new ChromeDriverService.Builder()
        .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    ChromeDriver browser = new ChromeDriver(driver, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return browser;
  }

  /** Keeps what the browser shows as target/screenshots/{@code name}.png, for a person to look at. */
  public static void shot(ChromeDriver browser, String name) throws Exception {
    Files.createDirectories(SHOTS);
    Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Clicks and waits until the browser has loaded the next page. A mark left on the current
   * window tells the pages apart: staleness of an element is not enough, as Chrome may answer
   * for a node of the unloading page with a generic error instead of a stale-element one.
   */
  public static void clickAndWait(ChromeDriver browser, By target) {
    JavascriptExecutor js = (JavascriptExecutor) browser;
    js.executeScript("window.leadPipelineLeaving = true");
    browser.findElement(target).click();
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .ignoring(WebDriverException.class) // while the page unloads
        .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
            "return window.leadPipelineLeaving !== true && document.readyState === 'complete'")));
  }
}
