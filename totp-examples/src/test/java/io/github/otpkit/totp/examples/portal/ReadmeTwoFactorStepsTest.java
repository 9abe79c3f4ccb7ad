package io.github.otpkit.totp.examples.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.examples.ReadmeSnippetsAccess;
import io.github.otpkit.totp.test.TestClock;
import io.github.otpkit.totp.test.VirtualAuthenticator;
import io.github.otpkit.totp.testsupport.ChromeBrowser;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Runs the README's Selenium snippet ({@code TwoFactorSteps}, "Testing 2FA") for real: headless
 * Chromium on the Photo Portal, which shares a {@link TestClock} with the virtual authenticator.
 * The snippet scans the QR code on the page, activates two-factor authentication and signs in three
 * times; no sign-in is refused as a replay, and nobody waits for the next 30-second step.
 */
class ReadmeTwoFactorStepsTest {
  private static final String PASSWORD = "a long enough pass phrase";
  private static final Instant START = Instant.parse("2026-03-01T10:00:05Z");

  @TempDir Path data;
  @TempDir Path snippets;
  private final TestClock clock = TestClock.at(START);
  private final PhotoPortal portal = new PhotoPortal(clock);
  private String home = "";

  @BeforeEach
  void start() throws Exception {
    portal.start(data, 0);
    home = portal.uri().toString();
  }

  @AfterEach
  void stop() {
    portal.stop();
  }

  private static void type(ChromeBrowser browser, String field, String text) {
    WebElement input = browser.find(By.name(field));
    input.clear();
    input.sendKeys(text);
  }

  private void signInWithPassword(ChromeBrowser browser) {
    browser.open(home + "sign-in");
    browser.waitForTitle("Sign in · Photo Portal");
    type(browser, "username", "alice");
    type(browser, "password", PASSWORD);
    browser.button("Sign in").click();
  }

  private static Object call(Method method, Object... arguments) throws Exception {
    try {
      return method.invoke(null, arguments);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  @Test
  void readmeSteps_scanActivateAndSignInThreeTimes_withoutWaiting() throws Exception {
    try (ChromeBrowser browser = ChromeBrowser.start("readme-steps");
        URLClassLoader loader = ReadmeSnippetsAccess.compiledReadme(snippets)) {
      Class<?> steps = loader.loadClass("TwoFactorSteps");
      Method scanAndActivate =
          steps.getDeclaredMethod("scanAndActivate", WebDriver.class, Clock.class);
      Method enterCode =
          steps.getDeclaredMethod("enterCode", WebDriver.class, VirtualAuthenticator.class);
      scanAndActivate.setAccessible(true);
      enterCode.setAccessible(true);

      // Up to the page with the QR code, as TwoFactorBrowserTest walks it.
      browser.open(home + "sign-up");
      browser.waitForTitle("Sign up · Photo Portal");
      type(browser, "username", "alice");
      type(browser, "password", PASSWORD);
      browser.button("Sign up").click();
      browser.waitForTitle("Sign in · Photo Portal");
      type(browser, "password", PASSWORD);
      browser.button("Sign in").click();
      browser.waitForTitle("Your account · Photo Portal");
      browser.find(By.linkText("Enable two-factor authentication")).click();
      browser.waitForTitle("Enable two-factor authentication · Photo Portal");
      type(browser, "password", PASSWORD);
      browser.button("Confirm").click();
      browser.waitForTitle("Choose your phone · Photo Portal");
      browser.find(By.cssSelector("input[name=device][value=android]")).click();
      browser.button("Continue").click();
      browser.waitForTitle("Install Microsoft Authenticator · Photo Portal");
      browser.button("Continue").click();
      browser.waitForTitle("Scan the QR code · Photo Portal");

      // The README's steps.
      VirtualAuthenticator phone =
          (VirtualAuthenticator) call(scanAndActivate, browser.driver(), clock);
      browser.waitForTitle("Your authenticator is ready · Photo Portal");
      assertThat(browser.find(By.id("two-factor-status")).getText())
          .isEqualTo("Two-factor authentication is on");
      assertThat(phone.uri().orElseThrow().account()).isEqualTo("alice");
      assertThat(clock.instant()).isEqualTo(START);

      for (int signIn = 1; signIn <= 3; signIn++) {
        browser.open(home + "account");
        browser.waitForTitle("Your account · Photo Portal");
        browser.button("Sign out").click();
        browser.waitForTitle("Photos · Photo Portal");
        signInWithPassword(browser);
        browser.waitForTitle("Enter your code · Photo Portal");

        call(enterCode, browser.driver(), phone);

        browser.waitForTitle("Your account · Photo Portal");
        // Each sign-in took the next 30-second step: the clock moved, the test did not wait.
        assertThat(clock.instant())
            .isEqualTo(Instant.parse("2026-03-01T10:00:00Z").plusSeconds(30L * signIn));
      }
    }
  }
}
