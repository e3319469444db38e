package io.leadpipeline.portal.it;

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

/** Debian's headless Chromium for the portal's browser tests, with screenshots kept in target/screenshots. */
final class Chromium {
  private static final Path SHOTS = Path.of("target", "screenshots");

  private Chromium() {}

  static ChromeDriver open(Path profile, int width) {
    assertThat(Path.of("/usr/bin/chromium")).as("install Debian's chromium and chromium-driver").exists();
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + ",1000");
    ChromeDriverService driver = new ChromeDriverService.Builder()
        .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    ChromeDriver browser = new ChromeDriver(driver, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return browser;
  }

  static void shot(ChromeDriver browser, String name) throws Exception {
    Files.createDirectories(SHOTS);
    Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Does something that leaves the page, and waits for the next one (a mark on the old window tells them apart). */
  static void andWait(ChromeDriver browser, Runnable action) {
    ((JavascriptExecutor) browser).executeScript("window.portalLeaving = true");
    action.run();
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .ignoring(WebDriverException.class)
        .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
            "return window.portalLeaving !== true && document.readyState === 'complete'")));
  }

  static void clickAndWait(ChromeDriver browser, By target) {
    andWait(browser, () -> browser.findElement(target).click());
  }
}
