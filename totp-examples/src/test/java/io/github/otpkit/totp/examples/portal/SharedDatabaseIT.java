package io.github.otpkit.totp.examples.portal;

import static io.github.otpkit.totp.examples.portal.PhotoPortalTest.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.otpkit.totp.examples.TotpJar;
import io.github.otpkit.totp.test.VirtualAuthenticator;
import io.github.otpkit.totp.testsupport.Requirements;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Photo Portals on one database, as an operator runs them: two {@code java -jar totp.jar portal
 * --database URL} processes, started at the same moment (so that both create the tables at once),
 * with one key in {@code OTPKIT_TOTP_ENCRYPTION_KEY}. An account made and enrolled on one node
 * signs in on the other; a code used on one node is "already used" on the other; wrong codes and
 * wrong passwords (of a name without an account too) spread over both nodes share one count; a
 * change of the second factor and "Sign out everywhere" on one node end the user's sessions on the
 * other at their next request.
 *
 * <p>On PostgreSQL ({@code OTPKIT_TEST_POSTGRES_URL}) the portals work in a fresh schema ({@code
 * currentSchema=} in their URL) that the test drops at the end; on MariaDB ({@code
 * OTPKIT_TEST_MARIADB_URL}), whose test user may create no other database, in the test database's
 * default tables, dropped before and after (it starts with the {@code portal_user} of the first
 * version, which lacked {@code session_epoch}). Skipped without the variable on a developer's
 * machine, failed without it in CI. The portals read the system clock: the test never asserts a
 * duration, and it picks codes by time step, so it does not matter where in a step it runs.
 */
class SharedDatabaseIT {
  private static final String POSTGRES_URL = "OTPKIT_TEST_POSTGRES_URL";
  private static final String MARIADB_URL = "OTPKIT_TEST_MARIADB_URL";
  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern READY =
      Pattern.compile("Photo Portal running at (http://127\\.0\\.0\\.1:\\d+/)\\R");
  private static final Pattern QR =
      Pattern.compile("<img src=\"(data:image/png;base64,[^\"]*)\" alt=\"QR code\"");
  private static final List<String> TABLES =
      List.of("portal_user", "otpkit_recovery_code", "otpkit_enrollment", "otpkit_account_state");
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path work;
  private final List<Process> nodes = new ArrayList<>();
  private final String key = newKey();

