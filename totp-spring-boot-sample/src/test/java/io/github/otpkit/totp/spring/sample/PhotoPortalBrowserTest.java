package io.github.otpkit.totp.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.test.TestClock;
import io.github.otpkit.totp.test.VirtualAuthenticator;
import io.github.otpkit.totp.testsupport.ChromeBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The sample's whole journey in a real browser (Debian's headless Chromium), started as {@code
 * main} starts it (demo key file included) on an H2 database in a temporary folder, with a clock
 * the test moves: sign up, sign in with the password, turn on two-factor authentication (QR code
 * read back as a phone reads it, a wrong and a right first code, recovery codes), sign in with a
 * code, a replayed code, a recovery code used twice, new recovery codes, a new phone, turn it off.
 * Screenshots of the pages go to {@code target/screenshots/spring-*.png}.
 */
class PhotoPortalBrowserTest {
  private static final String PASSWORD = "a long enough pass phrase";
  private static final String PORTAL = " · Photo Portal";

  @TempDir Path data;
  private final TestClock clock = TestClock.at(Instant.parse("2026-03-01T10:00:05Z"));
  private ConfigurableApplicationContext portal;
  private String home = "";

  @BeforeEach
  void start() {
    SpringApplication application = PhotoPortalApplication.application();
    application.addInitializers(
        context ->
            ((GenericApplicationContext) context).registerBean("clock", Clock.class, () -> clock));
    portal =
        application.run(
            "--server.port=0",
            "--portal.data=" + data.toAbsolutePath(),
            "--portal.demo-user=false",
            "--logging.level.root=WARN");
    home = "http://127.0.0.1:" + portal.getEnvironment().getProperty("local.server.port") + "/";
  }

  @AfterEach
  void stop() {
    portal.close();
  }

  private static void title(ChromeBrowser browser, String title) {
    browser.waitForTitle(title + PORTAL);
  }

  private void signIn(ChromeBrowser browser) {
    browser.open(home + "sign-in");
    title(browser, "Sign in");
    browser.type("username", "alice");
    browser.type("password", PASSWORD);
    browser.clickAndWait(browser.button("Sign in"));
  }

  private static void signOut(ChromeBrowser browser) {
    browser.clickAndWait(browser.button("Sign out"));
    title(browser, "Photos");
  }

  private static String status(ChromeBrowser browser) {
    return browser.find(By.id("two-factor-status")).getText();
  }

  private static List<String> recoveryCodes(ChromeBrowser browser) {
    List<String> codes = new ArrayList<>();
    for (WebElement code : browser.findAll(By.className("recovery-code"))) {
      codes.add(code.getText());
    }
    return codes;
  }

  /** Scans the QR code of the setup page with the test kit's virtual authenticator. */
  private VirtualAuthenticator scan(ChromeBrowser browser) {
    WebElement image = browser.find(By.cssSelector("img[alt='QR code']"));
    VirtualAuthenticator app =
        VirtualAuthenticator.scanDataUri(Objects.requireNonNull(image.getAttribute("src"), "src"))
            .withClock(clock);
    OtpAuthUri uri = app.uri().orElseThrow();
    assertThat(browser.find(By.id("manual-key")).getText().replace(" ", ""))
        .isEqualTo(uri.secret().revealBase32());
    assertThat(uri.issuer()).contains("Photo Portal");
    assertThat(uri.account()).isEqualTo("alice");
    return app;
  }

  private String nextCode(VirtualAuthenticator app) {
    clock.advance(Duration.ofSeconds(30));
    return app.codeAt(clock.instant());
  }

  private static String wrong(String code) {
    return code.equals("123456") ? "654321" : "123456";
  }

