package io.github.otpkit.totp.examples.portal;

import static io.github.otpkit.totp.examples.portal.PhotoPortalTest.alert;
import static io.github.otpkit.totp.examples.portal.PhotoPortalTest.assertSecurityHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.test.QrScanner;
import io.github.otpkit.totp.test.TestClock;
import io.github.otpkit.totp.testsupport.Bytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two-factor journey of the Photo Portal over HTTP, in-process, with a clock the test moves:
 * enable, sign in with a code or a recovery code, replay, throttling, a new phone, new recovery
 * codes, disable, restart; CSRF, headers and the error paths.
 */
class TwoFactorPortalTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern MANUAL_KEY =
      Pattern.compile("id=\"manual-key\" class=\"key\">([^<]*)<");
  private static final Pattern RECOVERY_CODE = Pattern.compile("class=\"recovery-code\">([^<]*)<");
  private static final Pattern QR =
      Pattern.compile("<img src=\"(data:image/png;base64,[^\"]*)\" alt=\"QR code\"");

  @TempDir Path data;
  private final TestClock clock = TestClock.at(Instant.parse("2026-03-01T10:00:05Z"));
  private PhotoPortal portal = new PhotoPortal(clock);
  private PortalClient client = new PortalClient(URI.create("http://127.0.0.1:1/"));
  private final List<String> recoveryCodes = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    portal.start(data, 0);
    client = new PortalClient(portal.uri());
  }

  @AfterEach
  void stop() {
    portal.stop();
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private String codeNow(String secret) {
    return TotpGenerator.create(OtpSecret.fromBase32(secret)).generate(clock.instant());
  }

  private void nextStep() {
    clock.advance(Duration.ofSeconds(30));
  }

  private static String find(Pattern pattern, String page) {
    Matcher m = pattern.matcher(page);
    assertThat(m.find()).as("%s on the page", pattern).isTrue();
    return m.group(1);
  }

  private static List<String> findAll(Pattern pattern, String page) {
    List<String> all = new ArrayList<>();
    Matcher m = pattern.matcher(page);
    while (m.find()) {
      all.add(m.group(1));
    }
    return all;
  }

  private static void assertRedirect(HttpResponse<String> response, String location) {
    assertThat(response.statusCode()).as("status").isEqualTo(303);
    assertThat(response.headers().firstValue("Location")).contains(location);
  }

  private void signUpAndIn(String username) throws Exception {
    client.signUp(username, PASSWORD);
    assertRedirect(client.signIn(username, PASSWORD), "/account");
  }

  /** Starts a setup (password, phone) and returns the scan page. */
  private HttpResponse<String> startSetup(String path) throws Exception {
    assertRedirect(client.submit(path, Map.of("password", PASSWORD)), "/two-factor/device");
    return choosePhone();
  }

  /**
   * Starts a new phone's setup (password, a code of the current app as proof, phone) and returns
   * the scan page; the clock then moves to the next step, since the proof used this one's code.
   */
  private HttpResponse<String> startReplacement(String currentSecret) throws Exception {
    assertRedirect(
        client.submit("/two-factor/replace", Map.of("password", PASSWORD)),
        "/two-factor/replace/proof");
    assertRedirect(
        client.submit("/two-factor/replace/proof", Map.of("code", codeNow(currentSecret))),
        "/two-factor/device");
    nextStep();
    return choosePhone();
  }

  private HttpResponse<String> choosePhone() throws Exception {
    assertRedirect(
        client.submit("/two-factor/device", Map.of("device", "android")), "/two-factor/app");
    HttpResponse<String> scan = client.get("/two-factor/scan");
    assertThat(scan.statusCode()).isEqualTo(200);
    return scan;
  }

  /** Enables 2FA for the signed-in user; returns the secret and keeps the recovery codes. */
  private String enable() throws Exception {
    String secret = find(MANUAL_KEY, startSetup("/two-factor/enable").body()).replace(" ", "");
    assertRedirect(
        client.submit("/two-factor/activate", Map.of("code", codeNow(secret))), "/two-factor/done");
    HttpResponse<String> done = client.get("/two-factor/done");
    recoveryCodes.clear();
    recoveryCodes.addAll(findAll(RECOVERY_CODE, done.body()));
    return secret;
  }

  private HttpResponse<String> signInWithCode(String username, String code) throws Exception {
    assertRedirect(client.signIn(username, PASSWORD), "/sign-in/code");
    return client.submit("/sign-in/code", Map.of("code", code));
  }

  /** Types the password again on a confirmation page; it redirects to the page it guards. */
  private void confirmPassword(String confirmPath, String guarded) throws Exception {
    assertRedirect(client.submit(confirmPath, Map.of("password", PASSWORD)), guarded);
  }

  private HttpResponse<String> signOut() throws Exception {
    client.get("/");
    return client.post("/sign-out", Map.of("csrf", client.csrf()));
  }

  // ---- enable
  // ------------------------------------------------------------------------------------

  @Test
  void enable_qrAndManualKeyCarryTheSameSecret_activateShowsRecoveryCodesOnce() throws Exception {
    signUpAndIn("alice");
    assertThat(client.get("/account").body())
        .contains("Two-factor authentication is off")
        .contains(">Enable two-factor authentication</a>");

    HttpResponse<String> scan = startSetup("/two-factor/enable");
    assertSecurityHeaders(scan);
    String manualKey = find(MANUAL_KEY, scan.body());
    String uriText = QrScanner.readDataUri(find(QR, scan.body()));
    OtpAuthUri uri = OtpAuthUri.parse(uriText);

    assertThat(manualKey).matches("([A-Z2-7]{4} ){7}[A-Z2-7]{4}");
    assertThat(uri.secret().revealBase32()).isEqualTo(manualKey.replace(" ", ""));
    assertThat(uri.issuer()).contains("Photo Portal");
    assertThat(uri.account()).isEqualTo("alice");
    assertThat(uriText)
        .isEqualTo(
            "otpauth://totp/Photo%20Portal:alice?secret="
                + manualKey.replace(" ", "")
                + "&issuer=Photo%20Portal");
    assertThat(scan.body())
        .contains("<dd id=\"account-name\">alice</dd>")
        .contains("<dd id=\"issuer\">Photo Portal</dd>")
        .contains("data-code-period=\"30\" data-code-left=\"25\"");

    HttpResponse<String> activated =
        client.submit("/two-factor/activate", Map.of("code", codeNow(uri.secret().revealBase32())));
    assertRedirect(activated, "/two-factor/done");
    HttpResponse<String> done = client.get("/two-factor/done");
    assertSecurityHeaders(done);
    List<String> codes = findAll(RECOVERY_CODE, done.body());
    assertThat(codes).hasSize(10).allMatch(c -> c.matches("[0-9A-Z]{4}(-[0-9A-Z]{4}){3}"));
    assertThat(done.body())
        .contains("<h1>Your authenticator is ready</h1>")
        .contains(
            "<p class=\"status on\" id=\"two-factor-status\">Two-factor authentication is on</p>");

    HttpResponse<String> again = client.get("/two-factor/done");
    assertThat(findAll(RECOVERY_CODE, again.body())).isEmpty();
    assertThat(again.body()).contains("Recovery codes are shown only once.");
    assertThat(client.get("/account").body())
        .contains("Two-factor authentication is on")
        .contains("<span id=\"recovery-codes-left\">10</span> unused recovery codes");
  }

  @Test
  void enable_asksForThePasswordFirst_andRefusesAWrongOne() throws Exception {
    signUpAndIn("bob");

    assertRedirect(client.get("/two-factor/device"), "/two-factor/enable");
    assertRedirect(client.get("/two-factor/scan"), "/two-factor/enable");
    HttpResponse<String> page = client.get("/two-factor/enable");
    assertThat(page.body())
        .contains("<h1>Enable two-factor authentication</h1>")
        .contains("name=\"password\" type=\"password\"")
        .contains("<button type=\"submit\">Confirm</button>");
    HttpResponse<String> wrong =
        client.submit("/two-factor/enable", Map.of("password", "nope nope nope"));

    assertRedirect(wrong, "/two-factor/enable");
    assertThat(alert(client.follow(wrong).body())).isEqualTo("Wrong password. Type it again.");
    assertRedirect(client.get("/two-factor/device"), "/two-factor/enable");
  }

  @Test
  void enable_devicePage_asksForThePhoneOnly_andRequiresAChoice() throws Exception {
    signUpAndIn("carol");
    client.submit("/two-factor/enable", Map.of("password", PASSWORD));

    HttpResponse<String> page = client.get("/two-factor/device");
    HttpResponse<String> none = client.submit("/two-factor/device", Map.of("device", "windows"));

    assertThat(page.body())
        .contains("name=\"device\" value=\"android\"")
        .contains("name=\"device\" value=\"ios\"")
        .contains("<button type=\"submit\">Continue</button>")
        .doesNotContain("play.google.com")
        .doesNotContain("apps.apple.com");
    assertRedirect(none, "/two-factor/device");
    assertThat(alert(client.follow(none).body())).isEqualTo("Choose Android or iOS.");
  }

  @ParameterizedTest
  @CsvSource({
    "android, https://play.google.com/store/apps/details?id=com.azure.authenticator,"
        + " apps.apple.com, Microsoft Authenticator on Google Play",
    "ios, https://apps.apple.com/app/microsoft-authenticator/id983156458,"
        + " play.google.com, Microsoft Authenticator on the App Store"
  })
  void enable_afterTheDeviceChoice_theNextPageLinksTheStoreOfThatPhone(
      String device, String store, String otherStore, String linkText) throws Exception {
    signUpAndIn("cleo-" + device);
    client.submit("/two-factor/enable", Map.of("password", PASSWORD));

    HttpResponse<String> chosen = client.submit("/two-factor/device", Map.of("device", device));

    assertRedirect(chosen, "/two-factor/app");
    HttpResponse<String> app = client.follow(chosen);
    assertThat(app.statusCode()).isEqualTo(200);
    assertSecurityHeaders(app);
    assertThat(app.body())
        .contains(
            "<a href=\""
                + store
                + "\" target=\"_blank\" rel=\"noopener noreferrer\">"
                + linkText
                + "</a>")
        .doesNotContain(otherStore)
        .contains(
            "Google Authenticator, Aegis, FreeOTP, 1Password and other authenticator apps"
                + " work too.")
        .contains("<form class=\"continue\" method=\"get\" action=\"/two-factor/scan\">")
        .contains("<button type=\"submit\">Continue</button>")
        .doesNotContain("alt=\"QR code\"");
    HttpResponse<String> scan = client.get("/two-factor/scan");
    assertThat(scan.statusCode()).isEqualTo(200);
    assertThat(scan.body()).contains("alt=\"QR code\"").contains("Enter code manually");
  }

  @Test
  void enable_appPage_needsAChosenPhone() throws Exception {
    signUpAndIn("cody");
    assertRedirect(client.get("/two-factor/app"), "/two-factor/enable");
    client.submit("/two-factor/enable", Map.of("password", PASSWORD));

    assertRedirect(client.get("/two-factor/app"), "/two-factor/device");
  }

  @Test
  void activate_wrongCode_staysOnThePageWithTheQrCodeAndNoCodeKept() throws Exception {
    signUpAndIn("dave");
    String secret = find(MANUAL_KEY, startSetup("/two-factor/enable").body()).replace(" ", "");
    String wrong = codeNow(secret).equals("123456") ? "654321" : "123456";

    HttpResponse<String> refused = client.submit("/two-factor/activate", Map.of("code", wrong));

    assertRedirect(refused, "/two-factor/activate");
    HttpResponse<String> page = client.follow(refused);
    assertThat(alert(page.body())).isEqualTo("This code is not correct. Check it and try again.");
    assertThat(page.body())
        .contains("alt=\"QR code\"")
        .contains("inputmode=\"numeric\" autocomplete=\"one-time-code\"")
        .doesNotContain(wrong);
    assertThat(find(MANUAL_KEY, page.body()).replace(" ", "")).isEqualTo(secret);
    assertThat(client.get("/account").body()).contains("Two-factor authentication is off");
  }

  @Test
  void activate_malformedCode_saysWhatIsExpected() throws Exception {
    signUpAndIn("dora");
    startSetup("/two-factor/enable");

    HttpResponse<String> page =
        client.follow(client.submit("/two-factor/activate", Map.of("code", "12 34")));

    assertThat(alert(page.body())).isEqualTo("Enter the 6-digit code from your app.");
  }

  @Test
  void activate_twice_theOldFormIsExpired_twoFactorStaysOn() throws Exception {
    signUpAndIn("erin");
    String secret = find(MANUAL_KEY, startSetup("/two-factor/enable").body()).replace(" ", "");
    String code = codeNow(secret);
    client.get("/two-factor/activate");
    String csrf = client.csrf();
    String formSession = client.sessionId();

    HttpResponse<String> first =
        client.post("/two-factor/activate", Map.of("code", code, "csrf", csrf));
    String renewed = client.sessionId();
    client.setSessionId(formSession); // a second click, sent before the first answer arrived
    HttpResponse<String> second =
        client.post("/two-factor/activate", Map.of("code", code, "csrf", csrf));

    assertRedirect(first, "/two-factor/done");
    assertThat(second.statusCode()).isEqualTo(403);
    client.setSessionId(renewed);
    assertThat(client.get("/account").body()).contains("Two-factor authentication is on");
  }

  @Test
  void activate_afterTheSetupExpired_saysSoAndStartsOver() throws Exception {
    signUpAndIn("frank");
    String secret = find(MANUAL_KEY, startSetup("/two-factor/enable").body()).replace(" ", "");
    clock.advance(Duration.ofMinutes(16));
    // The password confirmation has expired too: confirm again, then try the old setup.
    assertRedirect(client.get("/two-factor/activate"), "/two-factor/enable");
    client.submit("/two-factor/enable", Map.of("password", PASSWORD));

    HttpResponse<String> scan = client.get("/two-factor/scan");
    assertRedirect(scan, "/account");
    assertThat(alert(client.follow(scan).body()))
        .isEqualTo("No setup is in progress, or it has expired. Start again.");
    client.get("/two-factor/device");
    HttpResponse<String> activate =
        client.post("/two-factor/activate", Map.of("code", codeNow(secret), "csrf", client.csrf()));

    assertRedirect(activate, "/account");
    assertThat(alert(client.follow(activate).body()))
        .isEqualTo("The setup has expired. Start again to get a new QR code.");
    assertThat(client.get("/account").body()).contains("Two-factor authentication is off");
    // Starting again gives a new secret that works.
    client.submit("/two-factor/device", Map.of("device", "ios"));
    String fresh = find(MANUAL_KEY, client.get("/two-factor/scan").body()).replace(" ", "");
    assertThat(fresh).isNotEqualTo(secret);
    assertRedirect(
        client.submit("/two-factor/activate", Map.of("code", codeNow(fresh))), "/two-factor/done");
  }

  @Test
  void cancel_endsTheSetup() throws Exception {
    signUpAndIn("gina");
    startSetup("/two-factor/enable");

    HttpResponse<String> cancelled =
        client.post("/two-factor/cancel", Map.of("csrf", client.csrf()));

    assertRedirect(cancelled, "/account");
    assertThat(client.follow(cancelled).body()).contains("The setup was cancelled.");
    assertRedirect(client.get("/two-factor/scan"), "/account");
  }

  // ---- sign in --------------------------------------------------------------------------------

  @Test
  void signIn_withTwoFactor_asksForTheCode_newSessionIdAtEachStep() throws Exception {
    signUpAndIn("heidi");
    String secret = enable();
    signOut();
    nextStep();
    client.get("/sign-in");
    String anonymous = client.sessionId();

    HttpResponse<String> password = client.signIn("heidi", PASSWORD);
    String passwordOnly = client.sessionId();
    HttpResponse<String> codePage = client.follow(password);

    assertRedirect(password, "/sign-in/code");
    assertThat(passwordOnly).isNotEqualTo(anonymous);
    assertThat(codePage.body())
        .contains(
            "<input id=\"code\" name=\"code\" type=\"text\" inputmode=\"numeric\""
                + " autocomplete=\"one-time-code\"")
        .contains("<button type=\"submit\">Verify</button>")
        .contains("<a href=\"/sign-in/recovery\">Use a recovery code</a>");
    assertSecurityHeaders(codePage);
    // Only the second step is open: the account page is not.
    assertRedirect(client.get("/account"), "/sign-in");
    client.setSessionId(passwordOnly);

    HttpResponse<String> verified = client.submit("/sign-in/code", Map.of("code", codeNow(secret)));

    assertRedirect(verified, "/account");
    assertThat(client.sessionId()).isNotEqualTo(passwordOnly);
    assertThat(client.follow(verified).body()).contains("Two-factor authentication is on");
    client.setSessionId(passwordOnly);
    assertRedirect(client.get("/account"), "/sign-in");
  }

  @Test
  void signIn_theActivationCode_isAlreadyUsed() throws Exception {
    signUpAndIn("ivan");
    String secret = enable();
    signOut();

    HttpResponse<String> replay = signInWithCode("ivan", codeNow(secret));

    assertRedirect(replay, "/sign-in/code");
    assertThat(alert(client.follow(replay).body()))
        .isEqualTo("This code was already used. Wait for the next one.");
  }

  @Test
  void signIn_sameCodeTwice_secondIsAlreadyUsed() throws Exception {
    signUpAndIn("judy");
    String secret = enable();
    signOut();
    nextStep();
    String code = codeNow(secret);
    assertRedirect(signInWithCode("judy", code), "/account");
    signOut();

    HttpResponse<String> replay = signInWithCode("judy", code);

    assertThat(alert(client.follow(replay).body())).contains("already used");
    assertRedirect(client.get("/account"), "/sign-in");
  }

  @Test
  void signIn_wrongCodes_throttledAfterFive_thenAllowedAgain() throws Exception {
    signUpAndIn("karl");
    String secret = enable();
    signOut();
    nextStep();
    String wrong = codeNow(secret).equals("000000") ? "111111" : "000000";
    assertRedirect(client.signIn("karl", PASSWORD), "/sign-in/code");
    for (int i = 1; i <= 5; i++) {
      HttpResponse<String> refused = client.submit("/sign-in/code", Map.of("code", wrong));
      assertThat(alert(client.follow(refused).body()))
          .as("attempt %d", i)
          .isEqualTo("This code is not correct. Check it and try again.");
    }

    HttpResponse<String> throttled =
        client.submit("/sign-in/code", Map.of("code", codeNow(secret)));

    assertThat(alert(client.follow(throttled).body()))
        .isEqualTo("Too many attempts: try again in 5 seconds.");
    clock.advance(Duration.ofSeconds(3));
    assertThat(alert(client.follow(client.submit("/sign-in/code", Map.of("code", wrong))).body()))
        .isEqualTo("Too many attempts: try again in 2 seconds.");
    clock.advance(Duration.ofSeconds(2));
    assertRedirect(client.submit("/sign-in/code", Map.of("code", codeNow(secret))), "/account");
  }

  /** A 6-digit code that is wrong at every step of the window around now. */
  private String wrongCode(String secret) {
    TotpGenerator app = TotpGenerator.create(OtpSecret.fromBase32(secret));
    List<String> window =
        List.of(
            app.generate(clock.instant().minusSeconds(30)),
            app.generate(clock.instant()),
            app.generate(clock.instant().plusSeconds(30)));
    for (int i = 0; ; i++) {
      String candidate = String.format(java.util.Locale.ROOT, "%06d", i * 111_111 % 1_000_000);
      if (!window.contains(candidate)) {
        return candidate;
      }
    }
  }

  @Test
  void signIn_twentyWrongCodes_lockCodesUntilARecoveryCodeIsUsed() throws Exception {
    signUpAndIn("lars");
    String secret = enable();
    signOut();
    nextStep();
    assertRedirect(client.signIn("lars", PASSWORD), "/sign-in/code");
    for (int i = 1; i <= 20; i++) {
      HttpResponse<String> refused =
          client.submit("/sign-in/code", Map.of("code", wrongCode(secret)));
      assertThat(alert(client.follow(refused).body()))
          .as("attempt %d", i)
          .isEqualTo("This code is not correct. Check it and try again.");
      clock.advance(Duration.ofSeconds(60)); // the longest back-off: every attempt is judged
    }

    HttpResponse<String> locked = client.submit("/sign-in/code", Map.of("code", codeNow(secret)));

    assertRedirect(locked, "/sign-in/code");
    assertThat(alert(client.follow(locked).body()))
        .isEqualTo("Too many attempts. Codes are locked for this account: use a recovery code.");
    clock.advance(Duration.ofMinutes(20));
    assertThat(
            alert(
                client
                    .follow(client.submit("/sign-in/code", Map.of("code", codeNow(secret))))
                    .body()))
        .as("still locked 20 minutes later")
        .startsWith("Too many attempts. Codes are locked");
    HttpResponse<String> recovered =
        client.submit("/sign-in/recovery", Map.of("recovery_code", recoveryCodes.get(0)));
    assertRedirect(recovered, "/account");
    signOut();
    nextStep();
    assertRedirect(signInWithCode("lars", codeNow(secret)), "/account");
  }

  @Test
  void signIn_manyWrongPasswords_neverLockTheAccount() throws Exception {
    client.signUp("pete", PASSWORD);
    for (int i = 1; i <= 25; i++) {
      HttpResponse<String> refused = client.signIn("pete", "wrong password " + i);
      assertThat(alert(client.follow(refused).body()))
          .as("attempt %d", i)
          .isEqualTo("Wrong username or password.");
      clock.advance(Duration.ofSeconds(60));
    }

    assertRedirect(client.signIn("pete", PASSWORD), "/account");
  }

  @Test
  void signIn_recoveryCode_worksOnce() throws Exception {
    signUpAndIn("lena");
    enable();
    signOut();
    String recovery = recoveryCodes.get(3).toLowerCase(java.util.Locale.ROOT).replace("-", " ");
    assertRedirect(client.signIn("lena", PASSWORD), "/sign-in/code");
    HttpResponse<String> page = client.get("/sign-in/recovery");
    assertThat(page.body())
        .contains("<input id=\"recovery_code\" name=\"recovery_code\"")
        .contains("<button type=\"submit\">Verify</button>");

    HttpResponse<String> used =
        client.submit("/sign-in/recovery", Map.of("recovery_code", recovery));

    assertRedirect(used, "/account");
    assertThat(client.follow(used).body())
        .contains("Recovery code accepted. You have 9 recovery codes left.")
        .contains("<span id=\"recovery-codes-left\">9</span>");
    signOut();
    assertRedirect(client.signIn("lena", PASSWORD), "/sign-in/code");
    HttpResponse<String> again =
        client.submit("/sign-in/recovery", Map.of("recovery_code", recovery));
    assertRedirect(again, "/sign-in/recovery");
    assertThat(alert(client.follow(again).body()))
        .isEqualTo("This recovery code was already used. Each code works once.");
  }

  @Test
  void signIn_secondStepPages_needThePasswordStepFirst() throws Exception {
    assertRedirect(client.get("/sign-in/code"), "/sign-in");
    assertRedirect(client.get("/sign-in/recovery"), "/sign-in");
    assertThat(client.follow(client.get("/sign-in/code")).body())
        .contains("Sign in with your password first.");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void signIn_wrongPasswords_throttledAfterFive_sameForUnknownNames(boolean known)
      throws Exception {
    client.signUp("mike", PASSWORD);
    String name = known ? "mike" : "nobody";
    for (int i = 1; i <= 5; i++) {
      HttpResponse<String> refused = client.signIn(name, "wrong password " + i);
      assertThat(alert(client.follow(refused).body()))
          .as("attempt %d", i)
          .isEqualTo("Wrong username or password.");
    }

    HttpResponse<String> throttled = client.signIn(name, known ? PASSWORD : "wrong password 6");

    assertThat(alert(client.follow(throttled).body()))
        .isEqualTo("Too many attempts: try again in 5 seconds.");
    clock.advance(Duration.ofSeconds(5));
    if (known) {
      assertRedirect(client.signIn(name, PASSWORD), "/account");
    } else {
      assertThat(alert(client.follow(client.signIn(name, "x y z w v")).body()))
          .isEqualTo("Wrong username or password.");
    }
  }

  // ---- new phone, new recovery codes, disable
  // ----------------------------------------------------

  @Test
  void replace_needsProofOfTheCurrentAuthenticator_beforeANewSecretIsIssued() throws Exception {
    signUpAndIn("olga");
    String oldSecret = enable();
    nextStep();
    assertRedirect(
        client.submit("/two-factor/replace", Map.of("password", PASSWORD)),
        "/two-factor/replace/proof");
    HttpResponse<String> proof = client.get("/two-factor/replace/proof");
    assertThat(proof.body())
        .contains("<h1>Set up a new authenticator</h1>")
        .contains("name=\"code\"")
        .contains("name=\"recovery_code\"");

    // No way around the proof: the phone choice and the QR code send back to it.
    assertRedirect(
        client.submit("/two-factor/device", Map.of("device", "ios")), "/two-factor/replace/proof");
    assertRedirect(client.get("/two-factor/scan"), "/account");

    HttpResponse<String> wrong =
        client.submit("/two-factor/replace/proof", Map.of("code", wrongCode(oldSecret)));
    assertRedirect(wrong, "/two-factor/replace/proof");
    assertThat(client.follow(wrong).body())
        .contains("This code is not correct. Check it and try again.");

    // A lost phone: a recovery code is the proof, and it is spent.
    String recovery = recoveryCodes.get(0);
    assertRedirect(
        client.submit("/two-factor/replace/proof", Map.of("recovery_code", recovery)),
        "/two-factor/device");
    assertRedirect(client.submit("/two-factor/device", Map.of("device", "ios")), "/two-factor/app");
    assertThat(client.get("/two-factor/scan").body())
        .contains("Until you activate it, your current app keeps working.");
    HttpResponse<String> again =
        client.submit("/two-factor/replace/proof", Map.of("recovery_code", recovery));
    assertThat(client.follow(again).body())
        .contains("This recovery code was already used. Each code works once.");
  }

  @Test
  void replace_oldAppWorksUntilTheNewOneIsActivated() throws Exception {
    signUpAndIn("nina");
    String oldSecret = enable();
    nextStep();
    assertThat(client.get("/account").body())
        .contains("<a href=\"/two-factor/replace\">Set up a new authenticator</a>");
    HttpResponse<String> confirm = client.get("/two-factor/replace");
    assertThat(confirm.body()).contains("<h1>Set up a new authenticator</h1>");

    HttpResponse<String> scan = startReplacement(oldSecret);
    String newSecret = find(MANUAL_KEY, scan.body()).replace(" ", "");
    assertThat(newSecret).isNotEqualTo(oldSecret);
    assertThat(scan.body()).contains("Until you activate it, your current app keeps working.");

    // The old app still signs in, in another browser, while the new one is pending.
    PortalClient other = new PortalClient(portal.uri());
    assertRedirect(other.signIn("nina", PASSWORD), "/sign-in/code");
    assertRedirect(other.submit("/sign-in/code", Map.of("code", codeNow(oldSecret))), "/account");

    nextStep();
    HttpResponse<String> activated =
        client.submit("/two-factor/activate", Map.of("code", codeNow(newSecret)));
    assertRedirect(activated, "/two-factor/replaced");
    HttpResponse<String> done = client.follow(activated);
    assertThat(done.body())
        .contains("Your new authenticator is active. The old one no longer works.")
        .contains("Your recovery codes stay the same.");
    assertThat(findAll(RECOVERY_CODE, done.body())).isEmpty();

    signOut();
    nextStep();
    HttpResponse<String> old = signInWithCode("nina", codeNow(oldSecret));
    assertThat(alert(client.follow(old).body()))
        .isEqualTo("This code is not correct. Check it and try again.");
    assertRedirect(client.submit("/sign-in/code", Map.of("code", codeNow(newSecret))), "/account");
    assertThat(client.get("/account").body())
        .contains("<span id=\"recovery-codes-left\">10</span>");
  }

  @Test
  void regenerateRecoveryCodes_needsACurrentCode_oldCodesStopWorking() throws Exception {
    signUpAndIn("olga");
    String secret = enable();
    List<String> old = List.copyOf(recoveryCodes);
    nextStep();
    confirmPassword("/two-factor/recovery-codes/confirm", "/two-factor/recovery-codes");
    HttpResponse<String> form = client.get("/two-factor/recovery-codes");
    assertThat(form.body()).contains("<button type=\"submit\">Create new recovery codes</button>");

    HttpResponse<String> wrong =
        client.submit("/two-factor/recovery-codes", Map.of("code", "12345"));
    assertThat(alert(client.follow(wrong).body()))
        .isEqualTo("Enter the 6-digit code from your app.");
    HttpResponse<String> created =
        client.submit("/two-factor/recovery-codes", Map.of("code", codeNow(secret)));

    assertRedirect(created, "/two-factor/recovery-codes");
    HttpResponse<String> shown = client.follow(created);
    List<String> fresh = findAll(RECOVERY_CODE, shown.body());
    assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(old);
    assertThat(findAll(RECOVERY_CODE, client.get("/two-factor/recovery-codes").body())).isEmpty();
    signOut();
    assertRedirect(client.signIn("olga", PASSWORD), "/sign-in/code");
    HttpResponse<String> oldCode =
        client.submit("/sign-in/recovery", Map.of("recovery_code", old.get(0)));
    assertThat(alert(client.follow(oldCode).body()))
        .isEqualTo("This recovery code is not correct. Check it and try again.");
    assertRedirect(
        client.submit("/sign-in/recovery", Map.of("recovery_code", fresh.get(0))), "/account");
  }

  @Test
  void disable_withACode_turnsItOff_signInNeedsOnlyThePassword() throws Exception {
    signUpAndIn("paul");
    String secret = enable();
    nextStep();
    confirmPassword("/two-factor/disable/confirm", "/two-factor/disable");
    HttpResponse<String> page = client.get("/two-factor/disable");
    assertThat(page.body())
        .contains("name=\"code\" type=\"text\" inputmode=\"numeric\"")
        .contains("name=\"recovery_code\"")
        .contains(">Disable</button>");

    HttpResponse<String> disabled =
        client.submit("/two-factor/disable", Map.of("code", codeNow(secret)));

    assertRedirect(disabled, "/account");
    assertThat(client.follow(disabled).body())
        .contains("role=\"status\">Two-factor authentication is off.</p>")
        .contains(
            "<p class=\"status off\" id=\"two-factor-status\">Two-factor authentication is off</p>");
    signOut();
    assertRedirect(client.signIn("paul", PASSWORD), "/account");
  }

  @Test
  void disable_withARecoveryCode_works_andWrongProofKeepsItOn() throws Exception {
    signUpAndIn("quinn");
    enable();
    confirmPassword("/two-factor/disable/confirm", "/two-factor/disable");
    HttpResponse<String> nothing = client.submit("/two-factor/disable", Map.of());
    assertThat(alert(client.follow(nothing).body()))
        .isEqualTo("Enter the code from your app, or a recovery code.");
    HttpResponse<String> both =
        client.submit("/two-factor/disable", Map.of("code", "123456", "recovery_code", "x"));
    assertThat(alert(client.follow(both).body()))
        .isEqualTo("Enter either the code from your app or a recovery code, not both.");
    HttpResponse<String> wrong =
        client.submit("/two-factor/disable", Map.of("recovery_code", "AAAA-BBBB-CCCC-DDDD"));
    assertThat(alert(client.follow(wrong).body()))
        .isEqualTo("This recovery code is not correct. Check it and try again.");
    assertThat(client.get("/account").body()).contains("Two-factor authentication is on");

    HttpResponse<String> disabled =
        client.submit("/two-factor/disable", Map.of("recovery_code", recoveryCodes.get(0)));

    assertRedirect(disabled, "/account");
    assertThat(client.follow(disabled).body()).contains("Two-factor authentication is off");
  }

  @ParameterizedTest
  @CsvSource({
    "/two-factor/disable, /two-factor/disable/confirm, Disable two-factor authentication",
    "/two-factor/recovery-codes, /two-factor/recovery-codes/confirm, Create new recovery codes"
  })
  void disableAndNewRecoveryCodes_askForThePasswordAgainFirst(
      String page, String confirm, String title) throws Exception {
    signUpAndIn(page.endsWith("disable") ? "dina" : "rick");
    String secret = enable();
    nextStep();

    // Neither the page nor its action work without the password typed again, even with a code.
    assertRedirect(client.get(page), confirm);
    HttpResponse<String> form = client.get(confirm);
    HttpResponse<String> direct =
        client.post(page, Map.of("code", codeNow(secret), "csrf", client.csrf()));
    HttpResponse<String> wrong = client.submit(confirm, Map.of("password", "nope nope nope"));

    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body())
        .contains("<h1>" + title + "</h1>")
        .contains("<form class=\"card\" method=\"post\" action=\"" + confirm + "\">")
        .contains("name=\"password\" type=\"password\"")
        .contains("<button type=\"submit\">Confirm</button>");
    assertRedirect(direct, confirm);
    assertRedirect(wrong, confirm);
    assertThat(alert(client.follow(wrong).body())).isEqualTo("Wrong password. Type it again.");
    assertThat(client.get("/account").body())
        .contains("Two-factor authentication is on")
        .contains("<span id=\"recovery-codes-left\">10</span>");

    // The password, then the code: done.
    confirmPassword(confirm, page);
    HttpResponse<String> done = client.submit(page, Map.of("code", codeNow(secret)));

    if (page.endsWith("disable")) {
      assertRedirect(done, "/account");
      assertThat(client.follow(done).body()).contains("Two-factor authentication is off");
    } else {
      assertRedirect(done, "/two-factor/recovery-codes");
      assertThat(findAll(RECOVERY_CODE, client.follow(done).body())).hasSize(10);
    }
  }

  @Test
  void disableAndNewRecoveryCodes_passwordConfirmationIsThrottledLikeSignIn() throws Exception {
    signUpAndIn("tina");
    enable();
    for (int i = 1; i <= 5; i++) {
      HttpResponse<String> wrong =
          client.submit("/two-factor/disable/confirm", Map.of("password", "wrong password " + i));
      assertThat(alert(client.follow(wrong).body()))
          .as("attempt %d", i)
          .isEqualTo("Wrong password. Type it again.");
    }

    HttpResponse<String> throttled =
        client.submit("/two-factor/recovery-codes/confirm", Map.of("password", PASSWORD));

    assertThat(alert(client.follow(throttled).body()))
        .isEqualTo("Too many attempts: try again in 5 seconds.");
    assertRedirect(client.get("/two-factor/disable"), "/two-factor/disable/confirm");
  }

  @Test
  void disable_whenOff_saysItIsOffAlready() throws Exception {
    signUpAndIn("rita");

    HttpResponse<String> page = client.get("/two-factor/disable");
    client.get("/account");
    HttpResponse<String> post =
        client.post("/two-factor/disable", Map.of("code", "123456", "csrf", client.csrf()));

    assertRedirect(page, "/account");
    assertRedirect(post, "/account");
    assertThat(client.follow(post).body())
        .contains("role=\"status\">Two-factor authentication is already off.</p>");
  }

  // ---- other sessions after a change ------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"enable", "replace", "disable", "recovery-codes"})
  void twoFactorChange_endsTheUsersOtherSessions_andRenewsThisOne(String change) throws Exception {
    String name = "sam-" + change;
    signUpAndIn(name);
    String secret = change.equals("enable") ? "" : enable();
    // Another browser of the same user, fully signed in; and one only past the password.
    PortalClient other = new PortalClient(portal.uri());
    PortalClient pending = new PortalClient(portal.uri());
    if (secret.isEmpty()) {
      assertRedirect(other.signIn(name, PASSWORD), "/account");
    } else {
      nextStep();
      assertRedirect(other.signIn(name, PASSWORD), "/sign-in/code");
      assertRedirect(other.submit("/sign-in/code", Map.of("code", codeNow(secret))), "/account");
      assertRedirect(pending.signIn(name, PASSWORD), "/sign-in/code");
    }
    PortalClient bystander = new PortalClient(portal.uri());
    bystander.signUp("by-" + change, PASSWORD);
    assertRedirect(bystander.signIn("by-" + change, PASSWORD), "/account");
    nextStep();
    String before = client.sessionId();

    switch (change) {
      case "enable" -> enable();
      case "replace" -> {
        String fresh = find(MANUAL_KEY, startReplacement(secret).body()).replace(" ", "");
        assertRedirect(
            client.submit("/two-factor/activate", Map.of("code", codeNow(fresh))),
            "/two-factor/replaced");
      }
      case "disable" -> {
        confirmPassword("/two-factor/disable/confirm", "/two-factor/disable");
        assertRedirect(
            client.submit("/two-factor/disable", Map.of("code", codeNow(secret))), "/account");
      }
      default -> {
        confirmPassword("/two-factor/recovery-codes/confirm", "/two-factor/recovery-codes");
        assertRedirect(
            client.submit("/two-factor/recovery-codes", Map.of("code", codeNow(secret))),
            "/two-factor/recovery-codes");
      }
    }

    String after = client.sessionId();
    assertThat(after).as("a new session id here").isNotEqualTo(before);
    assertThat(client.get("/account").statusCode()).as("still signed in here").isEqualTo(200);
    assertRedirect(other.get("/account"), "/sign-in");
    assertRedirect(pending.get("/sign-in/code"), "/sign-in");
    assertThat(bystander.get("/account").statusCode()).as("another user").isEqualTo(200);
    client.setSessionId(before);
    assertRedirect(client.get("/account"), "/sign-in");
  }

  @Test
  void sessions_endedByAChangeOnAnotherNode_areRefused_waitingForTheCodeToo() throws Exception {
    signUpAndIn("wanda");
    String secret = enable();
    nextStep();
    PortalClient pending = new PortalClient(portal.uri());
    assertRedirect(pending.signIn("wanda", PASSWORD), "/sign-in/code");
    assertThat(pending.get("/sign-in/code").statusCode()).isEqualTo(200);

    // A change of the second factor on another node: only the database's epoch tells this node.
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:h2:file:" + data.toAbsolutePath().resolve("portal"), "portal", "");
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE portal_user SET session_epoch = session_epoch + 1");
    }

    HttpResponse<String> code =
        pending.post("/sign-in/code", Map.of("csrf", pending.csrf(), "code", codeNow(secret)));
    assertRedirect(code, "/sign-in");
    assertThat(pending.follow(code).body()).contains("You were signed out. Sign in again.");
    assertRedirect(client.get("/account"), "/sign-in");
    assertRedirect(signInWithCode("wanda", codeNow(secret)), "/account");
    assertThat(client.get("/account").statusCode()).isEqualTo(200);
  }

  @Test
  void enable_recoveryCodesAreStillShownOnceAfterTheNewSessionId() throws Exception {
    signUpAndIn("ursula");
    String secret = find(MANUAL_KEY, startSetup("/two-factor/enable").body()).replace(" ", "");
    String before = client.sessionId();

    HttpResponse<String> activated =
        client.submit("/two-factor/activate", Map.of("code", codeNow(secret)));

    assertThat(client.sessionId()).isNotEqualTo(before);
    assertThat(findAll(RECOVERY_CODE, client.follow(activated).body())).hasSize(10);
    assertThat(findAll(RECOVERY_CODE, client.get("/two-factor/done").body())).isEmpty();
  }

  // ---- guards, CSRF, headers -------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/two-factor/enable", "/two-factor/replace", "/two-factor/device", "/two-factor/activate",
        "/two-factor/cancel", "/two-factor/recovery-codes", "/two-factor/disable", "/sign-in/code",
        "/sign-in/recovery", "/two-factor/disable/confirm", "/two-factor/recovery-codes/confirm"
      })
  void newForms_withoutOrWithAWrongCsrfToken_are403(String path) throws Exception {
    signUpAndIn("sam");
    client.get("/account");

    HttpResponse<String> without = client.post(path, Map.of("code", "123456"));
    HttpResponse<String> wrong =
        client.post(path, Map.of("code", "123456", "csrf", "A".repeat(43)));

    assertThat(without.statusCode()).isEqualTo(403);
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertSecurityHeaders(without);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/two-factor/enable",
        "/two-factor/replace",
        "/two-factor/device",
        "/two-factor/app",
        "/two-factor/scan",
        "/two-factor/activate",
        "/two-factor/done",
        "/two-factor/replaced",
        "/two-factor/recovery-codes",
        "/two-factor/disable",
        "/two-factor/recovery-codes/confirm",
        "/two-factor/disable/confirm"
      })
  void twoFactorPages_needASignedInUser(String path) throws Exception {
    HttpResponse<String> response = client.get(path);

    assertRedirect(response, "/sign-in");
  }

  @Test
  void everyPageOfTheJourney_isNoStoreWithTheStrictPolicy_andTheScriptIsFromSelf()
      throws Exception {
    signUpAndIn("tess");
    List<HttpResponse<String>> pages = new ArrayList<>();
    pages.add(client.get("/account"));
    pages.add(client.get("/two-factor/enable"));
    client.submit("/two-factor/enable", Map.of("password", PASSWORD));
    pages.add(client.get("/two-factor/device"));
    client.submit("/two-factor/device", Map.of("device", "ios"));
    pages.add(client.get("/two-factor/app"));
    pages.add(client.get("/two-factor/scan"));
    pages.add(client.get("/two-factor/activate"));
    HttpResponse<String> script = client.get("/app.js");

    for (HttpResponse<String> page : pages) {
      assertThat(page.statusCode()).isEqualTo(200);
      assertSecurityHeaders(page);
      assertThat(page.body()).contains("<script src=\"/app.js\" defer></script>");
    }
    assertSecurityHeaders(script);
    assertThat(script.headers().firstValue("Content-Type"))
        .contains("text/javascript; charset=utf-8");
    assertThat(script.body()).contains("data-code-period");
    assertThat(pages.get(4).body())
        .contains("Open Microsoft Authenticator (or your authenticator app) on your iPhone.");
  }

  // ---- restart, storage, logs
  // ---------------------------------------------------------------------

  @Test
  void restart_keepsTwoFactorStateUsedStepsAndThrottling() throws Exception {
    signUpAndIn("uma");
    String secret = enable();
    signOut();
    nextStep();
    String used = codeNow(secret);
    assertRedirect(signInWithCode("uma", used), "/account");
    signOut();
    assertRedirect(client.signIn("uma", PASSWORD), "/sign-in/code");
    for (int i = 0; i < 5; i++) {
      client.submit("/sign-in/code", Map.of("code", "000000".equals(used) ? "111111" : "000000"));
    }
    portal.stop();

    portal = new PhotoPortal(clock);
    portal.start(data, 0);
    client = new PortalClient(portal.uri());

    assertRedirect(client.signIn("uma", PASSWORD), "/sign-in/code");
    assertThat(alert(client.follow(client.submit("/sign-in/code", Map.of("code", used))).body()))
        .startsWith("Too many attempts: try again in");
    clock.advance(Duration.ofSeconds(5));
    assertThat(alert(client.follow(client.submit("/sign-in/code", Map.of("code", used))).body()))
        .isEqualTo("This code was already used. Wait for the next one.");
    clock.advance(Duration.ofSeconds(10));
    nextStep();
    assertRedirect(client.submit("/sign-in/code", Map.of("code", codeNow(secret))), "/account");
  }

  @Test
  void storage_secretsEncryptedRecoveryCodesHashed_keyFileOwnerOnly() throws Exception {
    signUpAndIn("vera");
    String secret = enable();
    portal.stop();

    Path keyFile = data.resolve("secret-encryption.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    assertThat(Base64.getDecoder().decode(Files.readString(keyFile).strip())).hasSize(32);
    byte[] rawKey = OtpSecret.fromBase32(secret).revealBytes();
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:h2:file:" + data.toAbsolutePath().resolve("portal"), "portal", "");
        Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT active_secret FROM otpkit_enrollment")) {
        assertThat(r.next()).isTrue();
        byte[] stored = r.getBytes(1);
        assertThat(Bytes.indexOf(stored, rawKey)).isNegative();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(secret);
      }
      try (ResultSet r = s.executeQuery("SELECT hash FROM otpkit_recovery_code")) {
        int rows = 0;
        while (r.next()) {
          rows++;
          String hash = new String(r.getBytes(1), StandardCharsets.ISO_8859_1);
          for (String code : recoveryCodes) {
            assertThat(hash).doesNotContain(code).doesNotContain(code.replace("-", ""));
          }
        }
        assertThat(rows).isEqualTo(10);
      }
    }
  }

  @Test
  void keyFileReadableByOthers_isRefusedAtStart() throws Exception {
    portal.stop();
    Path keyFile = data.resolve("secret-encryption.key");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));

    PhotoPortal another = new PhotoPortal(clock);

    assertThatThrownBy(() -> another.start(data, 0))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "the key file "
                + data.toAbsolutePath().normalize().resolve("secret-encryption.key")
                + " may be read by others (rw-r--r--): make it owner-only with chmod 600");
    another.stop();
  }

  @Test
  void logs_neverContainACodeARecoveryCodeOrTheSecret() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    String secret;
    List<String> typed = new ArrayList<>();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      signUpAndIn("walt");
      secret = enable();
      typed.add(codeNow(secret));
      signOut();
      nextStep();
      typed.add(codeNow(secret));
      signInWithCode("walt", codeNow(secret));
      signOut();
      signInWithCode("walt", "999999");
      typed.add("999999");
      client.submit("/sign-in/recovery", Map.of("recovery_code", recoveryCodes.get(0)));
      nextStep();
      typed.add(codeNow(secret));
      confirmPassword("/two-factor/disable/confirm", "/two-factor/disable");
      client.submit("/two-factor/disable", Map.of("code", codeNow(secret)));
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);

    assertThat(log)
        .contains("two-factor authentication enabled for account")
        .contains("user")
        .doesNotContain(secret)
        .doesNotContain(secret.substring(0, 8))
        .doesNotContain(PASSWORD)
        .doesNotContain("otpauth");
    for (String code : typed) {
      assertThat(log).doesNotContain(code);
    }
    for (String code : recoveryCodes) {
      assertThat(log).doesNotContain(code).doesNotContain(code.substring(0, 9));
    }
    byte[] key =
        Base64.getDecoder().decode(Files.readString(data.resolve("secret-encryption.key")).strip());
    assertThat(log).doesNotContain(Base64.getEncoder().encodeToString(key).substring(0, 12));
  }
}
