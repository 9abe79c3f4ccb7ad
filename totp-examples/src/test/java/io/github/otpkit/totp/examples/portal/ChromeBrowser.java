package io.github.otpkit.totp.examples.portal;

import io.github.otpkit.totp.examples.ExternalTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium driven by Debian's chromedriver, set up as ENVIRONMENT.md section 3
 * says: explicit binary and driver paths (so Selenium Manager never downloads anything), a
 * temporary profile deleted afterwards, and host resolution limited to 127.0.0.1 (no DNS
 * lookups of Google services).
 *
 * <p>Missing chromium or chromedriver skips the test on a developer's machine and fails it when
 * the environment variable {@code CI} is set. Screenshots go to
 * {@code totp-examples/target/screenshots/}.
 *
 * <p>Not thread-safe: one per test.
 */
final class ChromeBrowser implements AutoCloseable {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  private final WebDriver driver;
  private final Path profile;
  private final Path screenshots;
  private final String prefix;

  private ChromeBrowser(WebDriver driver, Path profile, Path screenshots, String prefix) {
    this.driver = driver;
    this.profile = profile;
    this.screenshots = screenshots;
    this.prefix = prefix;
  }

  /**
   * Starts the browser.
   *
   * @param screenshotPrefix the start of every screenshot's file name, e.g. the test's name
   * @return the browser
   * @throws IOException if the temporary profile cannot be created
   */
  static ChromeBrowser start(String screenshotPrefix) throws IOException {
    ExternalTools.require(CHROMIUM, "chromium");
    ExternalTools.require(CHROMEDRIVER, "chromium-driver");
    Path profile = Files.createTempDirectory("otpkit-chromium-profile");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        "--user-data-dir=" + profile,
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
            .usingAnyFreePort()
            .build();
    WebDriver driver;
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      deleteRecursively(profile);
      throw e;
    }
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    Path screenshots = moduleDirectory().resolve("target").resolve("screenshots");
    Files.createDirectories(screenshots);
    return new ChromeBrowser(driver, profile, screenshots, screenshotPrefix);
  }

  WebDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
  }

  WebElement find(By by) {
    return driver.findElement(by);
  }

  /** The button whose visible text is exactly {@code text}. */
  WebElement button(String text) {
    return driver.findElement(By.xpath("//button[normalize-space()='" + text + "']"));
  }

  /** Waits until the page's title is {@code title} (after a navigation). */
  void waitForTitle(String title) {
    new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(d -> title.equals(d.getTitle()));
  }

  /**
   * Clicks something that loads a page and waits until the old page is gone, for forms that come
   * back to the page with the same title (an error, shown after a redirect).
   */
  void clickAndWait(WebElement element) {
    WebElement oldPage = driver.findElement(By.tagName("html"));
    element.click();
    new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> isGone(oldPage));
  }

  /**
   * Whether an element's page has been replaced. Besides the usual stale reference, Chromium may
   * answer "Node with given id does not belong to the document" while the new page is loading.
   */
  private static boolean isGone(WebElement element) {
    try {
      element.isEnabled();
      return false;
    } catch (StaleElementReferenceException e) {
      return true;
    } catch (WebDriverException e) {
      String message = e.getMessage();
      if (message != null && message.contains("does not belong to the document")) {
        return true;
      }
      throw e;
    }
  }

  /** The text of the page's {@code role="alert"} element. */
  String alert() {
    return find(By.cssSelector("[role=alert]")).getText();
  }

  /** The text of the page's {@code role="status"} message. */
  String notice() {
    return find(By.cssSelector("[role=status]")).getText();
  }

  void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /**
   * Saves a PNG of the page as {@code target/screenshots/PREFIX-NAME.png}.
   *
   * @return the file
   */
  Path screenshot(String name) throws IOException {
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Path file = screenshots.resolve(prefix + "-" + name + ".png");
    Files.write(file, png);
    return file;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteRecursively(profile);
    }
  }

  /** The totp-examples folder: surefire's {@code basedir}, else the working directory. */
  static Path moduleDirectory() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir", ".")));
  }

  private static void deleteRecursively(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the browser profile " + folder, e);
    }
  }
}
