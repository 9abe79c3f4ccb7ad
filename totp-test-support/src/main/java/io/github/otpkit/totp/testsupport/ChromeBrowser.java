package io.github.otpkit.totp.testsupport;

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
import org.openqa.selenium.StaleElementReferenceException;
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
 * temporary profile deleted afterwards, and host resolution limited to 127.0.0.1 (no DNS lookups of
 * Google services). The browser tests of totp-examples and totp-spring-boot-sample use it; their
 * module declares Selenium (an optional dependency here).
 *
 * <p>Missing chromium or chromedriver skips the test on a developer's machine and fails it when the
 * environment variable {@code CI} is set ({@link Requirements}). Screenshots go to the module's
 * {@code target/screenshots/}.
 *
 * <p>Not thread-safe: one per test.
 */
public final class ChromeBrowser implements AutoCloseable {
  /** Debian's Chromium (package chromium). */
  public static final String CHROMIUM = "/usr/bin/chromium";

  /** Debian's chromedriver (package chromium-driver). */
  public static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  private static final Duration WAIT = Duration.ofSeconds(20);

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
   * Starts the browser, or skips (locally) or fails (in CI) the calling test when chromium or
   * chromedriver is missing.
   *
   * @param screenshotPrefix the start of every screenshot's file name, e.g. the test's name
   * @return the browser
   * @throws IOException if the temporary profile cannot be created
   */
  public static ChromeBrowser start(String screenshotPrefix) throws IOException {
    Requirements.tool(CHROMIUM, "chromium");
    Requirements.tool(CHROMEDRIVER, "chromium-driver");
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

  /**
   * The Selenium driver, for what this class does not offer.
   *
   * @return the driver
   */
  public WebDriver driver() {
    return driver;
  }

  /**
   * Loads a page.
   *
   * @param url the address
   */
  public void open(String url) {
    driver.get(url);
  }

  /**
   * The first element that matches.
   *
   * @param by the locator
   * @return the element
   */
  public WebElement find(By by) {
    return driver.findElement(by);
  }

  /**
   * Every element that matches.
   *
   * @param by the locator
   * @return the elements, perhaps none
   */
  public List<WebElement> findAll(By by) {
    return driver.findElements(by);
  }

  /**
   * The button whose visible text is exactly {@code text}.
   *
   * @param text the button's text
   * @return the button
   */
  public WebElement button(String text) {
    return driver.findElement(By.xpath("//button[normalize-space()='" + text + "']"));
  }

  /**
   * Waits until the page's title is {@code title} (after a navigation).
   *
   * @param title the expected title
   */
  public void waitForTitle(String title) {
    new WebDriverWait(driver, WAIT).until(d -> title.equals(d.getTitle()));
  }

  /**
   * Clicks something that loads a page and waits until the old page is gone, for forms that come
   * back to the page with the same title (an error, shown after a redirect).
   *
   * @param element what to click
   */
  public void clickAndWait(WebElement element) {
    WebElement oldPage = driver.findElement(By.tagName("html"));
    element.click();
    new WebDriverWait(driver, WAIT).until(d -> isGone(oldPage));
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

  /**
   * Types into a form field, replacing what was there.
   *
   * @param field the field's {@code name}
   * @param text the text
   */
  public void type(String field, String text) {
    WebElement input = driver.findElement(By.name(field));
    input.clear();
    input.sendKeys(text);
  }

  /**
   * The text of the page's {@code role="alert"} element.
   *
   * @return the text
   */
  public String alert() {
    return find(By.cssSelector("[role=alert]")).getText();
  }

  /**
   * The text of the page's {@code role="status"} message.
   *
   * @return the text
   */
  public String notice() {
    return find(By.cssSelector("[role=status]")).getText();
  }

  /**
   * Resizes the window, for example to a phone's size.
   *
   * @param width the width in CSS pixels
   * @param height the height in CSS pixels
   */
  public void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /**
   * Saves a PNG of the page as {@code target/screenshots/PREFIX-NAME.png}.
   *
   * @param name the end of the file name
   * @return the file
   * @throws IOException if the file cannot be written
   */
  public Path screenshot(String name) throws IOException {
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

  /**
   * The module folder of the running tests: surefire's {@code basedir}, else the working directory.
   *
   * @return the folder
   */
  public static Path moduleDirectory() {
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
