package io.github.otpkit.totp.spring.sample;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium driven by Debian's chromedriver, set up as ENVIRONMENT.md section 3
 * says (the helper of totp-examples' browser tests): explicit binary and driver paths, so that
 * Selenium Manager never downloads anything; a temporary profile, deleted afterwards; host
 * resolution limited to 127.0.0.1.
 *
 * <p>Missing chromium or chromedriver skips the test on a developer's machine and fails it when
 * the environment variable {@code CI} is set. Screenshots go to {@code target/screenshots/}.
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

  /** Whether the environment variable {@code CI} is set to anything but empty or "false". */
  static boolean inCi() {
    String ci = System.getenv("CI");
    return ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false");
  }

  /** Skips the calling test if a tool is missing, or fails it in CI. */
  static void require(String path, String debianPackage) {
    boolean present = Files.isExecutable(Path.of(path));
    String message =
        path + " is missing: install the Debian package " + debianPackage + " to run this test";
    if (!present && inCi()) {
      fail(message + " (CI is set, so this test must not be skipped)");
    }
    assumeTrue(present, message);
  }

  static ChromeBrowser start(String screenshotPrefix) throws IOException {
    require(CHROMIUM, "chromium");
    require(CHROMEDRIVER, "chromium-driver");
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

  List<WebElement> findAll(By by) {
    return driver.findElements(by);
  }

  /** The button whose visible text is exactly {@code text}. */
  WebElement button(String text) {
    return driver.findElement(By.xpath("//button[normalize-space()='" + text + "']"));
  }

  /** Waits until the page's title is {@code title} (after a navigation). */
  void waitForTitle(String title) {
    new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> title.equals(d.getTitle()));
  }

  /** Clicks something that loads a page and waits until the old page is gone. */
  void clickAndWait(WebElement element) {
    WebElement oldPage = driver.findElement(By.tagName("html"));
    element.click();
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(ExpectedConditions.stalenessOf(oldPage));
  }

  /** Types into a form field, replacing what was there. */
  void type(String field, String text) {
    WebElement input = driver.findElement(By.name(field));
    input.clear();
    input.sendKeys(text);
  }

  /** The text of the page's {@code role="alert"} element. */
  String alert() {
    return find(By.cssSelector("[role=alert]")).getText();
  }

  void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** Saves a PNG of the page as {@code target/screenshots/PREFIX-NAME.png}. */
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

  /** The module folder: surefire's {@code basedir}, else the working directory. */
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
