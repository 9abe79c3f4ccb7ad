package io.github.otpkit.totp.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.enrollment.EncryptedSecret;
import io.github.otpkit.totp.enrollment.EnrollmentSnapshot;
import io.github.otpkit.totp.enrollment.EnrollmentStore;
import io.github.otpkit.totp.enrollment.EnrollmentStoreContract;
import io.github.otpkit.totp.enrollment.KeyRotation;
import io.github.otpkit.totp.enrollment.PendingCredential;
import io.github.otpkit.totp.enrollment.RecoveryCodes;
import io.github.otpkit.totp.enrollment.SecretCipher;
import io.github.otpkit.totp.enrollment.SecretDecryptionException;
import io.github.otpkit.totp.verify.AccountState;
import io.github.otpkit.totp.verify.StateStoreException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JDBC-specific behaviour on top of the store contract: the schema, no secret in clear in any
 * column, tampering in the database, transactions cut at every statement, a database that is
 * down, and a restart.
 */
public abstract class JdbcEnrollmentStoreContract extends EnrollmentStoreContract {
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private String prefix = "";
  private DataSource node1;
  private JdbcEnrollmentStore store;
  private JdbcEnrollmentStore second;
  private FaultInjectingDataSource faulty;
  private JdbcEnrollmentStore faultyStore;
  private boolean connected;

  /** For subclasses. */
  protected JdbcEnrollmentStoreContract() {}

  /** A new, independent data source on the test database (a pool or a per-call opener). */
  protected abstract DataSource openDataSource() throws Exception;

  /** The start of this class's table prefix. */
  protected abstract String prefixBase();

  /** Closes the database between two uses, as a process restart does; nothing by default. */
  protected void shutDownDatabase() throws Exception {}

  /** Registers a resource to close after the class. */
  protected <T extends AutoCloseable> T closeAfterAll(T closeable) {
    closeables.add(closeable);
    return closeable;
  }

  @BeforeAll
  void createTables() throws Exception {
    prefix = TestDatabases.uniquePrefix(prefixBase());
    node1 = openDataSource();
    JdbcSchema.createIfAbsent(node1, prefix);
    store = JdbcEnrollmentStore.create(node1, prefix);
    second = JdbcEnrollmentStore.create(openDataSource(), prefix);
    faulty = new FaultInjectingDataSource(openDataSource());
    faultyStore = JdbcEnrollmentStore.create(faulty, prefix);
    connected = true;
  }

  @AfterAll
  void dropTables() throws Exception {
    if (!connected) {
      return; // skipped before the tables were created
    }
    try {
      TestDatabases.dropTables(node1, prefix);
    } finally {
      for (AutoCloseable c : closeables) {
        c.close();
      }
    }
  }

  @Override
  protected EnrollmentStore store() {
    return store;
  }

  @Override
  protected EnrollmentStore secondNode() {
    return second;
  }

  protected String prefix() {
    return prefix;
  }

  // ---------------------------------------------------------------- schema

  @Test
  void createIfAbsent_again_keepsTablesAndData() {
    String a = newAccount();
    store.accountStates().tryMarkUsed(a, 9, 0);
    JdbcSchema.createIfAbsent(node1, prefix);
    assertThat(store.accountStates().load(a).lastUsedStep()).isEqualTo(9);
  }

  @Test
  void missingTables_failWithOperationAndSqlStateOnly() {
    JdbcEnrollmentStore missing = JdbcEnrollmentStore.create(node1, "otpkit_missing_");
    String a = "alice-" + newAccount();
    assertThatThrownBy(() -> missing.accountStates().tryMarkUsed(a, 1, 0))
        .isInstanceOf(StateStoreException.class)
        .hasMessageMatching("database operation tryMarkUsed failed \\(SQLState 42[A-Z0-9]{3}\\)")
        .hasCauseInstanceOf(SQLException.class);
    assertThatThrownBy(() -> missing.load(a))
        .isInstanceOf(StateStoreException.class)
        .hasMessageMatching("database operation load failed \\(SQLState 42[A-Z0-9]{3}\\)");
  }

  // ---------------------------------------------------------------- secrets at rest

