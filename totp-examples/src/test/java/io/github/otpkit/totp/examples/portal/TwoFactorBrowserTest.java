package io.github.otpkit.totp.examples.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.test.TestClock;
import io.github.otpkit.totp.test.VirtualAuthenticator;
import io.github.otpkit.totp.testsupport.ChromeBrowser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole two-factor journey of the help page in a real browser (Debian's headless Chromium),
 * with the portal on a clock the test moves (no waiting for the next 30-second step): sign up,
 * enable (the phone, then the page that links Microsoft Authenticator in that phone's store) with a
 * wrong and then a right code computed from the QR code on the page, as an authenticator app would;
 * recovery codes; sign in with a code; a replayed code; a recovery code used twice; throttling; a
 * restart on the same data folder; disable (the password again, then a code); another restart. A
 * screenshot of every page goes to {@code target/screenshots/2fa-*.png}, at desktop and phone
 * sizes.
 */
class TwoFactorBrowserTest {
  private static final String PASSWORD = "a long enough pass phrase";
  private static final String PHOTO = " · Photo Portal";

  @TempDir Path data;
  private final TestClock clock = TestClock.at(Instant.parse("2026-03-01T10:00:05Z"));
  private PhotoPortal portal = new PhotoPortal(clock);
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

  private void restart() throws Exception {
    portal.stop();
    portal = new PhotoPortal(clock);
    portal.start(data, 0);
    home = portal.uri().toString();
  }

  private static void title(ChromeBrowser browser, String title) {
    browser.waitForTitle(title + PHOTO);
  }

  private static void type(ChromeBrowser browser, String field, String text) {
    WebElement input = browser.find(By.name(field));
    input.clear();
    input.sendKeys(text);
  }

  private void signIn(ChromeBrowser browser) {
    browser.open(home + "sign-in");
    title(browser, "Sign in");
    type(browser, "username", "alice");
    type(browser, "password", PASSWORD);
    browser.button("Sign in").click();
  }

  private void signOut(ChromeBrowser browser) {
    browser.button("Sign out").click();
    title(browser, "Photos");
  }

  private static String status(ChromeBrowser browser) {
    return browser.find(By.id("two-factor-status")).getText();
  }

  /** The links of the page into Google Play or the App Store. */
  private static List<String> storeLinks(ChromeBrowser browser) {
    List<String> links = new ArrayList<>();
    for (WebElement link : browser.driver().findElements(By.tagName("a"))) {
      String href = link.getAttribute("href");
      if (href != null && (href.contains("play.google.com") || href.contains("apps.apple.com"))) {
        links.add(href);
      }
    }
    return links;
  }

  private static void phoneScreenshot(ChromeBrowser browser, String name) throws Exception {
    browser.resize(390, 844);
    browser.screenshot(name);
    browser.resize(1280, 900);
  }

  @Test
  void journey_enableSignInReplayRecoveryThrottleRestartDisable() throws Exception {
    try (ChromeBrowser browser = ChromeBrowser.start("2fa")) {
      // Sign up and sign in: two-factor authentication is off.
      browser.open(home + "sign-up");
      title(browser, "Sign up");
      type(browser, "username", "alice");
      type(browser, "password", PASSWORD);
      browser.button("Sign up").click();
      title(browser, "Sign in");
      type(browser, "password", PASSWORD);
      browser.button("Sign in").click();
      title(browser, "Your account");
      assertThat(status(browser)).isEqualTo("Two-factor authentication is off");
      browser.screenshot("01-account-off");

      // Enable: the password again, then the phone.
      browser.find(By.linkText("Enable two-factor authentication")).click();
      title(browser, "Enable two-factor authentication");
      browser.screenshot("02-confirm-password");
      type(browser, "password", PASSWORD);
      browser.button("Confirm").click();
      title(browser, "Choose your phone");
      assertThat(storeLinks(browser)).as("no store link before the choice").isEmpty();
      browser.find(By.cssSelector("input[name=device][value=ios]")).click();
      browser.screenshot("03-choose-phone");
      phoneScreenshot(browser, "03-choose-phone-phone");
      browser.button("Continue").click();

      // The next page: Microsoft Authenticator in the App Store (iOS was chosen), other apps too.
      title(browser, "Install Microsoft Authenticator");
      assertThat(storeLinks(browser)).containsExactly(TwoFactorPages.APP_STORE);
      assertThat(
              browser
                  .find(By.linkText("Microsoft Authenticator on the App Store"))
                  .getAttribute("href"))
          .isEqualTo(TwoFactorPages.APP_STORE);
      assertThat(browser.find(By.cssSelector(".other-apps")).getText())
          .isEqualTo(
              "Google Authenticator, Aegis, FreeOTP, 1Password and other authenticator apps work"
                  + " too.");
      browser.screenshot("03b-get-the-app");
      phoneScreenshot(browser, "03b-get-the-app-phone");
      browser.button("Continue").click();

      // The QR code, read as an authenticator app reads it, and the manual key.
      title(browser, "Scan the QR code");
      WebElement image = browser.find(By.cssSelector("img[alt='QR code']"));
      String src = java.util.Objects.requireNonNull(image.getAttribute("src"), "src");
      assertThat(src).startsWith("data:image/png;base64,");
      // Scanned as a phone scans it: the test kit's virtual authenticator reads the image.
      VirtualAuthenticator app = VirtualAuthenticator.scanDataUri(src).withClock(clock);
      OtpAuthUri uri = app.uri().orElseThrow();
      assertThat(browser.find(By.id("manual-key")).getText().replace(" ", ""))
          .isEqualTo(uri.secret().revealBase32());
      assertThat(uri.issuer()).contains("Photo Portal");
      assertThat(uri.account()).isEqualTo("alice");
      assertThat(browser.find(By.id("account-name")).getText()).isEqualTo("alice");
      assertThat(browser.find(By.id("issuer")).getText()).isEqualTo("Photo Portal");
      // Shown at its own size: a whole number of pixels per module, every module sharp.
      assertThat(image.getSize().getWidth())
          .isEqualTo(
              Integer.parseInt(java.util.Objects.requireNonNull(image.getAttribute("width"))))
          .isEqualTo(image.getSize().getHeight());
      // The countdown script ran, from 'self', under the strict content security policy.
      new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
          .until(d -> !d.findElements(By.cssSelector(".countdown-live")).isEmpty());
      assertThat(browser.find(By.cssSelector(".countdown-live")).getText())
          .matches("The current code changes in [0-9]+ seconds?\\.");
      browser.screenshot("04-scan-qr-code");
      phoneScreenshot(browser, "04-scan-qr-code-phone");
      browser.button("Continue").click();

      // A wrong code first: an alert, the QR code still there, nothing typed kept.
      title(browser, "Enter the code from your app");
      String right = app.codeAt(clock.instant());
      String wrong = right.equals("123456") ? "654321" : "123456";
      type(browser, "code", wrong);
      browser.clickAndWait(browser.button("Activate"));
      title(browser, "Enter the code from your app");
      assertThat(browser.alert()).isEqualTo("This code is not correct. Check it and try again.");
      assertThat(browser.find(By.cssSelector("img[alt='QR code']")).isDisplayed()).isTrue();
      assertThat(browser.find(By.name("code")).getAttribute("value")).isEmpty();
      assertThat(browser.find(By.name("code")).getAttribute("inputmode")).isEqualTo("numeric");
      assertThat(browser.find(By.name("code")).getAttribute("autocomplete"))
          .isEqualTo("one-time-code");
      browser.screenshot("05-activate-wrong-code");
      phoneScreenshot(browser, "05-activate-wrong-code-phone");

      // The right code: on, with recovery codes shown once.
      type(browser, "code", right);
      browser.button("Activate").click();
      title(browser, "Your authenticator is ready");
      assertThat(status(browser)).isEqualTo("Two-factor authentication is on");
      List<String> recoveryCodes = new ArrayList<>();
      for (WebElement code : browser.driver().findElements(By.className("recovery-code"))) {
        recoveryCodes.add(code.getText());
      }
      assertThat(recoveryCodes)
          .hasSize(10)
          .allMatch(c -> c.matches("[0-9A-Z]{4}(-[0-9A-Z]{4}){3}"));
      browser.screenshot("06-recovery-codes");
      phoneScreenshot(browser, "06-recovery-codes-phone");
      browser.find(By.linkText("Go to your account")).click();
      title(browser, "Your account");
      assertThat(status(browser)).isEqualTo("Two-factor authentication is on");
      browser.screenshot("07-account-on");
      phoneScreenshot(browser, "07-account-on-phone");
      signOut(browser);

      // Sign in with the next code.
      clock.advance(Duration.ofSeconds(30));
      String code = app.codeAt(clock.instant());
      signIn(browser);
      title(browser, "Enter your code");
      browser.screenshot("08-sign-in-code");
      phoneScreenshot(browser, "08-sign-in-code-phone");
      type(browser, "code", code);
      browser.button("Verify").click();
      title(browser, "Your account");
      signOut(browser);

      // The same code again: already used.
      signIn(browser);
      title(browser, "Enter your code");
      type(browser, "code", code);
      browser.clickAndWait(browser.button("Verify"));
      title(browser, "Enter your code");
      assertThat(browser.alert())
          .contains("already used")
          .isEqualTo("This code was already used. Wait for the next one.");
      browser.screenshot("09-code-already-used");

      // A recovery code works once.
      browser.find(By.linkText("Use a recovery code")).click();
      title(browser, "Use a recovery code");
      browser.screenshot("10-recovery-code");
      type(browser, "recovery_code", recoveryCodes.get(0));
      browser.button("Verify").click();
      title(browser, "Your account");
      assertThat(browser.notice())
          .isEqualTo("Recovery code accepted. You have 9 recovery codes left.");
      signOut(browser);
      signIn(browser);
      title(browser, "Enter your code");
      browser.find(By.linkText("Use a recovery code")).click();
      title(browser, "Use a recovery code");
      type(browser, "recovery_code", recoveryCodes.get(0));
      browser.clickAndWait(browser.button("Verify"));
      title(browser, "Use a recovery code");
      assertThat(browser.alert())
          .isEqualTo("This recovery code was already used. Each code works once.");
      browser.screenshot("11-recovery-code-used-twice");

      // Wrong codes until the portal says to wait (5 failures are free; that recovery code was
      // one).
      browser.find(By.linkText("Use a code from your app instead")).click();
      title(browser, "Enter your code");
      String bad = app.codeAt(clock.instant()).equals("000000") ? "111111" : "000000";
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 6 && answers.stream().noneMatch(a -> a.startsWith("Too many")); i++) {
        type(browser, "code", bad);
        browser.clickAndWait(browser.button("Verify"));
        answers.add(browser.alert());
      }
      assertThat(answers)
          .hasSize(5)
          .startsWith(
              "This code is not correct. Check it and try again.",
              "This code is not correct. Check it and try again.",
              "This code is not correct. Check it and try again.",
              "This code is not correct. Check it and try again.");
      assertThat(answers.get(4)).isEqualTo("Too many attempts: try again in 5 seconds.");
      browser.screenshot("12-too-many-attempts");
      phoneScreenshot(browser, "12-too-many-attempts-phone");
      clock.advance(Duration.ofSeconds(60));
      type(browser, "code", app.codeAt(clock.instant()));
      browser.button("Verify").click();
      title(browser, "Your account");
      signOut(browser);

      // A restart on the same data folder: two-factor authentication is still on.
      restart();
      clock.advance(Duration.ofSeconds(30));
      signIn(browser);
      title(browser, "Enter your code");
      type(browser, "code", app.codeAt(clock.instant()));
      browser.button("Verify").click();
      title(browser, "Your account");
      assertThat(status(browser)).isEqualTo("Two-factor authentication is on");

      // Disable: the password again first (a wrong one is refused), then the current code.
      browser.find(By.linkText("Disable two-factor authentication")).click();
      title(browser, "Disable two-factor authentication");
      assertThat(browser.find(By.cssSelector(".steps")).getText())
          .isEqualTo("Step 1 of 2: confirm that it is you");
      assertThat(browser.driver().findElements(By.name("code"))).isEmpty();
      type(browser, "password", "not the password");
      browser.clickAndWait(browser.button("Confirm"));
      title(browser, "Disable two-factor authentication");
      assertThat(browser.alert()).isEqualTo("Wrong password. Type it again.");
      browser.screenshot("13-disable-confirm-password");
      type(browser, "password", PASSWORD);
      browser.clickAndWait(browser.button("Confirm"));
      title(browser, "Disable two-factor authentication");
      assertThat(browser.driver().findElements(By.name("password"))).isEmpty();
      browser.screenshot("13-disable");
      clock.advance(Duration.ofSeconds(30));
      type(browser, "code", app.codeAt(clock.instant()));
      browser.button("Disable").click();
      title(browser, "Your account");
      assertThat(browser.notice()).isEqualTo("Two-factor authentication is off.");
      assertThat(status(browser)).isEqualTo("Two-factor authentication is off");
      browser.screenshot("14-account-off-again");
      signOut(browser);

      // Another restart: off stays off, the password alone signs in.
      restart();
      signIn(browser);
      title(browser, "Your account");
      assertThat(status(browser)).isEqualTo("Two-factor authentication is off");
    }
  }

  @Test
  void newPhoneAndNewRecoveryCodes_throughThePages_signOutTheOtherBrowser() throws Exception {
    try (ChromeBrowser browser = ChromeBrowser.start("2fa-more")) {
      browser.open(home + "sign-up");
      title(browser, "Sign up");
      type(browser, "username", "alice");
      type(browser, "password", PASSWORD);
      browser.button("Sign up").click();
      title(browser, "Sign in");
      type(browser, "password", PASSWORD);
      browser.button("Sign in").click();
      title(browser, "Your account");
      VirtualAuthenticator oldApp = enableThroughThePages(browser, "android");
      browser.find(By.linkText("Go to your account")).click();
      title(browser, "Your account");

      // A second browser signs in to the same account; every change below signs it out.
      ChromeBrowser second = ChromeBrowser.start("2fa-second");
      try {
        signInWithCode(second, oldApp);
        replaceAndRenew(browser, second, oldApp);
      } finally {
        second.close();
      }
    }
  }

  /** Signs alice in (password, then the app's current code) and checks the account page. */
  private void signInWithCode(ChromeBrowser browser, VirtualAuthenticator app) {
    clock.advance(Duration.ofSeconds(30));
    signIn(browser);
    title(browser, "Enter your code");
    type(browser, "code", app.codeAt(clock.instant()));
    browser.button("Verify").click();
    title(browser, "Your account");
  }

  /** The second browser was signed out by a change in the first: the account page is closed. */
  private void assertSignedOut(ChromeBrowser browser, String screenshot) throws Exception {
    browser.open(home + "account");
    title(browser, "Sign in");
    assertThat(browser.notice()).isEqualTo("Sign in to see your account.");
    browser.screenshot(screenshot);
  }

  /**
   * A new phone, then new recovery codes, in the first browser; each change signs the second
   * browser out, and the first stays signed in.
   */
  private void replaceAndRenew(
      ChromeBrowser browser, ChromeBrowser second, VirtualAuthenticator oldApp) throws Exception {
    // A new phone: the old app keeps working until the new one is activated.
    browser.find(By.linkText("Set up a new authenticator")).click();
    title(browser, "Set up a new authenticator");
    browser.screenshot("01-new-phone-confirm-password");
    type(browser, "password", PASSWORD);
    browser.button("Confirm").click();
    // Proof of the current authenticator before a new secret is issued.
    title(browser, "Confirm your current authenticator");
    browser.screenshot("01b-new-phone-current-code");
    clock.advance(Duration.ofSeconds(30)); // the second browser's sign-in used this step's code
    type(browser, "code", oldApp.codeAt(clock.instant()));
    browser.button("Continue").click();
    title(browser, "Choose your phone");
    browser.find(By.cssSelector("input[name=device][value=android]")).click();
    browser.button("Continue").click();
    title(browser, "Install Microsoft Authenticator");
    assertThat(
            browser
                .find(By.linkText("Microsoft Authenticator on Google Play"))
                .getAttribute("href"))
        .isEqualTo(TwoFactorPages.GOOGLE_PLAY);
    assertThat(storeLinks(browser)).containsExactly(TwoFactorPages.GOOGLE_PLAY);
    browser.button("Continue").click();
    title(browser, "Scan the QR code");
    assertThat(browser.find(By.tagName("main")).getText())
        .contains("Until you activate it, your current app keeps working.");
    browser.screenshot("02-new-phone-scan");
    VirtualAuthenticator newApp =
        VirtualAuthenticator.scanDataUri(
                java.util.Objects.requireNonNull(
                    browser.find(By.cssSelector("img[alt='QR code']")).getAttribute("src"), "src"))
            .withClock(clock);
    assertThat(browser.find(By.id("manual-key")).getText().replace(" ", ""))
        .isEqualTo(newApp.uri().orElseThrow().secret().revealBase32());
    browser.button("Continue").click();
    title(browser, "Enter the code from your app");
    clock.advance(Duration.ofSeconds(30));
    type(browser, "code", newApp.codeAt(clock.instant()));
    browser.button("Activate").click();
    title(browser, "Your new authenticator is ready");
    assertThat(browser.notice())
        .isEqualTo("Your new authenticator is active. The old one no longer works.");
    assertThat(browser.driver().findElements(By.className("recovery-code"))).isEmpty();
    browser.screenshot("03-new-phone-active");
    assertThat(oldApp.codeAt(clock.instant())).isNotEqualTo(newApp.codeAt(clock.instant()));
    assertSignedOut(second, "01-signed-out-after-new-phone");
    signInWithCode(second, newApp);

    // New recovery codes need the password again, then a current code.
    browser.find(By.linkText("Go to your account")).click();
    title(browser, "Your account");
    browser.find(By.linkText("Create new recovery codes")).click();
    title(browser, "Create new recovery codes");
    browser.screenshot("04-new-recovery-codes-confirm-password");
    type(browser, "password", PASSWORD);
    browser.button("Confirm").click();
    title(browser, "Recovery codes");
    browser.screenshot("04-new-recovery-codes-form");
    clock.advance(Duration.ofSeconds(30));
    type(browser, "code", newApp.codeAt(clock.instant()));
    browser.clickAndWait(browser.button("Create new recovery codes"));
    title(browser, "Recovery codes");
    assertThat(browser.driver().findElements(By.className("recovery-code"))).hasSize(10);
    browser.screenshot("05-new-recovery-codes");
    phoneScreenshot(browser, "05-new-recovery-codes-phone");
    assertSignedOut(second, "02-signed-out-after-new-recovery-codes");
    // The browser that made the change is still signed in (under a new session id).
    browser.find(By.linkText("Go to your account")).click();
    title(browser, "Your account");
  }

  /** Enables two-factor authentication from the account page; returns the "app". */
  private VirtualAuthenticator enableThroughThePages(ChromeBrowser browser, String device)
      throws Exception {
    browser.find(By.linkText("Enable two-factor authentication")).click();
    title(browser, "Enable two-factor authentication");
    type(browser, "password", PASSWORD);
    browser.button("Confirm").click();
    title(browser, "Choose your phone");
    browser.find(By.cssSelector("input[name=device][value=" + device + "]")).click();
    browser.button("Continue").click();
    title(browser, "Install Microsoft Authenticator");
    assertThat(storeLinks(browser))
        .containsExactly(
            device.equals("ios") ? TwoFactorPages.APP_STORE : TwoFactorPages.GOOGLE_PLAY);
    browser.button("Continue").click();
    title(browser, "Scan the QR code");
    String src =
        java.util.Objects.requireNonNull(
            browser.find(By.cssSelector("img[alt='QR code']")).getAttribute("src"), "src");
    VirtualAuthenticator app = VirtualAuthenticator.scanDataUri(src).withClock(clock);
    browser.button("Continue").click();
    title(browser, "Enter the code from your app");
    type(browser, "code", app.codeAt(clock.instant()));
    browser.button("Activate").click();
    title(browser, "Your authenticator is ready");
    return app;
  }
}