  @Test
  void journey_signUpEnableCodeRecoveryNewCodesNewPhoneDisable() throws Exception {
    try (ChromeBrowser browser = ChromeBrowser.start("spring")) {
      // Sign up, sign in with the password: two-factor authentication is off.
      browser.open(home + "sign-up");
      title(browser, "Sign up");
      browser.type("username", "alice");
      browser.type("password", PASSWORD);
      browser.clickAndWait(browser.button("Sign up"));
      title(browser, "Sign in");
      assertThat(browser.find(By.cssSelector("[role=status]")).getText())
          .isEqualTo("Your account is ready. Sign in.");
      browser.type("username", "alice");
      browser.type("password", PASSWORD);
      browser.clickAndWait(browser.button("Sign in"));
      title(browser, "Your account");
      assertThat(status(browser)).isEqualTo("Two-factor authentication is off");
      browser.screenshot("01-account-off");

      // Turn it on: the password again (a wrong one first), the QR code, a wrong and a right code.
      browser.clickAndWait(browser.find(By.linkText("Enable two-factor authentication")));
      title(browser, "Enable two-factor authentication");
      browser.type("password", "not the password");
      browser.clickAndWait(browser.button("Confirm"));
      assertThat(browser.alert()).isEqualTo("The password is not correct.");
      browser.type("password", PASSWORD);
      browser.clickAndWait(browser.button("Confirm"));
      title(browser, "Scan the QR code");
      VirtualAuthenticator phone = scan(browser);
      OtpAuthUri uri = phone.uri().orElseThrow();
      browser.screenshot("02-scan-qr-code");
      String first = phone.codeAt(clock.instant());
      browser.type("code", wrong(first));
      browser.clickAndWait(browser.button("Activate"));
      title(browser, "Scan the QR code");
      assertThat(browser.alert()).isEqualTo("This code is not correct. Check it and try again.");
      assertThat(scan(browser).uri().orElseThrow().secret().sameKeyAs(uri.secret())).isTrue();
      browser.type("code", first);
      browser.clickAndWait(browser.button("Activate"));
      title(browser, "Your recovery codes");
      assertThat(browser.find(By.id("message")).getText())
          .isEqualTo("Two-factor authentication is on.");
      List<String> recovery = recoveryCodes(browser);
      assertThat(recovery).hasSize(10).allMatch(c -> c.matches("[0-9A-Z]{4}(-[0-9A-Z]{4}){3}"));
      browser.screenshot("03-recovery-codes");
      browser.clickAndWait(browser.find(By.linkText("Go to your account")));
      title(browser, "Your account");
      assertThat(status(browser)).isEqualTo("Two-factor authentication is on");
      signOut(browser);

      // Sign in: the password, then the code page of the starter.
      String code = nextCode(phone);
      signIn(browser);
      browser.waitForTitle("Enter your code");
      WebElement codeField = browser.find(By.name("code"));
      assertThat(codeField.getAttribute("inputmode")).isEqualTo("numeric");
      assertThat(codeField.getAttribute("autocomplete")).isEqualTo("one-time-code");
      browser.screenshot("04-code-page");
      browser.type("code", code);
      browser.clickAndWait(browser.button("Verify"));
      title(browser, "Your account");
      signOut(browser);

      // The same code again: refused, whatever the session.
      signIn(browser);
      browser.waitForTitle("Enter your code");
      browser.type("code", code);
      browser.clickAndWait(browser.button("Verify"));
      browser.waitForTitle("Enter your code");
      assertThat(browser.alert()).isEqualTo("This code was already used. Wait for the next one.");
      assertThat(browser.find(By.name("code")).getAttribute("value")).isEmpty();
      browser.screenshot("05-code-already-used");
      // Half signed in: nothing else is reachable, and the last page asked for is remembered.
      browser.open(home);
      browser.waitForTitle("Enter your code");
      browser.open(home + "account");
      browser.waitForTitle("Enter your code");

      // A recovery code instead: accepted once.
      browser.clickAndWait(browser.find(By.linkText("Use a recovery code")));
      browser.waitForTitle("Use a recovery code");
      browser.screenshot("06-recovery-code-page");
      browser.type("recovery_code", recovery.get(0).toLowerCase(java.util.Locale.ROOT));
      browser.clickAndWait(browser.button("Verify"));
      title(browser, "Your account");
      assertThat(browser.find(By.id("recovery-codes-left")).getText()).isEqualTo("9");
      signOut(browser);
      signIn(browser);
      browser.waitForTitle("Enter your code");
      browser.clickAndWait(browser.find(By.linkText("Use a recovery code")));
      browser.type("recovery_code", recovery.get(0));
      browser.clickAndWait(browser.button("Verify"));
      browser.waitForTitle("Use a recovery code");
      assertThat(browser.alert())
          .isEqualTo("This recovery code was already used. Each code works once.");
      browser.clickAndWait(browser.find(By.linkText("Use your authenticator app instead")));
      browser.waitForTitle("Enter your code");
      browser.type("code", nextCode(phone));
      browser.clickAndWait(browser.button("Verify"));
      title(browser, "Your account");

      // New recovery codes: the password and a code; the old codes stop working.
      browser.clickAndWait(browser.find(By.linkText("New recovery codes")));
      title(browser, "New recovery codes");
      browser.type("password", PASSWORD);
      browser.type("code", nextCode(phone));
      browser.clickAndWait(browser.button("Create new recovery codes"));
      title(browser, "Your recovery codes");
      assertThat(browser.find(By.id("message")).getText())
          .isEqualTo("New recovery codes are ready. The old ones no longer work.");
      List<String> renewed = recoveryCodes(browser);
      assertThat(renewed).hasSize(10).doesNotContainAnyElementsOf(recovery);
      browser.clickAndWait(browser.find(By.linkText("Go to your account")));
      title(browser, "Your account");

      // A new phone: the password and a recovery code (the old phone is lost), a new QR code.
      browser.clickAndWait(browser.find(By.linkText("Move to a new phone")));
      title(browser, "Move to a new phone");
      browser.type("password", PASSWORD);
      browser.type("code", recovery.get(1));
      browser.clickAndWait(browser.button("Continue"));
      title(browser, "Move to a new phone");
      assertThat(browser.alert())
          .isEqualTo("This recovery code is not correct. Check it and try again.");
      browser.type("password", PASSWORD);
      browser.type("code", renewed.get(0));
      browser.clickAndWait(browser.button("Continue"));
      title(browser, "Scan the QR code");
      VirtualAuthenticator newPhone = scan(browser);
      assertThat(newPhone.uri().orElseThrow().secret().sameKeyAs(uri.secret())).isFalse();
      browser.type("code", nextCode(newPhone));
      browser.clickAndWait(browser.button("Activate"));
      title(browser, "Done");
      assertThat(browser.find(By.id("message")).getText())
          .isEqualTo("Your new authenticator is active. The old one no longer works.");
      browser.clickAndWait(browser.find(By.linkText("Go to your account")));
      title(browser, "Your account");
      signOut(browser);

      // Only the new phone signs in now.
      clock.advance(Duration.ofSeconds(30));
      signIn(browser);
      browser.waitForTitle("Enter your code");
      browser.type("code", phone.codeAt(clock.instant()));
      browser.clickAndWait(browser.button("Verify"));
      browser.waitForTitle("Enter your code");
      assertThat(browser.alert()).isEqualTo("This code is not correct. Check it and try again.");
      browser.type("code", newPhone.codeAt(clock.instant()));
      browser.clickAndWait(browser.button("Verify"));
      title(browser, "Your account");

      // Turn it off: the password and a code.
      browser.clickAndWait(browser.find(By.linkText("Disable two-factor authentication")));
      title(browser, "Disable two-factor authentication");
      browser.type("password", PASSWORD);
      browser.type("code", nextCode(newPhone));
      browser.clickAndWait(browser.button("Disable"));
      title(browser, "Done");
      assertThat(browser.find(By.id("message")).getText())
          .isEqualTo("Two-factor authentication is off.");
      browser.clickAndWait(browser.find(By.linkText("Go to your account")));
      title(browser, "Your account");
      assertThat(status(browser)).isEqualTo("Two-factor authentication is off");
      signOut(browser);

      // The password alone again.
      signIn(browser);
      title(browser, "Your account");
      browser.screenshot("07-account-off-again");
    }
    // The database and the demo key file (made on first start, readable by its owner only) are in
    // the data folder.
    assertThat(data.resolve("photo-portal.mv.db")).exists();
    assertThat(data.resolve("totp-encryption.key")).exists();
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve("totp-encryption.key"))))
        .isEqualTo("rw-------");
  }
}