  @Test
  void noSecretOrRecoveryCodeInClear_inAnyColumnOrLogLine() throws Exception {
    List<String> logLines = new ArrayList<>();
    Logger otpkit = Logger.getLogger("io.github.otpkit");
    Level level = otpkit.getLevel();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logLines.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    otpkit.setLevel(Level.ALL);
    otpkit.addHandler(capture);
    Enrolled e;
    OtpSecret pendingSecret = OtpSecret.generate();
    try {
      e = enroll(newAccount());
      store.savePending(e.account(), pendingFor(e.account(), pendingSecret, NOW));
      store.consumeRecoveryCode(
          e.account(), e.codes().hashes().get(0).id(), NOW);
      KeyRotation.reencryptAll(store, cipher);
      JdbcSchema.createIfAbsent(node1, prefix);
    } finally {
      otpkit.removeHandler(capture);
      otpkit.setLevel(level);
    }

    List<byte[]> needles = new ArrayList<>();
    for (OtpSecret s : List.of(e.secret(), pendingSecret)) {
      needles.add(s.revealBytes());
      needles.add(s.revealBase32().getBytes(StandardCharsets.US_ASCII));
      needles.add(s.revealBase32().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
      needles.add(HexFormat.of().formatHex(s.revealBytes()).getBytes(StandardCharsets.US_ASCII));
    }
    for (String code : e.codes().revealCodes()) {
      needles.add(code.getBytes(StandardCharsets.US_ASCII));
      needles.add(code.replace("-", "").getBytes(StandardCharsets.US_ASCII));
    }

    int cells = 0;
    try (Connection c = node1.getConnection();
        Statement s = c.createStatement()) {
      for (String table : List.of("account_state", "enrollment", "recovery_code")) {
        try (ResultSet r = s.executeQuery("SELECT * FROM " + prefix + table)) {
          ResultSetMetaData meta = r.getMetaData();
          while (r.next()) {
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              Object value = r.getObject(i);
              if (value == null) {
                continue;
              }
              cells++;
              byte[] haystack =
                  value instanceof byte[] bytes
                      ? bytes
                      : String.valueOf(value).getBytes(StandardCharsets.UTF_8);
              for (byte[] needle : needles) {
                assertThat(indexOf(haystack, needle))
                    .as("secret material in %s.%s", table, meta.getColumnName(i))
                    .isEqualTo(-1);
              }
            }
          }
        }
      }
    }
    assertThat(cells).isGreaterThan(20);
    for (String line : logLines) {
      for (byte[] needle : needles) {
        assertThat(indexOf(line.getBytes(StandardCharsets.UTF_8), needle))
            .as("secret material in log line %s", line)
            .isEqualTo(-1);
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private byte[] readActiveSecretColumn(String account) throws SQLException {
    try (Connection c = node1.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT active_secret FROM " + prefix + "enrollment WHERE account_id = ?")) {
      s.setString(1, account);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).isTrue();
        return r.getBytes(1);
      }
    }
  }

  private void writeColumn(String account, String column, Object value) throws SQLException {
    try (Connection c = node1.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE " + prefix + "enrollment SET " + column + " = ? WHERE account_id = ?")) {
      s.setObject(1, value);
      s.setString(2, account);
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  void tamper_flippedBitInStoredCiphertext_refused() throws Exception {
    Enrolled e = enroll(newAccount());
    byte[] stored = readActiveSecretColumn(e.account());
    byte[] flipped = stored.clone();
    flipped[flipped.length - 20] ^= 0x08;
    writeColumn(e.account(), "active_secret", flipped);

    EncryptedSecret read = store.findActive(e.account()).orElseThrow().secret();
    assertThatThrownBy(() -> cipher.decrypt(e.account(), read))
        .isInstanceOf(SecretDecryptionException.class)
        .hasMessage(
            "encrypted secret failed authentication: it was modified, belongs to another account,"
                + " or was encrypted with another key under the same key id");
  }

  @Test
  void tamper_flippedVersionByte_refusedOnRead() throws Exception {
    Enrolled e = enroll(newAccount());
    byte[] flipped = readActiveSecretColumn(e.account());
    flipped[0] ^= 0x04;
    writeColumn(e.account(), "active_secret", flipped);

    assertThatThrownBy(() -> store.findActive(e.account()))
        .isInstanceOf(SecretDecryptionException.class)
        .hasMessage("encrypted secret has unsupported format version 5");
  }

  @Test
  void tamper_ciphertextMovedToAnotherAccount_refused() throws Exception {
    Enrolled victim = enroll(newAccount());
    Enrolled attacker = enroll(newAccount());
    writeColumn(attacker.account(), "active_secret", readActiveSecretColumn(victim.account()));

    EncryptedSecret moved = store.findActive(attacker.account()).orElseThrow().secret();
    assertThatThrownBy(() -> cipher.decrypt(attacker.account(), moved))
        .isInstanceOf(SecretDecryptionException.class)
        .hasMessageStartingWith("encrypted secret failed authentication");
    assertThat(cipher.decrypt(victim.account(), moved).sameKeyAs(victim.secret())).isTrue();
  }

  @Test
  void tamper_keyIdColumnChanged_refusedOnRead() throws Exception {
    Enrolled e = enroll(newAccount());
    writeColumn(e.account(), "active_key_id", "k2");
    assertThatThrownBy(() -> store.findActive(e.account()))
        .isInstanceOf(SecretDecryptionException.class)
        .hasMessage("encrypted secret does not match its stored key id");
  }

  // ---------------------------------------------------------------- failures

  /** A replacement in progress: old active, old codes, some state, and a pending credential. */
  private record Scenario(String account, PendingCredential pending, EnrollmentSnapshot before,
      AccountState stateBefore) {}

  private Scenario replacementInProgress() {
    Enrolled e = enroll(newAccount());
    String a = e.account();
    store.accountStates().tryMarkUsed(a, 150, 1);
    store.accountStates().tryChargeAttempt(a, 0, null, NOW);
    PendingCredential p = pendingFor(a, OtpSecret.generate(), NOW);
    store.savePending(a, p);
    return new Scenario(a, p, store.load(a), store.accountStates().load(a));
  }

  private void assertUnchanged(Scenario s) {
    assertThat(store.load(s.account())).isEqualTo(s.before());
    assertThat(store.accountStates().load(s.account())).isEqualTo(s.stateBefore());
  }

  /** Cuts an operation at every statement in turn; each time nothing must have changed. */
  private void cutAtEveryStatement(
      String operation, Function<Scenario, Object> call, int expectedStatements) {
    Scenario probe = replacementInProgress();
    faulty.count();
    assertThat(call.apply(probe)).as("%s succeeds without faults", operation).isEqualTo(true);
    int statements = faulty.operations();
    assertThat(statements).as("statements of %s", operation).isEqualTo(expectedStatements);
    for (int k = 1; k <= statements; k++) {
      Scenario s = replacementInProgress();
      faulty.failAt(k);
      assertThatThrownBy(() -> call.apply(s))
          .as("%s cut at statement %d", operation, k)
          .isInstanceOf(StateStoreException.class)
          .hasMessage("database operation " + operation + " failed (SQLState 08006)");
      faulty.count();
      assertUnchanged(s);
    }
  }

  @Test
  void confirmPending_cutAtEveryStatement_leavesOldState() {
    // UPDATE enrollment, MERGE state, DELETE codes, INSERT batch, COMMIT
    cutAtEveryStatement(
        "confirmPending",
        s ->
            faultyStore.confirmPending(
                s.account(), s.pending().enrollmentId(), NOW, 300, 0, hasher.generate().hashes()),
        5);
  }

  @Test
  void disable_cutAtEveryStatement_leavesOldState() {
    // SELECT FOR UPDATE, 3 DELETEs, COMMIT
    cutAtEveryStatement("disable", s -> faultyStore.disable(s.account()), 5);
  }

  @Test
  void replaceRecoveryCodes_cutAtEveryStatement_leavesOldState() {
    // SELECT FOR UPDATE, DELETE, INSERT batch, COMMIT
    cutAtEveryStatement(
        "replaceRecoveryCodes",
        s -> faultyStore.replaceRecoveryCodes(s.account(), hasher.generate().hashes()),
        4);
  }

  @Test
  void deletePending_cutAtEveryStatement_leavesOldState() {
    // UPDATE, DELETE empty row, COMMIT
    cutAtEveryStatement(
        "deletePending",
        s -> faultyStore.deletePending(s.account(), s.pending().enrollmentId()),
        3);
  }

  @Test
  void databaseDown_everyOperationFailsClosed_thenNothingLost() {
    Scenario s = replacementInProgress();
    String a = s.account();
    RecoveryCodes codes = hasher.generate();
    String codeId = s.before().recoveryCodes().get(0).id();
    faulty.down = true;
    try {
      List<Runnable> calls =
          List.of(
              () -> faultyStore.load(a),
              () -> faultyStore.findActive(a),
              () -> faultyStore.findPending(a),
              () -> faultyStore.recoveryCodes(a),
              () -> faultyStore.savePending(a, s.pending()),
              () -> faultyStore.confirmPending(a, s.pending().enrollmentId(), NOW, 300, 0, null),
              () -> faultyStore.deletePending(a, s.pending().enrollmentId()),
              () -> faultyStore.deleteExpiredPending(NOW),
              () -> faultyStore.replaceRecoveryCodes(a, codes.hashes()),
              () -> faultyStore.consumeRecoveryCode(a, codeId, NOW),
              () -> faultyStore.disable(a),
              () -> faultyStore.accountsWithSecretsNotUnder("k9", null, 10),
              () -> faultyStore.accountStates().load(a),
              () -> faultyStore.accountStates().tryChargeAttempt(a, 1, NOW, NOW),
              () -> faultyStore.accountStates().tryMarkUsed(a, 151, 0),
              () -> faultyStore.accountStates().resetFailures(a),
              () -> faultyStore.accountStates().reset(a, 1),
              () -> faultyStore.accountStates().delete(a));
      for (Runnable call : calls) {
        assertThatThrownBy(call::run)
            .isInstanceOf(StateStoreException.class)
            .hasMessageMatching("database operation [A-Za-z]+ failed \\(SQLState 08001\\)")
            .satisfies(t -> assertThat(t.getMessage()).doesNotContain(a));
      }
    } finally {
      faulty.down = false;
    }
    assertUnchanged(s);
    assertThat(faultyStore.accountStates().tryMarkUsed(a, 151, 0)).isTrue();
    assertThat(faultyStore.consumeRecoveryCode(a, codeId, NOW)).isTrue();
  }

  // ---------------------------------------------------------------- restart

  @Test
  void restart_stateWrittenThroughOnePoolReadIntactThroughAFreshOne() throws Exception {
    DataSource before = openDataSource();
    JdbcEnrollmentStore writer = JdbcEnrollmentStore.create(before, prefix);
    String a = newAccount();
    OtpSecret secret = OtpSecret.generate();
    PendingCredential p =
        PendingCredential.create(
            cipher.encrypt(a, secret), TotpParameters.DEFAULT, NOW, NOW.plusSeconds(600));
    writer.savePending(a, p);
    RecoveryCodes codes = hasher.generate();
    writer.confirmPending(a, p.enrollmentId(), NOW, 77, 1, codes.hashes());
    writer.accountStates().tryMarkUsed(a, 80, -1);
    writer.accountStates().tryChargeAttempt(a, 0, null, NOW.plusSeconds(3));
    writer.consumeRecoveryCode(a, codes.hashes().get(2).id(), NOW.plusSeconds(4));
    writer.savePending(a, pendingFor(a, OtpSecret.generate(), NOW.plusSeconds(5)));
    EnrollmentSnapshot snapshot = writer.load(a);
    AccountState state = writer.accountStates().load(a);
    if (before instanceof AutoCloseable closeable) {
      closeable.close();
    }

    shutDownDatabase();

    JdbcEnrollmentStore reader = JdbcEnrollmentStore.create(openDataSource(), prefix);
    assertThat(reader.load(a)).isEqualTo(snapshot);
    assertThat(reader.accountStates().load(a)).isEqualTo(state);
    assertThat(state).isEqualTo(new AccountState(a, 80, 1, NOW_MICROS.plusSeconds(3), -1));
    SecretCipher sameKey = cipher;
    assertThat(sameKey.decrypt(a, reader.findActive(a).orElseThrow().secret()).sameKeyAs(secret))
        .isTrue();
    assertThat(hasher.match(codes.revealCodes().get(2), reader.recoveryCodes(a)).orElseThrow().isUsed())
        .isTrue();
    assertThat(reader.accountStates().tryMarkUsed(a, 80, 0)).isFalse();
  }
}
