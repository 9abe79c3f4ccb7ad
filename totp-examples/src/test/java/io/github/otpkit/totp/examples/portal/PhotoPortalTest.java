package io.github.otpkit.totp.examples.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.test.TestClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhotoPortalTest {
  static final String CSP =
      "default-src 'none'; script-src 'self'; img-src 'self' data:; style-src 'self';"
          + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  private static final String PASSWORD = "correct horse battery staple";

  @TempDir Path data;
  private final TestClock clock = TestClock.at(Instant.parse("2026-03-01T10:00:00Z"));
  private PhotoPortal portal = new PhotoPortal(clock);
  private PortalClient client = new PortalClient(java.net.URI.create("http://127.0.0.1:1/"));

  @BeforeEach
  void start() throws IOException {
    portal.start(data, 0);
    client = new PortalClient(portal.uri());
  }

  @AfterEach
  void stop() {
    portal.stop();
  }

  static void assertSecurityHeaders(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Content-Security-Policy")).contains(CSP);
    assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(response.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(response.headers().firstValue("X-Frame-Options")).contains("DENY");
  }

  static String alert(String page) {
    int at = page.indexOf("role=\"alert\"");
    assertThat(at).as("an element with role=alert").isPositive();
    int start = page.indexOf('>', at) + 1;
    return page.substring(start, page.indexOf('<', start));
  }

  // ---- start, bind, stop -----------------------------------------------------------------------

  @Test
  void start_portZero_listensOnLoopbackOnlyOnTheReturnedPort() throws Exception {
    InetSocketAddress address = portal.address();

    assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(portal.uri().toString()).isEqualTo("http://127.0.0.1:" + address.getPort() + "/");
    List<InetAddress> others = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (!a.isLoopbackAddress() && a instanceof Inet4Address) {
          others.add(a);
        }
      }
    }
    for (InetAddress other : others) {
      try (Socket socket = new Socket()) {
        assertThatThrownBy(
                () -> socket.connect(new InetSocketAddress(other, address.getPort()), 2000))
            .as("connecting through %s", other)
            .isInstanceOf(ConnectException.class);
      }
    }
  }

  @Test
  void start_newDataFolder_isCreatedOwnerOnly() throws Exception {
    Path fresh = data.resolve("new").resolve("portal-data");

    try (PhotoPortal other = new PhotoPortal(clock)) {
      other.start(fresh, 0);

      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
          .isEqualTo("rwx------");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rwxr-x---", "rwx---r--", "rwx-----x", "rwxrwxrwx"})
  void start_dataFolderOthersMayRead_isRefusedWithOneClearLine(String permissions)
      throws Exception {
    portal.stop();
    Path folder = Files.createDirectory(data.resolve("shared"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(permissions));
    PhotoPortal another = new PhotoPortal(clock);

    assertThatThrownBy(() -> another.start(folder, 0))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "the data folder "
                + folder.toAbsolutePath().normalize()
                + " may be read by others ("
                + permissions
                + "): make it owner-only with chmod 700");
    another.stop();
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files).as("nothing written into the refused folder").isEmpty();
    }
  }

  @Test
  void start_twice_isRefused() {
    assertThatThrownBy(() -> portal.start(data, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this portal was already started");
  }

  @Test
  void stop_thenRequests_areRefused() throws Exception {
    int port = portal.port();
    portal.stop();

    try (Socket socket = new Socket()) {
      assertThatThrownBy(
              () -> socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
          .isInstanceOf(ConnectException.class);
    }
    assertThatThrownBy(portal::port).isInstanceOf(IllegalStateException.class);
    portal.stop(); // idempotent
  }

  // ---- pages, headers, cookies ------------------------------------------------------------------

  @Test
  void home_anonymous_showsPhotosLinksAndSecurityHeaders() throws Exception {
    HttpResponse<String> home = client.get("/");

    assertThat(home.statusCode()).isEqualTo(200);
    assertSecurityHeaders(home);
    assertThat(home.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(home.body())
        .startsWith("<!doctype html>")
        .contains("<html lang=\"en\">")
        .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .contains("<a href=\"/sign-in\">Sign in</a>")
        .contains("<a href=\"/sign-up\">Sign up</a>")
        .doesNotContain("Sign out");
    assertThat(home.body().split("<img src=\"data:image/svg\\+xml;base64,", -1)).hasSize(7);
  }

  @Test
  void firstVisit_homePage_keepsNoSession_theSignInFormGetsOne() throws Exception {
    HttpResponse<String> home = client.get("/");
    HttpResponse<String> again = client.get("/account"); // redirects to sign-in with a notice

    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.headers().firstValue("Set-Cookie")).as("no session for a visitor").isEmpty();
    String cookie = again.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .matches(
            PortalHandler.SESSION_COOKIE + "=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict");
    // The next request with that cookie keeps the session: no new cookie.
    HttpResponse<String> signIn = client.get("/sign-in");
    assertThat(signIn.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(signIn.body()).contains("Sign in to see your account.");
  }

  @Test
  void firstVisit_signInAndSignUpForms_getASessionForTheirCsrfToken() throws Exception {
    for (String page : new String[] {"/sign-in", "/sign-up"}) {
      PortalClient visitor = new PortalClient(portal.uri());

      HttpResponse<String> form = visitor.get(page);

      assertThat(form.headers().firstValue("Set-Cookie")).as(page).isPresent();
      assertThat(form.body()).contains("name=\"csrf\" value=\"");
    }
  }

  @Test
  void anonymousRequests_beyondTheSessionCap_neverSignOutASignedInUser() throws Exception {
    portal.stop();
    portal = new PhotoPortal(clock, new SessionStore.Limits(20, 20, 10));
    portal.start(data, 0);
    client = new PortalClient(portal.uri());
    client.signUp("yara", PASSWORD);
    client.follow(client.signIn("yara", PASSWORD));
    PortalClient visitor = new PortalClient(portal.uri());

    // Five times more cookie-less visits than the portal keeps anonymous sessions, each to a
    // page with a form, so that every one of them needs a session.
    for (int i = 0; i < 100; i++) {
      clock.advance(Duration.ofMillis(1)); // time moves: the signed-in session is the oldest
      visitor.setSessionId(null);
      assertThat(visitor.get("/sign-in").statusCode()).isEqualTo(200);
    }

    HttpResponse<String> account = client.get("/account");
    assertThat(account.statusCode()).as("still signed in").isEqualTo(200);
    assertThat(account.body()).contains("<dd id=\"account-username\">yara</dd>");
  }

  @Test
  void cookielessRequests_createNoSessions() throws Exception {
    portal.stop();
    portal = new PhotoPortal(clock, new SessionStore.Limits(20, 20, 10));
    portal.start(data, 0);
    client = new PortalClient(portal.uri());
    client.signUp("zoe", PASSWORD);
    client.follow(client.signIn("zoe", PASSWORD));
    PortalClient visitor = new PortalClient(portal.uri());

    for (int i = 0; i < 100; i++) {
      clock.advance(Duration.ofMillis(1));
      visitor.setSessionId(null);
      assertThat(visitor.get("/").headers().firstValue("Set-Cookie")).isEmpty();
    }

    assertThat(client.get("/account").statusCode()).isEqualTo(200);
  }

  @Test
  void stylesheet_isServedAsCss() throws Exception {
    HttpResponse<String> css = client.get("/style.css");

    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
    assertThat(css.body()).contains("@media (max-width: 30rem)");
    assertSecurityHeaders(css);
  }

  @Test
  void unknownPath_is404WithPlainPageAndHeaders() throws Exception {
    HttpResponse<String> missing = client.get("/admin");

    assertThat(missing.statusCode()).isEqualTo(404);
    assertSecurityHeaders(missing);
    assertThat(alert(missing.body())).isEqualTo("There is no page at this address.");
  }

  @Test
  void wrongMethod_is405WithAllowHeader() throws Exception {
    HttpResponse<String> delete = client.send(client.builder("/sign-in").DELETE().build());
    HttpResponse<String> getSignOut = client.get("/sign-out");

    assertThat(delete.statusCode()).isEqualTo(405);
    assertThat(delete.headers().firstValue("Allow")).contains("GET, HEAD, POST");
    assertThat(getSignOut.statusCode()).isEqualTo(405);
    assertThat(getSignOut.headers().firstValue("Allow")).contains("POST");
  }

  @Test
  void head_answersWithoutBody() throws Exception {
    HttpResponse<String> head =
        client.send(
            client.builder("/").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertSecurityHeaders(head);
  }

  @Test
  void foreignHostHeader_isRefused() throws Exception {
    String answer =
        rawRequest("GET / HTTP/1.1\r\nHost: rebound.example:" + portal.port() + "\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 421 ");
  }

  @Test
  void localhostHostHeader_isAccepted() throws Exception {
    String answer = rawRequest("GET / HTTP/1.1\r\nHost: localhost:" + portal.port() + "\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 200 ");
  }

  // ---- sign up and sign in ---------------------------------------------------------------------

  @Test
  void signUp_thenSignIn_showsAccountWithANewSessionId() throws Exception {
    HttpResponse<String> created = client.signUp("alice", PASSWORD);
    assertThat(created.headers().firstValue("Location")).contains("/sign-in");
    HttpResponse<String> signInPage = client.follow(created);
    assertThat(signInPage.body())
        .contains("Your account is ready. Sign in with your new password.")
        .contains("value=\"alice\"");
    String anonymousId = client.sessionId();

    HttpResponse<String> signedIn = client.signIn("alice", PASSWORD);

    assertThat(signedIn.statusCode()).isEqualTo(303);
    assertThat(signedIn.headers().firstValue("Location")).contains("/account");
    assertThat(signedIn.headers().firstValue("Set-Cookie").orElseThrow())
        .endsWith("; Path=/; HttpOnly; SameSite=Strict");
    assertThat(client.sessionId()).isNotEqualTo(anonymousId);
    HttpResponse<String> account = client.follow(signedIn);
    assertThat(account.statusCode()).isEqualTo(200);
    assertThat(account.body())
        .contains("<h1>Your account</h1>")
        .contains("<dd id=\"account-username\">alice</dd>")
        .contains("1 March 2026")
        .contains("Sign out")
        .doesNotContain(PASSWORD);
  }

  @Test
  void signIn_oldAnonymousSessionId_isWorthNothingAfterwards() throws Exception {
    client.signUp("bob", PASSWORD);
    client.get("/sign-in");
    String before = client.sessionId();
    client.signIn("bob", PASSWORD);

    client.setSessionId(before);
    HttpResponse<String> account = client.get("/account");

    assertThat(account.statusCode()).isEqualTo(303);
    assertThat(account.headers().firstValue("Location")).contains("/sign-in");
  }

  @Test
  void signIn_usernameInOtherLetterCase_works() throws Exception {
    client.signUp("Carol", PASSWORD);

    HttpResponse<String> signedIn = client.signIn("carol", PASSWORD);

    assertThat(signedIn.headers().firstValue("Location")).contains("/account");
    assertThat(client.follow(signedIn).body()).contains(">Carol</dd>");
  }

  @Test
  void signIn_wrongPassword_showsAlertKeepsUsernameNeverPassword() throws Exception {
    client.signUp("dave", PASSWORD);

    HttpResponse<String> rejected = client.signIn("dave", "wrong password 123");

    assertThat(rejected.headers().firstValue("Location")).contains("/sign-in");
    HttpResponse<String> page = client.follow(rejected);
    assertThat(alert(page.body())).isEqualTo("Wrong username or password.");
    assertThat(page.body()).contains("value=\"dave\"").doesNotContain("wrong password 123");
    assertThat(client.get("/account").statusCode()).isEqualTo(303);
  }

  @Test
  void signIn_unknownUser_sameMessageAsWrongPassword() throws Exception {
    HttpResponse<String> page = client.follow(client.signIn("nobody", PASSWORD));

    assertThat(alert(page.body())).isEqualTo("Wrong username or password.");
  }

  @Test
  void signIn_emptyFields_askForBoth() throws Exception {
    HttpResponse<String> page = client.follow(client.signIn("", ""));

    assertThat(alert(page.body())).isEqualTo("Enter your username and your password.");
  }

  @Test
  void signUp_invalidInput_showsAlertAndKeepsUsernameButNeverPassword() throws Exception {
    HttpResponse<String> badName = client.follow(client.signUp("a b", PASSWORD));
    assertThat(alert(badName.body()))
        .isEqualTo(
            "Choose a username of 3 to 32 characters: letters, digits, dots, hyphens or"
                + " underscores.");
    assertThat(badName.body()).contains("value=\"a b\"").doesNotContain(PASSWORD);

    HttpResponse<String> shortPassword = client.follow(client.signUp("erin", "short"));
    assertThat(alert(shortPassword.body())).isEqualTo("Choose a password of 8 to 128 characters.");
    assertThat(shortPassword.body()).contains("value=\"erin\"");

    HttpResponse<String> mismatch =
        client.follow(
            client.submit(
                "/sign-up",
                Map.of("username", "erin", "password", PASSWORD, "password_confirm", "other one")));
    assertThat(alert(mismatch.body()))
        .isEqualTo("The two passwords are not the same. Type them again.");
    assertThat(mismatch.body()).doesNotContain(PASSWORD).doesNotContain("other one");
  }

  @Test
  void signUp_matchingConfirmation_isAccepted() throws Exception {
    HttpResponse<String> created =
        client.submit(
            "/sign-up",
            Map.of("username", "frank", "password", PASSWORD, "password_confirm", PASSWORD));

    assertThat(created.headers().firstValue("Location")).contains("/sign-in");
  }

  @Test
  void signUp_takenUsernameInAnyCase_isRefused() throws Exception {
    client.signUp("grace", PASSWORD);

    HttpResponse<String> page = client.follow(client.signUp("GRACE", PASSWORD));

    assertThat(alert(page.body())).isEqualTo("This username is taken. Choose another one.");
  }

  @Test
  void userInput_isHtmlEscaped() throws Exception {
    HttpResponse<String> page = client.follow(client.signUp("<b>\"x\"&'y'</b>", PASSWORD));

    assertThat(page.body())
        .contains("value=\"&lt;b&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/b&gt;\"")
        .doesNotContain("<b>\"x\"");
  }

  @Test
  void passwords_areStoredAsPbkdf2Hashes() throws Exception {
    client.signUp("heidi", PASSWORD);

    try (Connection c =
            DriverManager.getConnection(
                "jdbc:h2:file:" + data.toAbsolutePath().resolve("portal"), "portal", "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT password_hash FROM portal_user")) {
      assertThat(r.next()).isTrue();
      String hash = r.getString(1);
      assertThat(hash).startsWith("pbkdf2-sha256$210000$").doesNotContain(PASSWORD);
      assertThat(r.next()).isFalse();
    }
  }

  // ---- sign out, expiry, restart
  // -----------------------------------------------------------------

  @Test
  void signOut_endsTheSessionAndGivesANewOne() throws Exception {
    client.signUp("ivan", PASSWORD);
    client.follow(client.signIn("ivan", PASSWORD));
    String signedInId = client.sessionId();

    HttpResponse<String> out = client.post("/sign-out", Map.of("csrf", client.csrf()));

    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(client.sessionId()).isNotEqualTo(signedInId);
    HttpResponse<String> home = client.follow(out);
    assertThat(home.body()).contains("You are signed out.").contains(">Sign in</a>");
    client.setSessionId(signedInId);
    assertThat(client.get("/account").statusCode()).isEqualTo(303);
  }

  @Test
  void session_idleForThirtyMinutes_expires() throws Exception {
    client.signUp("judy", PASSWORD);
    client.follow(client.signIn("judy", PASSWORD));
    clock.advance(Duration.ofMinutes(29));
    assertThat(client.get("/account").statusCode()).isEqualTo(200);

    clock.advance(Duration.ofMinutes(30));

    assertThat(client.get("/account").headers().firstValue("Location")).contains("/sign-in");
  }

  @Test
  void restart_withTheSameDataFolder_keepsUsers() throws Exception {
    client.signUp("mallory", PASSWORD);
    portal.stop();

    portal = new PhotoPortal(clock);
    portal.start(data, 0);
    client = new PortalClient(portal.uri());

    assertThat(client.signIn("mallory", PASSWORD).headers().firstValue("Location"))
        .contains("/account");
  }

  // ---- password change, sign out everywhere ----------------------------------------------

  private PortalClient signedInClient(String username) throws Exception {
    PortalClient c = new PortalClient(portal.uri());
    assertThat(c.signIn(username, PASSWORD).headers().firstValue("Location")).contains("/account");
    return c;
  }

  private HttpResponse<String> changePassword(String current, String fresh, String confirm)
      throws Exception {
    return client.submit(
        "/account/password",
        Map.of("password", current, "new_password", fresh, "new_password_confirm", confirm));
  }

  @Test
  void changePassword_endsTheOtherSessions_renewsThisOne_andOnlyTheNewPasswordWorks()
      throws Exception {
    client.signUp("ivy", PASSWORD);
    client.follow(client.signIn("ivy", PASSWORD));
    PortalClient other = signedInClient("ivy");
    client.signUp("bystander", PASSWORD);
    PortalClient bystander = signedInClient("bystander");
    client.follow(client.signIn("ivy", PASSWORD));
    assertThat(client.get("/account").body())
        .contains("<a href=\"/account/password\">Change password</a>");
    HttpResponse<String> page = client.get("/account/password");
    assertThat(page.body())
        .contains("<h1>Change password</h1>")
        .contains("name=\"password\" type=\"password\"")
        .contains("name=\"new_password\" type=\"password\"")
        .contains("name=\"new_password_confirm\" type=\"password\"")
        .contains("<button type=\"submit\">Change password</button>");
    String before = client.sessionId();
    String fresh = "a brand new pass phrase";

    HttpResponse<String> changed = changePassword(PASSWORD, fresh, fresh);

    assertThat(changed.headers().firstValue("Location")).contains("/account");
    assertThat(client.sessionId()).isNotEqualTo(before);
    assertThat(client.follow(changed).body())
        .contains("Your password is changed. You are signed out everywhere else.")
        .doesNotContain(fresh);
    assertThat(other.get("/account").headers().firstValue("Location")).contains("/sign-in");
    assertThat(bystander.get("/account").statusCode()).isEqualTo(200);
    PortalClient again = new PortalClient(portal.uri());
    assertThat(alert(again.follow(again.signIn("ivy", PASSWORD)).body()))
        .isEqualTo("Wrong username or password.");
    assertThat(again.signIn("ivy", fresh).headers().firstValue("Location")).contains("/account");
  }

  @Test
  void changePassword_wrongCurrentOrBadNewPassword_changesNothing() throws Exception {
    client.signUp("jack", PASSWORD);
    client.follow(client.signIn("jack", PASSWORD));
    PortalClient other = signedInClient("jack");

    HttpResponse<String> wrong = changePassword("not my password", "a brand new pass phrase", "");
    assertThat(alert(client.follow(wrong).body())).isEqualTo("Wrong password. Type it again.");
    HttpResponse<String> tooShort = changePassword(PASSWORD, "short", "");
    assertThat(alert(client.follow(tooShort).body()))
        .isEqualTo("Choose a new password of 8 to 128 characters.");
    HttpResponse<String> mismatch =
        changePassword(PASSWORD, "a brand new pass phrase", "another pass phrase");
    HttpResponse<String> mismatchPage = client.follow(mismatch);
    assertThat(alert(mismatchPage.body()))
        .isEqualTo("The two new passwords are not the same. Type them again.");
    assertThat(mismatchPage.body())
        .doesNotContain("a brand new pass phrase")
        .doesNotContain(PASSWORD);

    assertThat(other.get("/account").statusCode()).isEqualTo(200);
    assertThat(signedInClient("jack").get("/account").statusCode()).isEqualTo(200);
  }

  @Test
  void changePassword_isThrottledLikeSignIn() throws Exception {
    client.signUp("kate", PASSWORD);
    client.follow(client.signIn("kate", PASSWORD));
    for (int i = 1; i <= 5; i++) {
      HttpResponse<String> wrong = changePassword("wrong password " + i, "a brand new pass", "");
      assertThat(alert(client.follow(wrong).body()))
          .as("attempt %d", i)
          .isEqualTo("Wrong password. Type it again.");
    }

    HttpResponse<String> throttled = changePassword(PASSWORD, "a brand new pass", "");

    assertThat(alert(client.follow(throttled).body()))
        .isEqualTo("Too many attempts: try again in 5 seconds.");
    clock.advance(Duration.ofSeconds(5));
    assertThat(changePassword(PASSWORD, "a brand new pass", "").headers().firstValue("Location"))
        .contains("/account");
  }

  @Test
  void changePassword_needsASignedInUser() throws Exception {
    assertThat(client.get("/account/password").headers().firstValue("Location"))
        .contains("/sign-in");
  }

  @Test
  void signOutEverywhere_endsEverySessionOfTheUser_thisOneIncluded() throws Exception {
    client.signUp("liam", PASSWORD);
    PortalClient other = signedInClient("liam");
    client.signUp("bystander", PASSWORD);
    PortalClient bystander = signedInClient("bystander");
    client.follow(client.signIn("liam", PASSWORD));
    String before = client.sessionId();
    assertThat(client.get("/account").body())
        .contains("<button type=\"submit\" class=\"secondary\">Sign out everywhere</button>");

    HttpResponse<String> out = client.post("/sign-out-everywhere", Map.of("csrf", client.csrf()));

    assertThat(out.headers().firstValue("Location")).contains("/");
    assertThat(client.follow(out).body())
        .contains("You are signed out everywhere, on this device too.")
        .contains(">Sign in</a>");
    assertThat(client.get("/account").headers().firstValue("Location")).contains("/sign-in");
    assertThat(other.get("/account").headers().firstValue("Location")).contains("/sign-in");
    client.setSessionId(before);
    assertThat(client.get("/account").headers().firstValue("Location")).contains("/sign-in");
    assertThat(bystander.get("/account").statusCode()).isEqualTo(200);
  }

  /** Runs SQL on the portal's database while it runs, as another node on it would. */
  private void sql(String statement) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:h2:file:" + data.toAbsolutePath().resolve("portal"), "portal", "");
        Statement s = c.createStatement()) {
      s.executeUpdate(statement);
    }
  }

  @Test
  void session_endedByAChangeOnAnotherNode_isRefusedAtItsNextRequest() throws Exception {
    client.signUp("nina", PASSWORD);
    client.follow(client.signIn("nina", PASSWORD));
    PortalClient poster = signedInClient("nina");
    poster.get("/account/password");
    client.signUp("bystander", PASSWORD);
    PortalClient bystander = signedInClient("bystander");
    client.follow(client.signIn("nina", PASSWORD));
    assertThat(client.get("/account").statusCode()).isEqualTo(200);
    String before = client.sessionId();

    // What a credential change on another node does here: the epoch goes up in the database, and
    // this node's memory is not told (its endSessionsOf does not run).
    sql("UPDATE portal_user SET session_epoch = session_epoch + 1 WHERE username = 'nina'");

    HttpResponse<String> refused = client.get("/account");
    assertThat(refused.statusCode()).isEqualTo(303);
    assertThat(refused.headers().firstValue("Location")).contains("/sign-in");
    assertThat(client.sessionId()).as("a new anonymous session").isNotEqualTo(before);
    HttpResponse<String> signInPage = client.follow(refused);
    assertThat(signInPage.statusCode()).isEqualTo(200);
    assertSecurityHeaders(signInPage);
    assertThat(signInPage.body())
        .contains("You were signed out. Sign in again.")
        .contains("<button type=\"submit\">Sign in</button>")
        .doesNotContain("Exception");
    client.setSessionId(before);
    assertThat(client.get("/account").headers().firstValue("Location")).contains("/sign-in");
    // A form of a refused session is not acted upon: the password stays.
    String fresh = "a brand new pass phrase";
    HttpResponse<String> post =
        poster.post(
            "/account/password",
            Map.of(
                "csrf", poster.csrf(),
                "password", PASSWORD,
                "new_password", fresh,
                "new_password_confirm", fresh));
    assertThat(post.statusCode()).isEqualTo(303);
    assertThat(post.headers().firstValue("Location")).contains("/sign-in");
    assertThat(bystander.get("/account").statusCode()).as("another user").isEqualTo(200);
    PortalClient again = signedInClient("nina");
    assertThat(again.get("/account").statusCode()).as("a new sign-in").isEqualTo(200);
  }

  @Test
  void signOutEverywhere_andPasswordChange_raiseTheEpochThatEveryNodeChecks() throws Exception {
    client.signUp("otto", PASSWORD);
    client.follow(client.signIn("otto", PASSWORD));
    assertThat(epochOf("otto")).isZero();
    String fresh = "a brand new pass phrase";

    client.submit(
        "/account/password",
        Map.of("password", PASSWORD, "new_password", fresh, "new_password_confirm", fresh));
    assertThat(epochOf("otto")).isEqualTo(1);
    assertThat(client.get("/account").statusCode()).as("this session took it").isEqualTo(200);
    client.post("/sign-out-everywhere", Map.of("csrf", client.csrf()));

    assertThat(epochOf("otto")).isEqualTo(2);
  }

  private long epochOf(String username) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:h2:file:" + data.toAbsolutePath().resolve("portal"), "portal", "");
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT session_epoch FROM portal_user WHERE username = '" + username + "'")) {
      assertThat(r.next()).isTrue();
      return r.getLong(1);
    }
  }

  @Test
  void start_onAUserTableWithoutTheEpochColumn_addsIt_andItsUsersSignIn() throws Exception {
    portal.stop();
    Path old = data.resolve("old");
    Files.createDirectory(
        old, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    // portal_user as the first shared-database version made it.
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:h2:file:" + old.toAbsolutePath().resolve("portal"), "portal", "");
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE portal_user (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
              + " username VARCHAR(64) NOT NULL, username_key VARCHAR(64) NOT NULL UNIQUE,"
              + " password_hash VARCHAR(256) NOT NULL,"
              + " created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      s.execute(
          "INSERT INTO portal_user (username, username_key, password_hash, created_at) VALUES"
              + " ('Pia', 'pia', '"
              + new PasswordHasher(new SecureRandom()).hash(PASSWORD)
              + "', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00Z')");
    }

    portal = new PhotoPortal(clock);
    portal.start(old, 0);
    client = new PortalClient(portal.uri());
    PortalClient other = signedInClient("pia");

    client.follow(client.signIn("pia", PASSWORD));
    assertThat(client.get("/account").statusCode()).isEqualTo(200);
    assertThat(client.post("/sign-out-everywhere", Map.of("csrf", client.csrf())).statusCode())
        .isEqualTo(303);
    assertThat(other.get("/account").headers().firstValue("Location")).contains("/sign-in");
  }

  // ---- CSRF and malformed requests
  // ---------------------------------------------------------------

  @Test
  void post_withoutCsrfToken_is403() throws Exception {
    client.get("/sign-in");

    HttpResponse<String> response =
        client.post("/sign-in", Map.of("username", "x", "password", PASSWORD));

    assertThat(response.statusCode()).isEqualTo(403);
    assertSecurityHeaders(response);
    assertThat(alert(response.body())).startsWith("This form has expired");
  }

  @Test
  void post_withWrongCsrfToken_is403() throws Exception {
    client.get("/sign-in");
    String wrong = "A".repeat(43);

    HttpResponse<String> response =
        client.post("/sign-in", Map.of("username", "x", "password", PASSWORD, "csrf", wrong));

    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void post_withAnotherSessionsToken_is403() throws Exception {
    PortalClient other = new PortalClient(portal.uri());
    other.get("/sign-in");
    client.get("/sign-in");

    HttpResponse<String> response =
        client.post(
            "/sign-in", Map.of("username", "x", "password", PASSWORD, "csrf", other.csrf()));

    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void post_withoutSessionCookie_is403() throws Exception {
    client.get("/sign-in");
    String token = client.csrf();
    client.setSessionId(null);

    HttpResponse<String> response =
        client.post("/sign-in", Map.of("username", "x", "password", PASSWORD, "csrf", token));

    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void post_tooLarge_is413() throws Exception {
    client.get("/sign-in");

    HttpResponse<String> response =
        client.post(
            "/sign-in",
            Map.of("username", "x".repeat(PortalHandler.MAX_BODY_BYTES), "csrf", client.csrf()));

    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void post_notAForm_is415() throws Exception {
    client.get("/sign-in");

    HttpResponse<String> response =
        client.postRaw("/sign-in", "{\"username\":\"x\"}", "application/json");

    assertThat(response.statusCode()).isEqualTo(415);
  }

  @Test
  void post_malformedOrRepeatedFields_is400() throws Exception {
    client.get("/sign-in");
    String csrf = client.csrf();

    assertThat(
            client
                .postRaw(
                    "/sign-in",
                    "csrf=" + csrf + "&username=%zz",
                    "application/x-www-form-urlencoded")
                .statusCode())
        .isEqualTo(400);
    assertThat(
            client
                .postRaw(
                    "/sign-in",
                    "csrf=" + csrf + "&username=a&username=b",
                    "application/x-www-form-urlencoded")
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void failure_showsPlainPageWithoutStackTrace() throws Exception {
    client.signUp("oscar", PASSWORD);
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:h2:file:" + data.toAbsolutePath().resolve("portal"), "portal", "");
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE portal_user SET password_hash = 'garbage'");
    }

    HttpResponse<String> response = client.signIn("oscar", PASSWORD);

    assertThat(response.statusCode()).isEqualTo(500);
    assertSecurityHeaders(response);
    assertThat(alert(response.body())).isEqualTo("The portal could not answer. Try again.");
    assertThat(response.body())
        .doesNotContain("Exception")
        .doesNotContain("at io.github")
        .doesNotContain("garbage");
  }

  private String rawRequest(String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), portal.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[64];
      int n = in.readNBytes(buffer, 0, buffer.length);
      return new String(buffer, 0, n, StandardCharsets.US_ASCII);
    }
  }
}
