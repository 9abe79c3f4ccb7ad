package io.github.otpkit.totp.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.enrollment.EncryptionKey;
import io.github.otpkit.totp.enrollment.Enrollment;
import io.github.otpkit.totp.enrollment.EnrollmentSnapshot;
import io.github.otpkit.totp.enrollment.PendingCredential;
import io.github.otpkit.totp.enrollment.RecoveryCodeHasher;
import io.github.otpkit.totp.enrollment.RecoveryCodes;
import io.github.otpkit.totp.enrollment.SecretCipher;
import io.github.otpkit.totp.enrollment.TwoFactorResult;
import io.github.otpkit.totp.enrollment.TwoFactorService;
import io.github.otpkit.totp.verify.AccountState;
import io.github.otpkit.totp.verify.FakeClock;
import io.github.otpkit.totp.verify.StateStoreException;
import io.github.otpkit.totp.verify.VerificationResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real outage: the stores reach the database through a {@link TcpProxy} that drops every
 * connection and refuses new ones, while a second, direct path checks what the database holds.
 * Calls fail closed with {@link StateStoreException}; once the database is reachable again nothing
 * is lost or half-written, even when a transaction was cut in the middle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcOutageContract {
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  private final SecretCipher cipher = SecretCipher.create(EncryptionKey.generate("k1"));
  private final RecoveryCodeHasher hasher = RecoveryCodeHasher.create();
  private String prefix = "";
  private TcpProxy proxy;
  private TinyPool pool;
  private FaultInjectingDataSource faulty;
  private JdbcEnrollmentStore viaProxy;
  private DataSource directSource;
  private JdbcEnrollmentStore direct;
  private boolean connected;

  /** Starts the database if needed and returns its host. */
  protected abstract String host() throws Exception;

  /** The database's port. */
  protected abstract int port() throws Exception;

  /** A data source on the database reached at 127.0.0.1:{@code port}. */
  protected abstract DataSource dataSourceAt(int port);

  /** The SQLStates that a lost or refused connection may report, as a regular expression. */
  protected abstract String connectionLostStates();

  protected abstract String prefixBase();

  /** Stops what {@link #host()} started; after the tables are dropped. */
  protected void stopDatabase() {}

  @BeforeAll
  void connect() throws Exception {
    prefix = TestDatabases.uniquePrefix(prefixBase());
    proxy = new TcpProxy(host(), port());
    pool = new TinyPool(dataSourceAt(proxy.port()), 4);
    faulty = new FaultInjectingDataSource(pool);
    directSource = new TinyPool(dataSourceAt(port()), 4);
    JdbcSchema.createIfAbsent(directSource, prefix);
    direct = JdbcEnrollmentStore.create(directSource, prefix);
    viaProxy = JdbcEnrollmentStore.create(faulty, prefix);
    connected = true;
  }

  @AfterAll
  void disconnect() throws Exception {
    if (!connected) {
      return; // skipped before connecting
    }
    try {
      TestDatabases.dropTables(directSource, prefix);
    } finally {
      proxy.close();
      pool.close();
      ((TinyPool) directSource).close();
      stopDatabase();
    }
  }

  private record Scenario(
      String account, PendingCredential pending, EnrollmentSnapshot before, AccountState state) {}

  /** An enrolled account with some state and a pending replacement, written directly. */
  private Scenario scenario() {
    String a = "user-" + UUID.randomUUID();
    OtpSecret secret = OtpSecret.generate();
    PendingCredential first =
        PendingCredential.create(
            cipher.encrypt(a, secret), TotpParameters.DEFAULT, NOW, NOW.plusSeconds(600));
    direct.savePending(a, first);
    direct.confirmPending(a, first.enrollmentId(), NOW, 100, 0, hasher.generate().hashes());
    direct.accountStates().tryChargeAttempt(a, 0, null, NOW);
    PendingCredential second =
        PendingCredential.create(
            cipher.encrypt(a, OtpSecret.generate()),
            TotpParameters.DEFAULT,
            NOW,
            NOW.plusSeconds(600));
    direct.savePending(a, second);
    return new Scenario(a, second, direct.load(a), direct.accountStates().load(a));
  }

  private void assertUnchanged(Scenario s) {
    assertThat(direct.load(s.account())).isEqualTo(s.before());
    assertThat(direct.accountStates().load(s.account())).isEqualTo(s.state());
  }

  private void assertFailsClosed(String operation, Runnable call) {
    assertThatThrownBy(call::run)
        .as(operation)
        .isInstanceOf(StateStoreException.class)
        .hasMessageMatching(
            "database operation " + operation + " failed \\(SQLState (" + connectionLostStates() + ")\\)");
  }

  @Test
  void databaseDown_duringVerification_failsClosed_thenNothingLost() throws Exception {
    Scenario s = scenario();
    String a = s.account();
    String codeId = s.before().recoveryCodes().get(0).id();
    // Warm the pool so that connections are open when the database goes away.
    assertThat(viaProxy.accountStates().load(a)).isEqualTo(s.state());

    proxy.cut();
    try {
      assertFailsClosed("tryMarkUsed", () -> viaProxy.accountStates().tryMarkUsed(a, 101, 0));
      assertFailsClosed(
          "tryChargeAttempt", () -> viaProxy.accountStates().tryChargeAttempt(a, 1, NOW, NOW));
      assertFailsClosed("load", () -> viaProxy.accountStates().load(a));
      assertFailsClosed("findActive", () -> viaProxy.findActive(a));
      assertFailsClosed("consumeRecoveryCode", () -> viaProxy.consumeRecoveryCode(a, codeId, NOW));
      assertFailsClosed(
          "confirmPending",
          () -> viaProxy.confirmPending(a, s.pending().enrollmentId(), NOW, 200, 0, null));
      assertFailsClosed("disable", () -> viaProxy.disable(a));
      assertUnchanged(s);
    } finally {
      proxy.restore();
    }

    assertUnchanged(s);
    assertThat(viaProxy.accountStates().tryMarkUsed(a, 101, 0)).isTrue();
    assertThat(viaProxy.accountStates().tryMarkUsed(a, 101, 0)).isFalse();
    assertThat(viaProxy.consumeRecoveryCode(a, codeId, NOW)).isTrue();
    assertThat(viaProxy.consumeRecoveryCode(a, codeId, NOW)).isFalse();
  }

  @Test
  void databaseDown_duringSignInThroughTheService_failsClosed_thenSignInWorks() throws Exception {
    FakeClock clock = new FakeClock(NOW.truncatedTo(ChronoUnit.SECONDS));
    TwoFactorService service =
        TwoFactorService.builder(viaProxy, cipher).issuer("Photo Portal").clock(clock).build();
    String a = "user-" + UUID.randomUUID();
    Enrollment enrollment = service.startEnrollment(a, "outage@example.com");
    TotpGenerator app =
        TotpGenerator.create(enrollment.uri().secret(), enrollment.uri().totpParameters())
            .withClock(clock);
    TwoFactorResult activated = service.confirmEnrollment(a, app.generate());
    assertThat(activated.isSuccess()).as(activated.message()).isTrue();
    String recovery =
        ((TwoFactorResult.Success) activated).newRecoveryCodes().orElseThrow().revealCodes().get(0);
    clock.advance(Duration.ofSeconds(30));
    String code = app.generate();
    EnrollmentSnapshot before = direct.load(a);
    AccountState stateBefore = direct.accountStates().load(a);

    proxy.cut();
    try {
      assertThatThrownBy(() -> service.verify(a, code)).isInstanceOf(StateStoreException.class);
      assertThatThrownBy(() -> service.useRecoveryCode(a, recovery))
          .isInstanceOf(StateStoreException.class);
      assertThatThrownBy(() -> service.disable(a, code)).isInstanceOf(StateStoreException.class);
    } finally {
      proxy.restore();
    }

    assertThat(direct.load(a)).isEqualTo(before);
    assertThat(direct.accountStates().load(a)).isEqualTo(stateBefore);
    assertThat(service.verify(a, code).isAccepted()).isTrue();
    assertThat(service.verify(a, code).kind()).isEqualTo(VerificationResult.Kind.ALREADY_USED);
    assertThat(service.useRecoveryCode(a, recovery).isSuccess()).isTrue();
  }

  @Test
  void connectionCutAtEveryStatementOfConfirm_leavesOldState() throws Exception {
    // UPDATE enrollment, MERGE state, DELETE codes, INSERT batch, COMMIT
    for (int k = 1; k <= 5; k++) {
      Scenario s = scenario();
      RecoveryCodes codes = hasher.generate();
      faulty.runBefore(k, proxy::cut);
      try {
        assertFailsClosed(
            "confirmPending",
            () ->
                viaProxy.confirmPending(
                    s.account(), s.pending().enrollmentId(), NOW, 300, 0, codes.hashes()));
      } finally {
        faulty.count();
        proxy.restore();
      }
      assertUnchanged(s);
      assertThat(
              viaProxy.confirmPending(
                  s.account(), s.pending().enrollmentId(), NOW, 300, 0, codes.hashes()))
          .as("confirm after recovery, cut was at statement %d", k)
          .isTrue();
      assertThat(direct.recoveryCodes(s.account())).isEqualTo(codes.hashes());
      assertThat(direct.accountStates().load(s.account()).lastUsedStep()).isEqualTo(300);
    }
  }

  @Test
  void connectionCutAtEveryStatementOfDisable_leavesOldState() throws Exception {
    // SELECT FOR UPDATE, three DELETEs, COMMIT
    for (int k = 1; k <= 5; k++) {
      Scenario s = scenario();
      faulty.runBefore(k, proxy::cut);
      try {
        assertFailsClosed("disable", () -> viaProxy.disable(s.account()));
      } finally {
        faulty.count();
        proxy.restore();
      }
      assertUnchanged(s);
      assertThat(viaProxy.disable(s.account())).isTrue();
      assertThat(direct.load(s.account())).isEqualTo(EnrollmentSnapshot.empty(s.account()));
      assertThat(direct.recoveryCodes(s.account())).isEqualTo(List.of());
    }
  }
}
