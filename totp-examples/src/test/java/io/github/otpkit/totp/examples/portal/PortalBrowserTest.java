package io.github.otpkit.totp.examples.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.testsupport.ChromeBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The Photo Portal in a real browser (Debian's headless Chromium): sign up, sign in, a wrong
 * password, sign out, all through the pages, with a screenshot of each page.
 */
class PortalBrowserTest {
  private static final String PASSWORD = "a long enough pass phrase";

  @TempDir Path data;
  private final PhotoPortal portal = new PhotoPortal();
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

  @Test
  void signUpSignInSignOut_throughThePages() throws Exception {
    try (ChromeBrowser browser = ChromeBrowser.start("portal")) {
      browser.open(home);
      browser.waitForTitle("Photos · Photo Portal");
      assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Photo Portal");
      assertThat(browser.driver().findElements(By.cssSelector(".photos img"))).hasSize(6);
      // The stylesheet loaded despite the strict content security policy.
      assertThat(browser.find(By.cssSelector("a.button")).getCssValue("background-color"))
          .isEqualTo("rgba(31, 95, 191, 1)");
      assertThat(Files.size(browser.screenshot("01-home"))).isPositive();

      browser.find(By.linkText("Sign up")).click();
      browser.waitForTitle("Sign up · Photo Portal");
      browser.find(By.name("username")).sendKeys("alice");
      browser.find(By.name("password")).sendKeys(PASSWORD);
      browser.find(By.name("password_confirm")).sendKeys(PASSWORD);
      browser.screenshot("02-sign-up");
      browser.button("Sign up").click();

      browser.waitForTitle("Sign in · Photo Portal");
      assertThat(browser.find(By.cssSelector("[role=status]")).getText())
          .isEqualTo("Your account is ready. Sign in with your new password.");
      assertThat(browser.find(By.name("username")).getAttribute("value")).isEqualTo("alice");
      browser.find(By.name("password")).sendKeys("not the password");
      browser.button("Sign in").click();

      browser.waitForTitle("Sign in · Photo Portal");
      WebElement alert = browser.find(By.cssSelector("[role=alert]"));
      assertThat(alert.getText()).isEqualTo("Wrong username or password.");
      assertThat(browser.find(By.name("username")).getAttribute("value")).isEqualTo("alice");
      assertThat(browser.find(By.name("password")).getAttribute("value")).isEmpty();
      browser.screenshot("03-sign-in-wrong-password");
      browser.find(By.name("password")).sendKeys(PASSWORD);
      browser.button("Sign in").click();

      browser.waitForTitle("Your account · Photo Portal");
      assertThat(browser.find(By.id("account-username")).getText()).isEqualTo("alice");
      browser.screenshot("04-account");
      browser.resize(390, 844);
      browser.screenshot("05-account-phone");
      browser.resize(1280, 900);

      browser.button("Sign out").click();
      browser.waitForTitle("Photos · Photo Portal");
      assertThat(browser.find(By.cssSelector("[role=status]")).getText())
          .isEqualTo("You are signed out.");
      assertThat(browser.driver().findElements(By.xpath("//button[normalize-space()='Sign out']")))
          .isEmpty();
      browser.screenshot("06-signed-out");

      browser.open(home + "account");
      browser.waitForTitle("Sign in · Photo Portal");
      assertThat(browser.find(By.cssSelector("[role=status]")).getText())
          .isEqualTo("Sign in to see your account.");
    }
  }
}
