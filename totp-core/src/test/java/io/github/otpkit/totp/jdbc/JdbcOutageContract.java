package io.github.otpkit.totp.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.auth.FakeClock;
import io.github.otpkit.totp.auth.TwoFactorService;
import io.github.otpkit.totp.auth.VerificationResult;
import io.github.otpkit.totp.crypto.EncryptionKey;
import io.github.otpkit.totp.crypto.SecretCipher;
import io.github.otpkit.totp.store.AccountState;
import io.github.otpkit.totp.store.EnrollmentSnapshot;
import io.github.otpkit.totp.store.PendingCredential;
import io.github.otpkit.totp.store.RecoveryCodeHash;
import io.github.otpkit.totp.store.StateStoreException;
import io.github.otpkit.totp.store.StateUpdate;
import io.github.otpkit.totp.store.StoreContract;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
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
  private String prefix = "";
  private TcpProxy proxy;
  private TinyPool pool;
  private FaultInjectingDataSource faulty;
  private JdbcStore viaProxy;
  private DataSource directSource;
  private JdbcStore direct;
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
    direct = JdbcStore.create(directSource, prefix);
    viaProxy = JdbcStore.create(faulty, prefix);
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

  private record Scenario(String account, PendingCredential pending, EnrollmentSnapshot before) {
    AccountState state() {
      return before.state();
    }

    String codeId() {
      return before.recoveryCodes().get(0).id();
    }

    StateUpdate code(long step) {
      return new StateUpdate(state(), state().accepted(step, 0), null, NOW);
    }
  }

  /** An enrolled account with some state and a pending replacement, written directly. */
  private Scenario scenario() {
    String a = "user-" + UUID.randomUUID();
    OtpSecret secret = OtpSecret.generate();
    PendingCredential first =
        PendingCredential.create(
            cipher.encrypt(a, secret), TotpParameters.DEFAULT, NOW, NOW.plusSeconds(600), false);
    direct.savePending(a, first);
    AccountState initial = AccountState.initial(a);
    assertThat(
            direct.confirmPending(
                first.enrollmentId(),
                NOW,
                new StateUpdate(initial, initial.accepted(100, 0), null, NOW),
                StoreContract.codes(10)))
        .isTrue();
    AccountState enabled = direct.loadState(a);
    assertThat(direct.updateState(enabled, enabled.charged(NOW))).isTrue();
    PendingCredential second =
        PendingCredential.create(
            cipher.encrypt(a, OtpSecret.generate()),
            TotpParameters.DEFAULT,
            NOW,
            NOW.plusSeconds(600),
            true);
    direct.savePending(a, second);
    return new Scenario(a, second, direct.loadWithRecoveryCodes(a));
  }

  private void assertUnchanged(Scenario s) {
    assertThat(direct.loadWithRecoveryCodes(s.account())).isEqualTo(s.before());
  }

  private void assertFailsClosed(String operation, Callable<?> call) {
    assertThatThrownBy(call::call)
        .as(operation)
        .isInstanceOf(StateStoreException.class)
        .hasMessageMatching(
            "database operation "
                + operation
                + " failed \\(SQLState ("
                + connectionLostStates()
                + ")\\)");
  }

  @Test
  void databaseDown_duringVerification_failsClosed_thenNothingLost() throws Exception {
    Scenario s = scenario();
    String a = s.account();
    // Warm the pool so that connections are open when the database goes away.
    assertThat(viaProxy.loadState(a)).isEqualTo(s.state());

    proxy.cut();
    try {
      assertFailsClosed(
          "updateState", () -> viaProxy.updateState(s.state(), s.state().accepted(101, 0)));
      assertFailsClosed("loadState", () -> viaProxy.loadState(a));
      assertFailsClosed("load", () -> viaProxy.load(a));
      assertFailsClosed(
          "spendRecoveryCode",
          () -> viaProxy.spendRecoveryCode(new StateUpdate(s.state(), s.state(), s.codeId(), NOW)));
      assertFailsClosed(
          "confirmPending",
          () -> viaProxy.confirmPending(s.pending().enrollmentId(), NOW, s.code(200), null));
      assertFailsClosed("disable", () -> viaProxy.disable(s.code(101)));
      assertUnchanged(s);
    } finally {
      proxy.restore();
    }

    assertUnchanged(s);
    assertThat(viaProxy.updateState(s.state(), s.state().accepted(101, 0))).isTrue();
    assertThat(viaProxy.updateState(s.state(), s.state().accepted(101, 0))).isFalse();
    AccountState now = direct.loadState(a);
    assertThat(viaProxy.spendRecoveryCode(new StateUpdate(now, now, s.codeId(), NOW))).isTrue();
    assertThat(viaProxy.spendRecoveryCode(new StateUpdate(now, now, s.codeId(), NOW))).isFalse();
  }

  @Test
  void databaseDown_duringSignInThroughTheService_failsClosed_thenSignInWorks() throws Exception {
    FakeClock clock = new FakeClock(NOW.truncatedTo(ChronoUnit.SECONDS));
    TwoFactorService service =
        TwoFactorService.builder(viaProxy, cipher).issuer("Photo Portal").clock(clock).build();
    String a = "user-" + UUID.randomUUID();
    OtpAuthUri uri = service.startEnrollment(a, "outage@example.com").orElseThrow().uri();
    TotpGenerator app = TotpGenerator.create(uri.secret(), uri.totpParameters()).withClock(clock);
    VerificationResult activated = service.confirmEnrollment(a, app.generate());
    assertThat(activated.isAccepted()).as(activated.message()).isTrue();
    String recovery =
        ((VerificationResult.Accepted) activated)
            .newRecoveryCodes()
            .orElseThrow()
            .revealCodes()
            .get(0);
    clock.advance(Duration.ofSeconds(30));
    String code = app.generate();
    EnrollmentSnapshot before = direct.loadWithRecoveryCodes(a);

    proxy.cut();
    try {
      assertThatThrownBy(() -> service.verify(a, code)).isInstanceOf(StateStoreException.class);
      assertThatThrownBy(() -> service.useRecoveryCode(a, recovery))
          .isInstanceOf(StateStoreException.class);
      assertThatThrownBy(() -> service.disable(a, code)).isInstanceOf(StateStoreException.class);
      assertThatThrownBy(() -> service.status(a)).isInstanceOf(StateStoreException.class);
    } finally {
      proxy.restore();
    }

    assertThat(direct.loadWithRecoveryCodes(a)).isEqualTo(before);
    assertThat(service.verify(a, code).isAccepted()).isTrue();
    assertThat(service.verify(a, code).kind()).isEqualTo(VerificationResult.Kind.ALREADY_USED);
    assertThat(service.useRecoveryCode(a, recovery).isAccepted()).isTrue();
  }

  /**
   * A database that stops answering mid-call (the proxy stalls: connections stay open, nothing is
   * forwarded): a sign-in through the service fails closed within the store's timeout instead of
   * hanging. The pool hands out its idle connection without checking it, as a pool does with a
   * connection used a moment ago; the bound of 20 seconds is far above the 1 + 2 seconds of the
   * query and network timeouts, and far below the driver's 60-second socket timeout.
   */
  protected void stalledDatabase_signInFailsClosedWithinTheTimeout() throws Exception {
    try (TinyPool unchecked = new TinyPool(dataSourceAt(proxy.port()), 2, false)) {
      JdbcStore timed =
          JdbcStore.builder(unchecked)
              .tablePrefix(prefix)
              .queryTimeout(Duration.ofSeconds(1))
              .build();
      FakeClock clock = new FakeClock(NOW.truncatedTo(ChronoUnit.SECONDS));
      TwoFactorService service =
          TwoFactorService.builder(timed, cipher).issuer("Photo Portal").clock(clock).build();
      String a = "user-" + UUID.randomUUID();
      OtpAuthUri uri = service.startEnrollment(a, "stall@example.com").orElseThrow().uri();
      TotpGenerator app = TotpGenerator.create(uri.secret(), uri.totpParameters()).withClock(clock);
      assertThat(service.confirmEnrollment(a, app.generate()).isAccepted()).isTrue();
      clock.advance(Duration.ofSeconds(30));
      String code = app.generate();

      proxy.stall();
      try {
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () ->
                assertThatThrownBy(() -> service.verify(a, code))
                    .isInstanceOf(StateStoreException.class)
                    .hasMessageMatching("database operation load timed out \\(SQLState .*\\)"));
      } finally {
        proxy.cut();
        proxy.restore();
      }
      assertThat(service.verify(a, code).isAccepted()).as("after the stall").isTrue();
    }
  }

  @Test
  void connectionCutAtEveryStatementOfConfirm_leavesOldState() throws Exception {
    // UPDATE enrollment, UPDATE state, DELETE codes, INSERT batch, COMMIT
    for (int k = 1; k <= 5; k++) {
      Scenario s = scenario();
      List<RecoveryCodeHash> codes = StoreContract.codes(10);
      faulty.runBefore(k, proxy::cut);
      try {
        assertFailsClosed(
            "confirmPending",
            () -> viaProxy.confirmPending(s.pending().enrollmentId(), NOW, s.code(300), codes));
      } finally {
        faulty.count();
        proxy.restore();
      }
      assertUnchanged(s);
      assertThat(viaProxy.confirmPending(s.pending().enrollmentId(), NOW, s.code(300), codes))
          .as("confirm after recovery, cut was at statement %d", k)
          .isTrue();
      assertThat(direct.loadWithRecoveryCodes(s.account()).recoveryCodes()).isEqualTo(codes);
      assertThat(direct.loadState(s.account()).lastUsedStep()).isEqualTo(300);
    }
  }

  @Test
  void connectionCutAtEveryStatementOfDisable_leavesOldState() throws Exception {
    // DELETE state (compare-and-set), DELETE enrollment, DELETE codes, COMMIT
    for (int k = 1; k <= 4; k++) {
      Scenario s = scenario();
      faulty.runBefore(k, proxy::cut);
      try {
        assertFailsClosed("disable", () -> viaProxy.disable(s.code(101)));
      } finally {
        faulty.count();
        proxy.restore();
      }
      assertUnchanged(s);
      assertThat(viaProxy.disable(s.code(101))).isTrue();
      assertThat(direct.loadWithRecoveryCodes(s.account()))
          .isEqualTo(EnrollmentSnapshot.empty(s.account()));
    }
  }
}