  @AfterEach
  void stopNodes() throws InterruptedException {
    for (Process node : nodes) {
      node.destroy();
    }
    for (Process node : nodes) {
      if (!node.waitFor(30, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    }
  }

  // ---- the tests
  // ---------------------------------------------------------------------------------

  @Test
  void twoNodes_onPostgres_shareAccountsUsedCodesThrottlingAndSignOuts() throws Exception {
    String server = serverUrl(POSTGRES_URL, "PostgreSQL");
    String schema = "portal_it_" + HexFormat.of().formatHex(randomBytes(4));
    execute(server, "CREATE SCHEMA " + schema);
    try {
      String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;

      twoNodesShareEverythingButSessions(url);

      assertThat(tablesIn(server, schema)).containsAll(TABLES);
    } finally {
      execute(server, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Test
  void twoNodes_onMariaDb_shareAccountsUsedCodesThrottlingAndSignOuts() throws Exception {
    String url = serverUrl(MARIADB_URL, "MariaDB");
    dropTables(url);
    try {
      // portal_user as the first shared-database version made it, without session_epoch: both
      // nodes add the column at the same moment.
      execute(
          url,
          "CREATE TABLE portal_user (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
              + " username VARCHAR(64) NOT NULL, username_key VARCHAR(64) NOT NULL UNIQUE,"
              + " password_hash VARCHAR(256) NOT NULL, created_at DATETIME(6) NOT NULL)"
              + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");

      twoNodesShareEverythingButSessions(url);
    } finally {
      dropTables(url);
    }
  }

  private void twoNodesShareEverythingButSessions(String url) throws Exception {
    Process first = start("a", url);
    Process second = start("b", url);
    URI a = awaitReady(first, "a");
    URI b = awaitReady(second, "b");

    // An account made and enrolled on A; its password and its authenticator work on B.
    PortalClient aliceOnA = new PortalClient(a);
    aliceOnA.signUp("alice", PASSWORD);
    assertRedirect(aliceOnA.signIn("alice", PASSWORD), "/account");
    VirtualAuthenticator alicePhone = enable(aliceOnA);
    long activated = alicePhone.lastStep().orElseThrow();

    // The code of the step after the activation's (the window reaches one step ahead): A takes it,
    // and B, which shares the last used step, refuses it.
    String code = alicePhone.codeAtStep(activated + 1);
    PortalClient signInOnA = new PortalClient(a);
    assertRedirect(signInOnA.signIn("alice", PASSWORD), "/sign-in/code");
    assertRedirect(signInOnA.submit("/sign-in/code", Map.of("code", code)), "/account");

    PortalClient signInOnB = new PortalClient(b);
    assertRedirect(signInOnB.signIn("alice", PASSWORD), "/sign-in/code");
    HttpResponse<String> replay = signInOnB.submit("/sign-in/code", Map.of("code", code));
    assertRedirect(replay, "/sign-in/code");
    assertThat(alert(signInOnB.follow(replay).body())).contains("already used");
    // Sessions are per node: A's session is no session on B.
    PortalClient stolen = new PortalClient(b);
    stolen.setSessionId(signInOnA.sessionId());
    assertRedirect(stolen.get("/account"), "/sign-in");

    // Wrong codes: 3 on A and 2 on B are the 5 free failures; the 6th attempt, on B, waits.
    PortalClient bobOnB = new PortalClient(b);
    bobOnB.signUp("bob", PASSWORD);
    assertRedirect(bobOnB.signIn("bob", PASSWORD), "/account");
    VirtualAuthenticator bobPhone = enable(bobOnB);
    String wrong = wrongCode(bobPhone);
    PortalClient bobCodesOnA = new PortalClient(a);
    PortalClient bobCodesOnB = new PortalClient(b);
    assertRedirect(bobCodesOnA.signIn("bob", PASSWORD), "/sign-in/code");
    assertRedirect(bobCodesOnB.signIn("bob", PASSWORD), "/sign-in/code");
    for (int i = 1; i <= 5; i++) {
      PortalClient node = i <= 3 ? bobCodesOnA : bobCodesOnB;
      HttpResponse<String> refused = node.submit("/sign-in/code", Map.of("code", wrong));
      assertThat(alert(node.follow(refused).body()))
          .as("wrong code %d", i)
          .isEqualTo("This code is not correct. Check it and try again.");
    }
    HttpResponse<String> throttled = bobCodesOnB.submit("/sign-in/code", Map.of("code", wrong));
    assertThat(alert(bobCodesOnB.follow(throttled).body())).startsWith("Too many attempts");

    // Wrong passwords for a name without an account: the same shared count.
    PortalClient guessOnA = new PortalClient(a);
    PortalClient guessOnB = new PortalClient(b);
    for (int i = 1; i <= 5; i++) {
      PortalClient node = i <= 3 ? guessOnA : guessOnB;
      HttpResponse<String> refused = node.signIn("nobody", "wrong password " + i);
      assertThat(alert(node.follow(refused).body()))
          .as("wrong password %d", i)
          .isEqualTo("Wrong username or password.");
    }
    HttpResponse<String> guessThrottled = guessOnB.signIn("nobody", "wrong password 6");
    assertThat(alert(guessOnB.follow(guessThrottled).body())).startsWith("Too many attempts");

    // A change of the second factor on A ends the user's session on B at its next request; the
    // session the change was made in continues.
    PortalClient carolOnA = new PortalClient(a);
    carolOnA.signUp("carol", PASSWORD);
    assertRedirect(carolOnA.signIn("carol", PASSWORD), "/account");
    PortalClient carolOnB = new PortalClient(b);
    assertRedirect(carolOnB.signIn("carol", PASSWORD), "/account");
    assertThat(carolOnB.get("/account").statusCode()).as("carol on B before").isEqualTo(200);
    VirtualAuthenticator carolPhone = enable(carolOnA);
    HttpResponse<String> endedOnB = carolOnB.get("/account");
    assertRedirect(endedOnB, "/sign-in");
    assertThat(carolOnB.follow(endedOnB).body()).contains("You were signed out. Sign in again.");
    assertThat(carolOnA.get("/account").body()).contains("Two-factor authentication is on");

    // Sign out everywhere on A ends every session of the user on B too, the one waiting for the
    // second factor included, and A's own; another user's session on B stays.
    String next = carolPhone.codeAtStep(carolPhone.lastStep().orElseThrow() + 1);
    assertRedirect(carolOnB.signIn("carol", PASSWORD), "/sign-in/code");
    assertRedirect(carolOnB.submit("/sign-in/code", Map.of("code", next)), "/account");
    PortalClient carolPendingOnB = new PortalClient(b);
    assertRedirect(carolPendingOnB.signIn("carol", PASSWORD), "/sign-in/code");
    assertThat(carolOnB.get("/account").statusCode()).as("carol on B, again").isEqualTo(200);
    carolOnA.get("/account");
    assertRedirect(carolOnA.post("/sign-out-everywhere", Map.of("csrf", carolOnA.csrf())), "/");
    assertRedirect(carolOnB.get("/account"), "/sign-in");
    assertRedirect(carolPendingOnB.get("/sign-in/code"), "/sign-in");
    assertRedirect(carolOnA.get("/account"), "/sign-in");
    assertThat(bobOnB.get("/account").statusCode()).as("bob on B").isEqualTo(200);

    for (String node : List.of("a", "b")) {
      String log = Files.readString(work.resolve(node + ".err"), StandardCharsets.UTF_8);
      assertThat(log)
          .as("node %s's log", node)
          .contains("Photo Portal listening on 127.0.0.1:")
          .doesNotContain(key)
          .doesNotContain("Exception");
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** Turns 2FA on for the signed-in user; the phone has scanned the QR code and given a code. */
  private static VirtualAuthenticator enable(PortalClient client) throws Exception {
    assertRedirect(
        client.submit("/two-factor/enable", Map.of("password", PASSWORD)), "/two-factor/device");
    assertRedirect(
        client.submit("/two-factor/device", Map.of("device", "android")), "/two-factor/app");
    HttpResponse<String> scan = client.get("/two-factor/scan");
    Matcher qr = QR.matcher(scan.body());
    assertThat(qr.find()).as("the QR code on the scan page").isTrue();
    VirtualAuthenticator phone = VirtualAuthenticator.scanDataUri(qr.group(1));
    assertRedirect(
        client.submit("/two-factor/activate", Map.of("code", phone.currentCode())),
        "/two-factor/done");
    assertThat(client.get("/two-factor/done").body()).contains("recovery-code");
    return phone;
  }

  /** A code that matches no step near now, whatever step the portals are in meanwhile. */
  private static String wrongCode(VirtualAuthenticator phone) {
    long now = Instant.now().getEpochSecond() / 30;
    Set<String> near = new HashSet<>();
    for (long step = now - 2; step <= now + 4; step++) {
      near.add(phone.codeAtStep(step));
    }
    for (int candidate = 0; ; candidate += 111_111) {
      String code = String.format(Locale.ROOT, "%06d", candidate % 1_000_000);
      if (!near.contains(code)) {
        return code;
      }
    }
  }

  private static void assertRedirect(HttpResponse<String> response, String location) {
    assertThat(response.statusCode()).as("status").isEqualTo(303);
    assertThat(response.headers().firstValue("Location")).contains(location);
  }

  private Process start(String name, String url) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(TotpJar.command("portal", "--port", "0", "--database", url))
            .directory(work.toFile())
            .redirectOutput(work.resolve(name + ".out").toFile())
            .redirectError(work.resolve(name + ".err").toFile());
    builder.environment().put(SharedKey.VARIABLE, key);
    Process process = builder.start();
    nodes.add(process);
    return process;
  }

  /** Waits for the ready line (or the end of the process), polling the output file. */
  private URI awaitReady(Process process, String name) throws Exception {
    Path out = work.resolve(name + ".out");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    String text = "";
    while (System.nanoTime() < deadline) {
      text = Files.readString(out, StandardCharsets.UTF_8);
      if (text.contains("\n") || !process.isAlive()) {
        break;
      }
      Thread.sleep(50);
    }
    Matcher ready = READY.matcher(text);
    if (!ready.matches()) {
      fail(
          "node "
              + name
              + " did not start; standard output: "
              + text
              + "; standard error: "
              + Files.readString(work.resolve(name + ".err"), StandardCharsets.UTF_8));
    }
    return URI.create(ready.group(1));
  }

  /** The URL in a variable; skips the test without it, but fails it in CI. */
  static String serverUrl(String variable, String server) {
    return Requirements.env(variable, "a " + server + " database");
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void dropTables(String url) throws SQLException {
    for (String table : TABLES) {
      execute(url, "DROP TABLE IF EXISTS " + table);
    }
  }

  private static List<String> tablesIn(String url, String schema) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        ResultSet r = c.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
      while (r.next()) {
        tables.add(r.getString("TABLE_NAME"));
      }
    }
    return tables;
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static String newKey() {
    return Base64.getEncoder().encodeToString(randomBytes(32));
  }
}
