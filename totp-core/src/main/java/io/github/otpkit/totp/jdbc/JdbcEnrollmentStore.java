package io.github.otpkit.totp.jdbc;

import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.enrollment.ActiveCredential;
import io.github.otpkit.totp.enrollment.EncryptedSecret;
import io.github.otpkit.totp.enrollment.EnrollmentSnapshot;
import io.github.otpkit.totp.enrollment.EnrollmentStore;
import io.github.otpkit.totp.enrollment.PendingCredential;
import io.github.otpkit.totp.enrollment.RecoveryCodeHash;
import io.github.otpkit.totp.enrollment.SecretDecryptionException;
import io.github.otpkit.totp.internal.StoreChecks;
import io.github.otpkit.totp.verify.StateStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EnrollmentStore} on a database through plain JDBC, with its {@link
 * JdbcAccountStateStore} on the same database: what a portal running on several nodes points at
 * one database.
 *
 * <p>Tables (see {@link JdbcSchema}): {@code <prefix>enrollment} holds one row per account with the
 * active and the pending credential side by side, so that confirming is one conditional {@code
 * UPDATE} that copies the pending columns to the active ones; {@code <prefix>recovery_code} holds
 * one row per recovery code; {@code <prefix>account_state} is shared with {@link #accountStates()}.
 *
 * <h2>Statements and transactions</h2>
 *
 * <ul>
 *   <li>{@link #confirmPending}: one transaction: {@code UPDATE enrollment SET active_* =
 *       pending_*, pending_* = NULL ... WHERE account_id = ? AND pending_id = ? AND
 *       pending_expires_at > ?} (nothing else happens if it changes no row); a {@code MERGE} that
 *       sets the account state to the confirming step with no failures; and, when new codes are
 *       given, {@code DELETE} plus batch {@code INSERT} of the recovery codes;
 *   <li>{@link #consumeRecoveryCode}: {@code UPDATE recovery_code SET used_at = ? WHERE account_id =
 *       ? AND code_id = ? AND used_at IS NULL};
 *   <li>{@link #disable}: one transaction: {@code SELECT ... FOR UPDATE} of the enrollment row,
 *       then {@code DELETE} from all three tables;
 *   <li>{@link #replaceRecoveryCodes}: one transaction, which locks the enrollment row with an
 *       active credential ({@code SELECT ... FOR UPDATE}) before replacing the codes;
 *   <li>{@link #savePending}: one {@code MERGE} (an upsert);
 *   <li>{@link #deletePending}, {@link #deleteExpiredPending}: one transaction of an {@code UPDATE}
 *       and a {@code DELETE} of rows left empty;
 *   <li>{@link #replaceActiveSecret}, {@link #replacePendingSecret}: {@code UPDATE ... WHERE
 *       account_id = ? AND active_secret = ?} (compare-and-set on the old ciphertext).
 * </ul>
 *
 * <p>Transactions lock rows in one order (enrollment, account state, recovery codes), roll back on
 * any failure, and are retried (up to three attempts) after a deadlock, a serialization failure or
 * a concurrent insert of the same key. Every {@link SQLException} becomes a {@link
 * StateStoreException} whose message names the operation and the SQLState, never a value.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe, and safe across nodes: all coordination is in the database.
 */
public final class JdbcEnrollmentStore implements EnrollmentStore {
  private static final String PENDING_COLUMNS =
      "pending_id, pending_secret, pending_key_id, pending_algorithm, pending_digits,"
          + " pending_period_seconds, pending_t0, pending_created_at, pending_expires_at";
  private static final String CLEAR_PENDING =
      "pending_id = NULL, pending_secret = NULL, pending_key_id = NULL, pending_algorithm = NULL,"
          + " pending_digits = NULL, pending_period_seconds = NULL, pending_t0 = NULL,"
          + " pending_created_at = NULL, pending_expires_at = NULL";

  private final Jdbc jdbc;
  private final JdbcSchema.Tables tables;
  private final JdbcAccountStateStore states;

  private final String loadEnrollment;
  private final String loadCodes;
  private final String savePending;
  private final String confirmMove;
  private final String confirmState;
  private final String deleteCodes;
  private final String insertCode;
  private final String deletePending;
  private final String deleteExpired;
  private final String deleteEmpty;
  private final String deleteEmptyAll;
  private final String lockActive;
  private final String lockRow;
  private final String consume;
  private final String deleteEnrollment;
  private final String deleteState;
  private final String staleFirst;
  private final String staleAfter;
  private final String replaceActive;
  private final String replacePending;

  private JdbcEnrollmentStore(DataSource dataSource, JdbcSchema.Tables tables) {
    this.jdbc = new Jdbc(dataSource);
    this.tables = tables;
    this.states = JdbcAccountStateStore.create(dataSource, tables.prefix());
    String e = tables.enrollment();
    String r = tables.recoveryCode();
    String st = tables.state();
    loadEnrollment =
        "SELECT active_secret, active_key_id, active_algorithm, active_digits,"
            + " active_period_seconds, active_t0, enabled_since, "
            + PENDING_COLUMNS
            + " FROM "
            + e
            + " WHERE account_id = ?";
    loadCodes =
        "SELECT code_id, salt, hash, used_at FROM "
            + r
            + " WHERE account_id = ? ORDER BY code_index";
    savePending =
        "MERGE INTO "
            + e
            + " t USING (VALUES (CAST(? AS VARCHAR(255)), CAST(? AS VARCHAR(64)), CAST(? AS BYTEA),"
            + " CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(16)), CAST(? AS INTEGER),"
            + " CAST(? AS INTEGER), CAST(? AS BIGINT), CAST(? AS TIMESTAMP WITH TIME ZONE),"
            + " CAST(? AS TIMESTAMP WITH TIME ZONE)))"
            + " AS s(account_id, "
            + PENDING_COLUMNS
            + ") ON t.account_id = s.account_id"
            + " WHEN MATCHED THEN UPDATE SET pending_id = s.pending_id,"
            + " pending_secret = s.pending_secret, pending_key_id = s.pending_key_id,"
            + " pending_algorithm = s.pending_algorithm, pending_digits = s.pending_digits,"
            + " pending_period_seconds = s.pending_period_seconds, pending_t0 = s.pending_t0,"
            + " pending_created_at = s.pending_created_at,"
            + " pending_expires_at = s.pending_expires_at"
            + " WHEN NOT MATCHED THEN INSERT (account_id, "
            + PENDING_COLUMNS
            + ") VALUES (s.account_id, s.pending_id, s.pending_secret, s.pending_key_id,"
            + " s.pending_algorithm, s.pending_digits, s.pending_period_seconds, s.pending_t0,"
            + " s.pending_created_at, s.pending_expires_at)";
    confirmMove =
        "UPDATE "
            + e
            + " SET active_secret = pending_secret, active_key_id = pending_key_id,"
            + " active_algorithm = pending_algorithm, active_digits = pending_digits,"
            + " active_period_seconds = pending_period_seconds, active_t0 = pending_t0,"
            + " enabled_since = ?, "
            + CLEAR_PENDING
            + " WHERE account_id = ? AND pending_id = ? AND pending_expires_at > ?";
    confirmState =
        "MERGE INTO "
            + st
            + " t USING (VALUES (CAST(? AS VARCHAR(255)), CAST(? AS BIGINT), CAST(? AS INTEGER)))"
            + " AS s(account_id, last_step, drift) ON t.account_id = s.account_id"
            + " WHEN MATCHED THEN UPDATE SET last_step = s.last_step, failures = 0,"
            + " last_failure_at = NULL, drift = s.drift"
            + " WHEN NOT MATCHED THEN INSERT (account_id, last_step, failures, last_failure_at, drift)"
            + " VALUES (s.account_id, s.last_step, 0, NULL, s.drift)";
    deleteCodes = "DELETE FROM " + r + " WHERE account_id = ?";
    insertCode =
        "INSERT INTO "
            + r
            + " (account_id, code_id, code_index, salt, hash, used_at) VALUES (?, ?, ?, ?, ?, ?)";
    deletePending =
        "UPDATE " + e + " SET " + CLEAR_PENDING + " WHERE account_id = ? AND pending_id = ?";
    deleteExpired =
        "UPDATE " + e + " SET " + CLEAR_PENDING + " WHERE pending_expires_at <= ?";
    deleteEmpty =
        "DELETE FROM "
            + e
            + " WHERE account_id = ? AND active_secret IS NULL AND pending_id IS NULL";
    deleteEmptyAll =
        "DELETE FROM " + e + " WHERE active_secret IS NULL AND pending_id IS NULL";
    lockActive =
        "SELECT account_id FROM "
            + e
            + " WHERE account_id = ? AND active_secret IS NOT NULL FOR UPDATE";
    lockRow = "SELECT active_key_id FROM " + e + " WHERE account_id = ? FOR UPDATE";
    consume =
        "UPDATE "
            + r
            + " SET used_at = ? WHERE account_id = ? AND code_id = ? AND used_at IS NULL";
    deleteEnrollment = "DELETE FROM " + e + " WHERE account_id = ?";
    deleteState = "DELETE FROM " + st + " WHERE account_id = ?";
    String stale =
        "SELECT account_id FROM "
            + e
            + " WHERE ((active_key_id IS NOT NULL AND active_key_id <> ?)"
            + " OR (pending_key_id IS NOT NULL AND pending_key_id <> ?))";
    staleFirst = stale + " ORDER BY account_id LIMIT ?";
    staleAfter = stale + " AND account_id > ? ORDER BY account_id LIMIT ?";
    replaceActive =
        "UPDATE "
            + e
            + " SET active_secret = ?, active_key_id = ? WHERE account_id = ? AND active_secret = ?";
    replacePending =
        "UPDATE "
            + e
            + " SET pending_secret = ?, pending_key_id = ?"
            + " WHERE account_id = ? AND pending_secret = ?";
  }

  /**
   * Creates a store on the tables with the default prefix {@value JdbcSchema#DEFAULT_TABLE_PREFIX}.
   * Create them first with {@link JdbcSchema#createIfAbsent(DataSource)} or from {@value
   * JdbcSchema#RESOURCE}.
   *
   * @param dataSource the database, typically a connection pool
   * @return the store
   */
  public static JdbcEnrollmentStore create(DataSource dataSource) {
    return create(dataSource, JdbcSchema.DEFAULT_TABLE_PREFIX);
  }

  /**
   * Creates a store on the tables with the given prefix.
   *
   * @param dataSource the database, typically a connection pool
   * @param tablePrefix the table prefix, see {@link JdbcSchema#checkTablePrefix(String)}
   * @return the store
   * @throws IllegalArgumentException if the prefix is invalid
   */
  public static JdbcEnrollmentStore create(DataSource dataSource, String tablePrefix) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new JdbcEnrollmentStore(dataSource, new JdbcSchema.Tables(tablePrefix));
  }

  /**
   * Returns the account-state store on the same database and table prefix.
   *
   * @return the state store, the same instance at every call
   */
  @Override
  public JdbcAccountStateStore accountStates() {
    return states;
  }

  @Override
  public EnrollmentSnapshot load(String accountId) {
    StoreChecks.accountId(accountId);
    return jdbc.transaction(
        "load",
        c -> {
          Row row = readRow(c, accountId);
          List<RecoveryCodeHash> codes = readCodes(c, accountId);
          return new EnrollmentSnapshot(accountId, row.active, row.pending, codes);
        });
  }

  @Override
  public Optional<ActiveCredential> findActive(String accountId) {
    StoreChecks.accountId(accountId);
    Row row = jdbc.autoCommit("findActive", c -> readRow(c, accountId));
    return Optional.ofNullable(row.active);
  }

  @Override
  public Optional<PendingCredential> findPending(String accountId) {
    StoreChecks.accountId(accountId);
    Row row = jdbc.autoCommit("findPending", c -> readRow(c, accountId));
    return Optional.ofNullable(row.pending);
  }

  @Override
  public List<RecoveryCodeHash> recoveryCodes(String accountId) {
    StoreChecks.accountId(accountId);
    return jdbc.autoCommit("recoveryCodes", c -> readCodes(c, accountId));
  }

  @Override
  public void savePending(String accountId, PendingCredential pending) {
    StoreChecks.accountId(accountId);
    Objects.requireNonNull(pending, "pending");
    jdbc.autoCommit(
        "savePending",
        c -> {
          try {
            return upsertPending(c, accountId, pending);
          } catch (SQLException ex) {
            if (!Jdbc.isUniqueViolation(ex)) {
              throw ex;
            }
            // A concurrent first insert won; the row exists now, so the MERGE updates it.
            return upsertPending(c, accountId, pending);
          }
        });
  }

  @Override
  public boolean confirmPending(
      String accountId,
      String enrollmentId,
      Instant now,
      long confirmedStep,
      int driftSteps,
      @Nullable List<RecoveryCodeHash> newRecoveryCodes) {
    StoreChecks.accountId(accountId);
    Objects.requireNonNull(enrollmentId, "enrollmentId");
    Objects.requireNonNull(now, "now");
    StoreChecks.step("confirmedStep", confirmedStep);
    List<RecoveryCodeHash> codes =
        newRecoveryCodes == null ? null : StoreChecks.recoveryCodes(newRecoveryCodes);
    return jdbc.transaction(
        "confirmPending",
        c -> {
          try (PreparedStatement s = c.prepareStatement(confirmMove)) {
            Jdbc.setInstant(s, 1, now);
            s.setString(2, accountId);
            s.setString(3, enrollmentId);
            Jdbc.setInstant(s, 4, now);
            if (s.executeUpdate() != 1) {
              c.rollback();
              return false;
            }
          }
          try (PreparedStatement s = c.prepareStatement(confirmState)) {
            s.setString(1, accountId);
            s.setLong(2, confirmedStep);
            s.setInt(3, driftSteps);
            s.executeUpdate();
          }
          if (codes != null) {
            writeCodes(c, accountId, codes);
          }
          return true;
        });
  }

  @Override
  public boolean deletePending(String accountId, String enrollmentId) {
    StoreChecks.accountId(accountId);
    Objects.requireNonNull(enrollmentId, "enrollmentId");
    return jdbc.transaction(
        "deletePending",
        c -> {
          try (PreparedStatement s = c.prepareStatement(deletePending)) {
            s.setString(1, accountId);
            s.setString(2, enrollmentId);
            if (s.executeUpdate() != 1) {
              c.rollback();
              return false;
            }
          }
          try (PreparedStatement s = c.prepareStatement(deleteEmpty)) {
            s.setString(1, accountId);
            s.executeUpdate();
          }
          return true;
        });
  }

  @Override
  public int deleteExpiredPending(Instant now) {
    Objects.requireNonNull(now, "now");
    return jdbc.transaction(
        "deleteExpiredPending",
        c -> {
          int removed;
          try (PreparedStatement s = c.prepareStatement(deleteExpired)) {
            Jdbc.setInstant(s, 1, now);
            removed = s.executeUpdate();
          }
          try (PreparedStatement s = c.prepareStatement(deleteEmptyAll)) {
            s.executeUpdate();
          }
          return removed;
        });
  }

  @Override
  public boolean replaceRecoveryCodes(String accountId, List<RecoveryCodeHash> newRecoveryCodes) {
    StoreChecks.accountId(accountId);
    List<RecoveryCodeHash> codes =
        StoreChecks.recoveryCodes(Objects.requireNonNull(newRecoveryCodes, "newRecoveryCodes"));
    return jdbc.transaction(
        "replaceRecoveryCodes",
        c -> {
          try (PreparedStatement s = c.prepareStatement(lockActive)) {
            s.setString(1, accountId);
            try (ResultSet r = s.executeQuery()) {
              if (!r.next()) {
                c.rollback();
                return false;
              }
            }
          }
          writeCodes(c, accountId, codes);
          return true;
        });
  }

  @Override
  public boolean consumeRecoveryCode(String accountId, String codeId, Instant at) {
    StoreChecks.accountId(accountId);
    Objects.requireNonNull(codeId, "codeId");
    Objects.requireNonNull(at, "at");
    return jdbc.autoCommit(
        "consumeRecoveryCode",
        c -> {
          try (PreparedStatement s = c.prepareStatement(consume)) {
            Jdbc.setInstant(s, 1, at);
            s.setString(2, accountId);
            s.setString(3, codeId);
            return s.executeUpdate() == 1;
          }
        });
  }

  @Override
  public boolean disable(String accountId) {
    StoreChecks.accountId(accountId);
    return jdbc.transaction(
        "disable",
        c -> {
          boolean wasEnabled;
          try (PreparedStatement s = c.prepareStatement(lockRow)) {
            s.setString(1, accountId);
            try (ResultSet r = s.executeQuery()) {
              wasEnabled = r.next() && r.getString(1) != null;
            }
          }
          for (String sql : List.of(deleteEnrollment, deleteState, deleteCodes)) {
            try (PreparedStatement s = c.prepareStatement(sql)) {
              s.setString(1, accountId);
              s.executeUpdate();
            }
          }
          return wasEnabled;
        });
  }

  @Override
  public List<String> accountsWithSecretsNotUnder(
      String keyId, @Nullable String afterAccountId, int limit) {
    Objects.requireNonNull(keyId, "keyId");
    StoreChecks.limit(limit);
    return jdbc.autoCommit(
        "accountsWithSecretsNotUnder",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(afterAccountId == null ? staleFirst : staleAfter)) {
            s.setString(1, keyId);
            s.setString(2, keyId);
            int i = 3;
            if (afterAccountId != null) {
              s.setString(i++, afterAccountId);
            }
            s.setInt(i, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                ids.add(r.getString(1));
              }
            }
            return List.copyOf(ids);
          }
        });
  }

  @Override
  public boolean replaceActiveSecret(
      String accountId, EncryptedSecret expected, EncryptedSecret replacement) {
    return replaceSecret("replaceActiveSecret", replaceActive, accountId, expected, replacement);
  }

  @Override
  public boolean replacePendingSecret(
      String accountId, EncryptedSecret expected, EncryptedSecret replacement) {
    return replaceSecret("replacePendingSecret", replacePending, accountId, expected, replacement);
  }

  @Override
  public String toString() {
    return "JdbcEnrollmentStore[" + tables.prefix() + "*]";
  }

  private boolean replaceSecret(
      String operation,
      String sql,
      String accountId,
      EncryptedSecret expected,
      EncryptedSecret replacement) {
    StoreChecks.accountId(accountId);
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(replacement, "replacement");
    return jdbc.autoCommit(
        operation,
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setBytes(1, replacement.toBytes());
            s.setString(2, replacement.keyId());
            s.setString(3, accountId);
            s.setBytes(4, expected.toBytes());
            return s.executeUpdate() == 1;
          }
        });
  }

  private int upsertPending(Connection c, String accountId, PendingCredential p)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(savePending)) {
      s.setString(1, accountId);
      s.setString(2, p.enrollmentId());
      s.setBytes(3, p.secret().toBytes());
      s.setString(4, p.secret().keyId());
      TotpParameters params = p.parameters();
      s.setString(5, params.algorithm().name());
      s.setInt(6, params.digits());
      s.setInt(7, (int) params.periodSeconds());
      s.setLong(8, params.t0().getEpochSecond());
      Jdbc.setInstant(s, 9, p.createdAt());
      Jdbc.setInstant(s, 10, p.expiresAt());
      return s.executeUpdate();
    }
  }

  private void writeCodes(Connection c, String accountId, List<RecoveryCodeHash> codes)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(deleteCodes)) {
      s.setString(1, accountId);
      s.executeUpdate();
    }
    if (codes.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(insertCode)) {
      int index = 0;
      for (RecoveryCodeHash code : codes) {
        s.setString(1, accountId);
        s.setString(2, code.id());
        s.setInt(3, index++);
        s.setBytes(4, code.salt());
        s.setBytes(5, code.hash());
        Jdbc.setNullableInstant(s, 6, code.usedAt().orElse(null));
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private List<RecoveryCodeHash> readCodes(Connection c, String accountId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(loadCodes)) {
      s.setString(1, accountId);
      List<RecoveryCodeHash> codes = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          codes.add(
              invalidIfThrows(
                  () ->
                      RecoveryCodeHash.of(
                          required(r.getString("code_id"), "code_id"),
                          required(r.getBytes("salt"), "salt"),
                          required(r.getBytes("hash"), "hash"),
                          Jdbc.getInstant(r, "used_at"))));
        }
      }
      return List.copyOf(codes);
    }
  }

  /** The parts of an enrollment row; both {@code null} if there is no row. */
  private static final class Row {
    static final Row NONE = new Row(null, null);

    final @Nullable ActiveCredential active;
    final @Nullable PendingCredential pending;

    Row(@Nullable ActiveCredential active, @Nullable PendingCredential pending) {
      this.active = active;
      this.pending = pending;
    }
  }

  private Row readRow(Connection c, String accountId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(loadEnrollment)) {
      s.setString(1, accountId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Row.NONE;
        }
        ActiveCredential active = null;
        byte[] activeSecret = r.getBytes("active_secret");
        if (activeSecret != null) {
          EncryptedSecret secret =
              secret(activeSecret, required(r.getString("active_key_id"), "active_key_id"));
          TotpParameters params = parameters(r, "active_");
          Instant since = Jdbc.getRequiredInstant(r, "enabled_since");
          active = invalidIfThrows(() -> new ActiveCredential(secret, params, since));
        }
        PendingCredential pending = null;
        String pendingId = r.getString("pending_id");
        if (pendingId != null) {
          EncryptedSecret secret =
              secret(
                  required(r.getBytes("pending_secret"), "pending_secret"),
                  required(r.getString("pending_key_id"), "pending_key_id"));
          TotpParameters params = parameters(r, "pending_");
          Instant created = Jdbc.getRequiredInstant(r, "pending_created_at");
          Instant expires = Jdbc.getRequiredInstant(r, "pending_expires_at");
          pending =
              invalidIfThrows(
                  () -> new PendingCredential(pendingId, secret, params, created, expires));
        }
        return new Row(active, pending);
      }
    }
  }

  private static EncryptedSecret secret(byte[] bytes, String keyId) {
    EncryptedSecret secret = EncryptedSecret.fromBytes(bytes);
    if (!secret.keyId().equals(keyId)) {
      throw new SecretDecryptionException("encrypted secret does not match its stored key id");
    }
    return secret;
  }

  private static TotpParameters parameters(ResultSet r, String prefix) throws SQLException {
    String algorithm = required(r.getString(prefix + "algorithm"), prefix + "algorithm");
    int digits = r.getInt(prefix + "digits");
    long period = r.getLong(prefix + "period_seconds");
    long t0 = r.getLong(prefix + "t0");
    return invalidIfThrows(
        () ->
            new TotpParameters(
                HmacAlgorithm.fromName(algorithm),
                digits,
                Duration.ofSeconds(period),
                Instant.ofEpochSecond(t0)));
  }

  private static <T> T required(@Nullable T value, String column) throws SQLException {
    if (value == null) {
      throw new SQLException("column " + column + " is NULL", "22004");
    }
    return value;
  }

  /** Creates a value from stored columns. */
  @FunctionalInterface
  private interface Maker<T> {
    T make() throws SQLException;
  }

  /** Turns a row that the value classes reject into a failure of the operation, SQLState 22000. */
  private static <T> T invalidIfThrows(Maker<T> maker) throws SQLException {
    try {
      return maker.make();
    } catch (IllegalArgumentException e) {
      throw new SQLException("stored row is invalid", "22000", e);
    }
  }
}
