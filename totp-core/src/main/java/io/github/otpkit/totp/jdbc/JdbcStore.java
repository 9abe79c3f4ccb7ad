package io.github.otpkit.totp.jdbc;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.crypto.EncryptedSecret;
import io.github.otpkit.totp.crypto.SecretDecryptionException;
import io.github.otpkit.totp.jdbc.JdbcSchema.Dialect;
import io.github.otpkit.totp.store.AccountState;
import io.github.otpkit.totp.store.AccountStateStore;
import io.github.otpkit.totp.store.ActiveCredential;
import io.github.otpkit.totp.store.EnrollmentSnapshot;
import io.github.otpkit.totp.store.EnrollmentStore;
import io.github.otpkit.totp.store.PendingCredential;
import io.github.otpkit.totp.store.RecoveryCodeHash;
import io.github.otpkit.totp.store.StateStoreException;
import io.github.otpkit.totp.store.StateUpdate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EnrollmentStore} (and so an {@link AccountStateStore}) on a database through plain
 * JDBC: what a portal running on several nodes points at one database. Runs on H2 2.x, PostgreSQL
 * 12+ and MariaDB 10.6+ / MySQL 8 ({@link Dialect}).
 *
 * <p>Tables (see {@link JdbcSchema}): {@code <prefix>account_state} holds one row per account with
 * the verification state; {@code <prefix>enrollment} one row per account with the active and the
 * pending credential side by side, so that confirming is one conditional {@code UPDATE} that copies
 * the pending columns to the active ones; {@code <prefix>recovery_code} one row per recovery code.
 *
 * <h2>Statements</h2>
 *
 * Every call is one statement in auto-commit, or one transaction; a {@linkplain #session session}
 * runs a sign-in's read and write on one connection. Uncontended:
 *
 * <ul>
 *   <li>{@link #load}, {@link #loadWithRecoveryCodes}, {@link #loadState}: one {@code SELECT} (the
 *       enrollment row joined with the state row and the count or the rows of the recovery codes);
 *   <li>{@link #updateState}: one compare-and-set, {@code UPDATE account_state SET ... WHERE
 *       account_id = ? AND last_step = ? AND failures = ? AND last_failure_at = ? AND drift = ?};
 *       for an account without a row, one {@code INSERT} that fails if another one won. A sign-in
 *       through {@code TwoFactorService} is therefore two statements, accepted or not, and a
 *       throttled attempt one;
 *   <li>{@link #spendRecoveryCode}: on PostgreSQL and MariaDB one statement that spends the code
 *       and sets the state together, or neither; on H2 one conditional {@code UPDATE} when the
 *       state does not change, else a transaction of two;
 *   <li>every other write after a proof ({@link #confirmPending}, {@link #saveReplacement}, {@link
 *       #replaceRecoveryCodes}, {@link #disable}) and {@link #importActive}: one transaction that
 *       includes the state's compare-and-set and rolls back, changing nothing, when any condition
 *       does not hold. Confirming a first authenticator is three statements and the commit; a new
 *       phone's, two and the commit; disabling, three and the commit.
 * </ul>
 *
 * <p>No statement uses {@code MERGE} or an upsert: an insert that loses against a concurrent one is
 * retried as an update. Transactions roll back on any failure and are retried (up to three
 * attempts) after a deadlock, a serialization failure or a concurrent insert of the same key.
 *
 * <h2>Timeouts and failures</h2>
 *
 * Every statement has a query timeout ({@link Builder#queryTimeout}, default {@link
 * #DEFAULT_QUERY_TIMEOUT}); while the store holds a connection, its network timeout is the query
 * timeout plus two seconds, so that a stalled network fails too. Every {@link SQLException} becomes
 * a {@link StateStoreException} whose message names the operation and the SQLState, never a value:
 * {@code "database operation load timed out (SQLState 57014)"}. Callers fail closed.
 *
 * <p>The pool must not wait longer than that either: bound how long it waits for a free or a new
 * connection (HikariCP {@code connectionTimeout}, {@code validationTimeout}) and give the driver a
 * connect and socket timeout (PostgreSQL {@code connectTimeout}, {@code socketTimeout}; MariaDB
 * {@code connectTimeout}, {@code socketTimeout}).
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe, and safe across nodes: all coordination is in the database.
 */
public final class JdbcStore implements EnrollmentStore {
  /** The query timeout of every statement unless {@link Builder#queryTimeout} says otherwise. */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

  /** The longest query timeout: 10 minutes. */
  public static final Duration MAX_QUERY_TIMEOUT = Duration.ofMinutes(10);

  private static final String ACTIVE_COLUMNS =
      "active_secret, active_key_id, active_algorithm, active_digits, active_period_seconds,"
          + " active_t0, enabled_since";
  private static final String PENDING_COLUMNS =
      "pending_id, pending_secret, pending_key_id, pending_algorithm, pending_digits,"
          + " pending_period_seconds, pending_t0, pending_created_at, pending_expires_at,"
          + " pending_replacement";
  private static final String NO_ENROLLMENT_COLUMNS =
      "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
          + " NULL, NULL";
  private static final String SET_PENDING =
      "pending_id = ?, pending_secret = ?, pending_key_id = ?, pending_algorithm = ?,"
          + " pending_digits = ?, pending_period_seconds = ?, pending_t0 = ?,"
          + " pending_created_at = ?, pending_expires_at = ?, pending_replacement = ?";
  private static final String CLEAR_PENDING =
      "pending_id = NULL, pending_secret = NULL, pending_key_id = NULL, pending_algorithm = NULL,"
          + " pending_digits = NULL, pending_period_seconds = NULL, pending_t0 = NULL,"
          + " pending_created_at = NULL, pending_expires_at = NULL, pending_replacement = NULL";
  private static final String STATE_COLUMNS = "last_step, failures, last_failure_at, drift";

  private final Jdbc jdbc;
  private final JdbcSchema.Tables tables;

  private final String loadRow;
  private final String loadRowWithCodes;
  private final String loadState;
  private final String casState;
  private final String casStateFirst;
  private final String insertState;
  private final String deleteState;
  private final String casDeleteState;
  private final String casDeleteStateFirst;
  private final String updatePending;
  private final String insertPending;
  private final String updatePendingIfActive;
  private final String confirmMove;
  private final String confirmMoveFirst;
  private final String deleteCodes;
  private final String insertCode;
  private final String spendCode;
  private final String spendCodeIfState;
  private final String spendCodeIfStateFirst;
  private final String spendAndSetPostgres;
  private final String spendAndSetPostgresFirst;
  private final String spendAndSetMariaDb;
  private final String spendAndSetMariaDbFirst;
  private final String activeExists;
  private final String deletePending;
  private final String deleteExpiredRows;
  private final String clearExpired;
  private final String deleteEmpty;
  private final String deleteEnrollmentIfActive;
  private final String importIntoRow;
  private final String importNewRow;
  private final String staleFirst;
  private final String staleAfter;
  private final String replaceActive;
  private final String replacePending;

  private JdbcStore(Builder b) {
    this.jdbc = new Jdbc(b.dataSource, b.dialect, (int) b.queryTimeout.toSeconds());
    this.tables = new JdbcSchema.Tables(b.tablePrefix);
    String e = tables.enrollment();
    String r = tables.recoveryCode();
    String st = tables.state();
    String rowColumns =
        ACTIVE_COLUMNS
            + ", "
            + PENDING_COLUMNS
            + ", s.last_step, s.failures, s.last_failure_at, s.drift";
    // The second branch reads the state of an account without an enrollment row, so that the
    // read is one statement whatever the account has.
    String stateOnly =
        " FROM "
            + st
            + " s WHERE s.account_id = ? AND NOT EXISTS (SELECT 1 FROM "
            + e
            + " x WHERE x.account_id = ?)";
    loadRow =
        "SELECT "
            + rowColumns
            + ", (SELECT COUNT(*) FROM "
            + r
            + " u WHERE u.account_id = e.account_id AND u.used_at IS NULL) AS unused_codes"
            + " FROM "
            + e
            + " e LEFT JOIN "
            + st
            + " s ON s.account_id = e.account_id WHERE e.account_id = ?"
            + " UNION ALL SELECT "
            + NO_ENROLLMENT_COLUMNS
            + ", s.last_step, s.failures, s.last_failure_at, s.drift, 0"
            + stateOnly;
    loadRowWithCodes =
        "SELECT "
            + rowColumns
            + ", c.code_id, c.code_index, c.salt, c.hash, c.used_at FROM "
            + e
            + " e LEFT JOIN "
            + st
            + " s ON s.account_id = e.account_id LEFT JOIN "
            + r
            + " c ON c.account_id = e.account_id WHERE e.account_id = ?"
            + " UNION ALL SELECT "
            + NO_ENROLLMENT_COLUMNS
            + ", s.last_step, s.failures, s.last_failure_at, s.drift, NULL, NULL, NULL, NULL, NULL"
            + stateOnly
            + " ORDER BY code_index";
    loadState = "SELECT " + STATE_COLUMNS + " FROM " + st + " WHERE account_id = ?";
    String stateMatches =
        " WHERE account_id = ? AND last_step = ? AND failures = ? AND drift = ? AND last_failure_at";
    casState =
        "UPDATE "
            + st
            + " SET last_step = ?, failures = ?, last_failure_at = ?, drift = ?"
            + stateMatches
            + " = ?";
    casStateFirst =
        "UPDATE "
            + st
            + " SET last_step = ?, failures = ?, last_failure_at = ?, drift = ?"
            + stateMatches
            + " IS NULL";
    insertState =
        "INSERT INTO " + st + " (account_id, " + STATE_COLUMNS + ") VALUES (?, ?, ?, ?, ?)";
    deleteState = "DELETE FROM " + st + " WHERE account_id = ?";
    casDeleteState = "DELETE FROM " + st + stateMatches + " = ?";
    casDeleteStateFirst = "DELETE FROM " + st + stateMatches + " IS NULL";
    updatePending = "UPDATE " + e + " SET " + SET_PENDING + " WHERE account_id = ?";
    insertPending =
        "INSERT INTO "
            + e
            + " ("
            + PENDING_COLUMNS
            + ", account_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    updatePendingIfActive =
        "UPDATE "
            + e
            + " SET "
            + SET_PENDING
            + " WHERE account_id = ? AND active_secret IS NOT NULL";
    confirmMove =
        "UPDATE "
            + e
            + " SET active_secret = pending_secret, active_key_id = pending_key_id,"
            + " active_algorithm = pending_algorithm, active_digits = pending_digits,"
            + " active_period_seconds = pending_period_seconds, active_t0 = pending_t0,"
            + " enabled_since = ?, "
            + CLEAR_PENDING
            + " WHERE account_id = ? AND pending_id = ? AND pending_expires_at > ?";
    confirmMoveFirst = confirmMove + " AND active_secret IS NULL";
    deleteCodes = "DELETE FROM " + r + " WHERE account_id = ?";
    insertCode =
        "INSERT INTO "
            + r
            + " (account_id, code_id, code_index, salt, hash, used_at) VALUES (?, ?, ?, ?, ?, ?)";
    spendCode =
        "UPDATE " + r + " SET used_at = ? WHERE account_id = ? AND code_id = ? AND used_at IS NULL";
    String aliasedMatches =
        " s.last_step = ? AND s.failures = ? AND s.drift = ? AND s.last_failure_at";
    String stateStillExpected =
        " AND EXISTS (SELECT 1 FROM " + st + " s WHERE s.account_id = ? AND" + aliasedMatches;
    spendCodeIfState = spendCode + stateStillExpected + " = ?)";
    spendCodeIfStateFirst = spendCode + stateStillExpected + " IS NULL)";
    // PostgreSQL: one statement that locks the code and the state row, checks both, and changes
    // both; or, if either check fails, neither.
    String postgresTarget =
        "WITH target AS (SELECT c.account_id FROM "
            + r
            + " c JOIN "
            + st
            + " s ON s.account_id = c.account_id WHERE c.account_id = ? AND c.code_id = ?"
            + " AND c.used_at IS NULL AND"
            + aliasedMatches;
    String postgresWrite =
        " FOR UPDATE), spent AS (UPDATE "
            + r
            + " SET used_at = ? WHERE account_id IN (SELECT account_id FROM target)"
            + " AND code_id = ?) UPDATE "
            + st
            + " SET last_step = ?, failures = ?, last_failure_at = ?, drift = ?"
            + " WHERE account_id IN (SELECT account_id FROM target)";
    spendAndSetPostgres = postgresTarget + " = ?" + postgresWrite;
    spendAndSetPostgresFirst = postgresTarget + " IS NULL" + postgresWrite;
    // MariaDB and MySQL: a multiple-table UPDATE changes both rows of the join, or none.
    String mariaDb =
        "UPDATE "
            + r
            + " c JOIN "
            + st
            + " s ON s.account_id = c.account_id SET c.used_at = ?, s.last_step = ?,"
            + " s.failures = ?, s.last_failure_at = ?, s.drift = ? WHERE c.account_id = ?"
            + " AND c.code_id = ? AND c.used_at IS NULL AND"
            + aliasedMatches;
    spendAndSetMariaDb = mariaDb + " = ?";
    spendAndSetMariaDbFirst = mariaDb + " IS NULL";
    activeExists =
        "SELECT account_id FROM " + e + " WHERE account_id = ? AND active_secret IS NOT NULL";
    deletePending =
        "UPDATE " + e + " SET " + CLEAR_PENDING + " WHERE account_id = ? AND pending_id = ?";
    // Both read the index on pending_expires_at, never the whole table.
    deleteExpiredRows =
        "DELETE FROM " + e + " WHERE pending_expires_at <= ? AND active_secret IS NULL";
    clearExpired = "UPDATE " + e + " SET " + CLEAR_PENDING + " WHERE pending_expires_at <= ?";
    deleteEmpty =
        "DELETE FROM "
            + e
            + " WHERE account_id = ? AND active_secret IS NULL AND pending_id IS NULL";
    deleteEnrollmentIfActive =
        "DELETE FROM " + e + " WHERE account_id = ? AND active_secret IS NOT NULL";
    importIntoRow =
        "UPDATE "
            + e
            + " SET active_secret = ?, active_key_id = ?, active_algorithm = ?, active_digits = ?,"
            + " active_period_seconds = ?, active_t0 = ?, enabled_since = ?, "
            + CLEAR_PENDING
            + " WHERE account_id = ? AND active_secret IS NULL";
    importNewRow =
        "INSERT INTO "
            + e
            + " ("
            + ACTIVE_COLUMNS
            + ", account_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
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
   * Creates a store on the tables with the default prefix {@value JdbcSchema#DEFAULT_TABLE_PREFIX},
   * in the dialect read from the first connection, with the default query timeout. Create the
   * tables first with {@link JdbcSchema#createIfAbsent(DataSource)} or from {@link
   * Dialect#resource()}.
   *
   * @param dataSource the database, typically a connection pool
   * @return the store
   */
  public static JdbcStore create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /**
   * Creates a store on the tables with the given prefix, in the dialect read from the first
   * connection, with the default query timeout.
   *
   * @param dataSource the database, typically a connection pool
   * @param tablePrefix the table prefix, see {@link JdbcSchema#checkTablePrefix(String)}
   * @return the store
   * @throws IllegalArgumentException if the prefix is invalid
   */
  public static JdbcStore create(DataSource dataSource, String tablePrefix) {
    return builder(dataSource).tablePrefix(tablePrefix).build();
  }

  /**
   * Starts building a store with a table prefix, a dialect or a query timeout of its own.
   *
   * @param dataSource the database, typically a connection pool
   * @return a builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * Returns the query timeout of every statement.
   *
   * @return the timeout, whole seconds
   */
  public Duration queryTimeout() {
    return Duration.ofSeconds(jdbc.queryTimeoutSeconds());
  }

  /**
   * Runs {@code work} with one connection for all of this store's calls that the current thread
   * makes meanwhile: taken from the pool at the first call, given back when {@code work} ends. Each
   * call still commits on its own. Nested sessions join the outer one.
   *
   * @param <T> what {@code work} returns
   * @param work the calls to make
   * @return what {@code work} returns
   * @throws StateStoreException if a call fails; the connection goes back to the pool
   */
  @Override
  public <T> T session(Supplier<T> work) {
    Objects.requireNonNull(work, "work");
    return jdbc.session(work);
  }

  // ---- AccountStateStore ------------------------------------------------------------------------

  @Override
  public AccountState loadState(String accountId) {
    AccountStateStore.checkAccountId(accountId);
    return jdbc.autoCommit("loadState", c -> readState(c, accountId));
  }

  @Override
  public boolean updateState(AccountState expected, AccountState next) {
    checkSameAccount(expected, next);
    return jdbc.autoCommit(
        "updateState",
        c -> {
          if (expected.isInitial()) {
            // Usually there is no row yet: insert it; if one exists, compare with it.
            try {
              insertState(c, next);
              return true;
            } catch (SQLException e) {
              if (!Jdbc.isUniqueViolation(e)) {
                throw e;
              }
            }
          }
          return casState(c, expected, next);
        });
  }

  @Override
  public void resetState(String accountId, long lastUsedStep) {
    AccountStateStore.checkAccountId(accountId);
    if (lastUsedStep < AccountState.NONE) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "lastUsedStep must be -1 or more but was %d", lastUsedStep));
    }
    AccountState fresh = AccountState.initial(accountId);
    AccountState state =
        lastUsedStep == AccountState.NONE ? fresh : fresh.accepted(lastUsedStep, 0);
    var unused =
        jdbc.transaction(
            "resetState",
            c -> {
              execute(c, deleteState, accountId);
              insertState(c, state);
              return true;
            });
  }

  @Override
  public void deleteState(String accountId) {
    AccountStateStore.checkAccountId(accountId);
    var unused = jdbc.autoCommit("deleteState", c -> execute(c, deleteState, accountId));
  }

  // ---- EnrollmentStore: reads -------------------------------------------------------------------

  @Override
  public EnrollmentSnapshot load(String accountId) {
    AccountStateStore.checkAccountId(accountId);
    return jdbc.autoCommit(
        "load",
        c -> {
          try (PreparedStatement s = jdbc.prepare(c, loadRow)) {
            bindRowQuery(s, accountId);
            try (ResultSet r = s.executeQuery()) {
              if (!r.next()) {
                return EnrollmentSnapshot.empty(accountId);
              }
              Row row = readRow(r, accountId);
              return new EnrollmentSnapshot(
                  accountId,
                  row.active,
                  row.pending,
                  row.state,
                  r.getInt("unused_codes"),
                  List.of());
            }
          }
        });
  }

  @Override
  public EnrollmentSnapshot loadWithRecoveryCodes(String accountId) {
    AccountStateStore.checkAccountId(accountId);
    return jdbc.autoCommit(
        "loadWithRecoveryCodes",
        c -> {
          try (PreparedStatement s = jdbc.prepare(c, loadRowWithCodes)) {
            bindRowQuery(s, accountId);
            try (ResultSet r = s.executeQuery()) {
              if (!r.next()) {
                return EnrollmentSnapshot.empty(accountId);
              }
              Row row = readRow(r, accountId);
              List<RecoveryCodeHash> codes = new ArrayList<>();
              do {
                String codeId = r.getString("code_id");
                if (codeId != null) {
                  codes.add(readCode(r, codeId));
                }
              } while (r.next());
              return EnrollmentSnapshot.withRecoveryCodes(
                  accountId, row.active, row.pending, row.state, codes);
            }
          }
        });
  }

  private void bindRowQuery(PreparedStatement s, String accountId) throws SQLException {
    jdbc.setAccountId(s, 1, accountId);
    jdbc.setAccountId(s, 2, accountId);
    jdbc.setAccountId(s, 3, accountId);
  }

  // ---- EnrollmentStore: writes ------------------------------------------------------------------

  @Override
  public void savePending(String accountId, PendingCredential pending) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(pending, "pending");
    var unused =
        jdbc.autoCommit(
            "savePending",
            c -> {
              if (setPending(c, updatePending, accountId, pending) == 1) {
                return true;
              }
              try {
                setPending(c, insertPending, accountId, pending);
              } catch (SQLException e) {
                if (!Jdbc.isUniqueViolation(e)) {
                  throw e;
                }
                // A concurrent first insert won; the row exists now, so an update applies.
                setPending(c, updatePending, accountId, pending);
              }
              return true;
            });
  }

  @Override
  public boolean saveReplacement(StateUpdate proof, PendingCredential pending) {
    Objects.requireNonNull(proof, "proof");
    Objects.requireNonNull(pending, "pending");
    if (!pending.replacement()) {
      throw new IllegalArgumentException("pending must be a replacement");
    }
    StateRow row = new StateRow();
    return jdbc.transaction(
        "saveReplacement",
        c -> {
          if (!applyProof(c, proof, row)
              || setPending(c, updatePendingIfActive, proof.accountId(), pending) != 1) {
            c.rollback();
            return false;
          }
          return true;
        });
  }

  @Override
  public boolean confirmPending(
      String enrollmentId,
      Instant now,
      StateUpdate proof,
      @Nullable List<RecoveryCodeHash> newRecoveryCodes) {
    Objects.requireNonNull(enrollmentId, "enrollmentId");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(proof, "proof");
    if (proof.recoveryCodeId() != null) {
      throw new IllegalArgumentException("a first code is confirmed without a recovery code");
    }
    List<RecoveryCodeHash> codes =
        newRecoveryCodes == null ? null : EnrollmentStore.checkRecoveryCodes(newRecoveryCodes);
    String accountId = proof.accountId();
    StateRow row = new StateRow();
    return jdbc.transaction(
        "confirmPending",
        c -> {
          // Recovery codes only exist beside an active credential (disable removes them in its
          // transaction), so a first activation has no old codes to delete.
          boolean first = codes != null && move(c, confirmMoveFirst, accountId, enrollmentId, now);
          boolean moved = first || move(c, confirmMove, accountId, enrollmentId, now);
          if (!moved || !applyState(c, proof.expected(), proof.next(), row)) {
            c.rollback();
            return false;
          }
          if (codes != null) {
            if (!first) {
              execute(c, deleteCodes, accountId);
            }
            insertCodes(c, accountId, codes);
          }
          return true;
        });
  }

  private boolean move(Connection c, String sql, String accountId, String enrollmentId, Instant now)
      throws SQLException {
    try (PreparedStatement s = jdbc.prepare(c, sql)) {
      jdbc.setInstant(s, 1, now);
      jdbc.setAccountId(s, 2, accountId);
      s.setString(3, enrollmentId);
      jdbc.setInstant(s, 4, now);
      return s.executeUpdate() == 1;
    }
  }

  @Override
  public boolean spendRecoveryCode(StateUpdate update) {
    Objects.requireNonNull(update, "update");
    String codeId = update.recoveryCodeId();
    if (codeId == null) {
      throw new IllegalArgumentException("the update names no recovery code to spend");
    }
    AccountState expected = update.expected();
    if (!expected.isInitial()) {
      // The state row exists: one statement where the dialect allows it (1 spent, 0 not spent,
      // -1 a transaction is needed).
      int spent =
          jdbc.autoCommit(
              "spendRecoveryCode",
              c ->
                  switch (jdbc.dialect()) {
                    case POSTGRESQL -> spendAndSetPostgres(c, update, codeId) ? 1 : 0;
                    case MARIADB -> spendAndSetMariaDb(c, update, codeId) ? 1 : 0;
                    case H2 ->
                        !expected.equals(update.next())
                            ? -1
                            : spendIfState(c, update, codeId) ? 1 : 0;
                  });
      if (spent >= 0) {
        return spent == 1;
      }
    }
    StateRow row = new StateRow();
    return jdbc.transaction(
        "spendRecoveryCode",
        c -> {
          if (!applyProof(c, update, row)) {
            c.rollback();
            return false;
          }
          return true;
        });
  }

  private boolean spendAndSetPostgres(Connection c, StateUpdate update, String codeId)
      throws SQLException {
    AccountState expected = update.expected();
    AccountState next = update.next();
    Instant expectedAt = expected.lastFailureAt();
    try (PreparedStatement s =
        jdbc.prepare(c, expectedAt == null ? spendAndSetPostgresFirst : spendAndSetPostgres)) {
      jdbc.setAccountId(s, 1, update.accountId());
      s.setString(2, codeId);
      int i = bindMatches(s, 3, expected);
      jdbc.setInstant(s, i++, update.at());
      s.setString(i++, codeId);
      bindNext(s, i, next);
      return s.executeUpdate() == 1;
    }
  }

  private boolean spendAndSetMariaDb(Connection c, StateUpdate update, String codeId)
      throws SQLException {
    AccountState expected = update.expected();
    Instant expectedAt = expected.lastFailureAt();
    try (PreparedStatement s =
        jdbc.prepare(c, expectedAt == null ? spendAndSetMariaDbFirst : spendAndSetMariaDb)) {
      jdbc.setInstant(s, 1, update.at());
      int i = bindNext(s, 2, update.next());
      jdbc.setAccountId(s, i++, update.accountId());
      s.setString(i++, codeId);
      bindMatches(s, i, expected);
      // Both rows changed, or none; "found rows" counts 2, "affected rows" at least the code's.
      return s.executeUpdate() >= 1;
    }
  }

  /** Spends a code if the state is still the expected one, which the update does not change. */
  private boolean spendIfState(Connection c, StateUpdate update, String codeId)
      throws SQLException {
    AccountState expected = update.expected();
    try (PreparedStatement s =
        jdbc.prepare(
            c, expected.lastFailureAt() == null ? spendCodeIfStateFirst : spendCodeIfState)) {
      jdbc.setInstant(s, 1, update.at());
      jdbc.setAccountId(s, 2, update.accountId());
      s.setString(3, codeId);
      jdbc.setAccountId(s, 4, update.accountId());
      bindMatches(s, 5, expected);
      return s.executeUpdate() == 1;
    }
  }

  @Override
  public boolean replaceRecoveryCodes(StateUpdate proof, List<RecoveryCodeHash> newRecoveryCodes) {
    Objects.requireNonNull(proof, "proof");
    List<RecoveryCodeHash> codes = EnrollmentStore.checkRecoveryCodes(newRecoveryCodes);
    String accountId = proof.accountId();
    StateRow row = new StateRow();
    return jdbc.transaction(
        "replaceRecoveryCodes",
        c -> {
          if (!applyProof(c, proof, row) || !exists(c, activeExists, accountId)) {
            c.rollback();
            return false;
          }
          execute(c, deleteCodes, accountId);
          insertCodes(c, accountId, codes);
          return true;
        });
  }

  @Override
  public boolean disable(StateUpdate proof) {
    Objects.requireNonNull(proof, "proof");
    String accountId = proof.accountId();
    return jdbc.transaction(
        "disable",
        c -> {
          // The state's compare-and-set is its deletion; a recovery code is spent before its row
          // goes, so that one used meanwhile makes the whole change fail.
          boolean ok =
              spendCodeIfAny(c, proof)
                  && (casDeleteState(c, proof.expected())
                      || (proof.expected().isInitial() && readStateRow(c, accountId) == null));
          if (!ok || execute(c, deleteEnrollmentIfActive, accountId) != 1) {
            c.rollback();
            return false;
          }
          execute(c, deleteCodes, accountId);
          return true;
        });
  }

  @Override
  public boolean importActive(
      String accountId,
      ActiveCredential credential,
      AccountState state,
      @Nullable List<RecoveryCodeHash> newRecoveryCodes) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(state, "state");
    if (!state.accountId().equals(accountId)) {
      throw new IllegalArgumentException("state must belong to the imported account");
    }
    List<RecoveryCodeHash> codes =
        newRecoveryCodes == null ? List.of() : EnrollmentStore.checkRecoveryCodes(newRecoveryCodes);
    return jdbc.transaction(
        "importActive",
        c -> {
          if (setActive(c, importIntoRow, accountId, credential) != 1) {
            if (exists(c, activeExists, accountId)) {
              c.rollback();
              return false;
            }
            // No row yet; a concurrent insert makes this fail and the transaction run again.
            setActive(c, importNewRow, accountId, credential);
          }
          execute(c, deleteState, accountId);
          insertState(c, state);
          execute(c, deleteCodes, accountId);
          insertCodes(c, accountId, codes);
          return true;
        });
  }

  @Override
  public boolean deletePending(String accountId, String enrollmentId) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(enrollmentId, "enrollmentId");
    return jdbc.transaction(
        "deletePending",
        c -> {
          try (PreparedStatement s = jdbc.prepare(c, deletePending)) {
            jdbc.setAccountId(s, 1, accountId);
            s.setString(2, enrollmentId);
            if (s.executeUpdate() != 1) {
              c.rollback();
              return false;
            }
          }
          execute(c, deleteEmpty, accountId);
          return true;
        });
  }

  @Override
  public int deleteExpiredPending(Instant now) {
    Objects.requireNonNull(now, "now");
    return jdbc.transaction(
        "deleteExpiredPending",
        c -> {
          int removed = 0;
          // Rows that hold nothing but an expired setup go; beside an active credential, only the
          // setup's columns are cleared.
          for (String sql : List.of(deleteExpiredRows, clearExpired)) {
            try (PreparedStatement s = jdbc.prepare(c, sql)) {
              jdbc.setInstant(s, 1, now);
              removed += s.executeUpdate();
            }
          }
          return removed;
        });
  }

  @Override
  public List<String> accountsWithSecretsNotUnder(
      String keyId, @Nullable String afterAccountId, int limit) {
    Objects.requireNonNull(keyId, "keyId");
    if (limit < 1) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "limit must be 1 or more but was %d", limit));
    }
    return jdbc.autoCommit(
        "accountsWithSecretsNotUnder",
        c -> {
          try (PreparedStatement s =
              jdbc.prepare(c, afterAccountId == null ? staleFirst : staleAfter)) {
            s.setString(1, keyId);
            s.setString(2, keyId);
            int i = 3;
            if (afterAccountId != null) {
              jdbc.setAccountId(s, i++, afterAccountId);
            }
            s.setInt(i, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                ids.add(required(jdbc.getAccountId(r, 1), "account_id"));
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
    return "JdbcStore["
        + tables.prefix()
        + "*, query timeout "
        + jdbc.queryTimeoutSeconds()
        + " s]";
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /**
   * Whether the state row of an account turned out to exist during a transaction: the first run
   * inserts a row for an initial state, and, if that collides, the rerun compares with the row.
   */
  private static final class StateRow {
    boolean exists;
  }

  private static void checkSameAccount(AccountState expected, AccountState next) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(next, "next");
    if (!expected.accountId().equals(next.accountId())) {
      throw new IllegalArgumentException("expected and next must be states of the same account");
    }
  }

  private boolean replaceSecret(
      String operation,
      String sql,
      String accountId,
      EncryptedSecret expected,
      EncryptedSecret replacement) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(replacement, "replacement");
    return jdbc.autoCommit(
        operation,
        c -> {
          try (PreparedStatement s = jdbc.prepare(c, sql)) {
            s.setBytes(1, replacement.toBytes());
            s.setString(2, replacement.keyId());
            jdbc.setAccountId(s, 3, accountId);
            s.setBytes(4, expected.toBytes());
            return s.executeUpdate() == 1;
          }
        });
  }

  /** Applies a proof inside a transaction: the recovery code it spends, then the state. */
  private boolean applyProof(Connection c, StateUpdate proof, StateRow row) throws SQLException {
    return spendCodeIfAny(c, proof) && applyState(c, proof.expected(), proof.next(), row);
  }

  private boolean spendCodeIfAny(Connection c, StateUpdate proof) throws SQLException {
    String codeId = proof.recoveryCodeId();
    if (codeId == null) {
      return true;
    }
    try (PreparedStatement s = jdbc.prepare(c, spendCode)) {
      jdbc.setInstant(s, 1, proof.at());
      jdbc.setAccountId(s, 2, proof.accountId());
      s.setString(3, codeId);
      return s.executeUpdate() == 1;
    }
  }

  /**
   * The state's compare-and-set inside a transaction. For an initial expected state it first
   * inserts the row; if a row exists, the insert fails, the transaction runs again, and this time
   * compares with the row.
   */
  private boolean applyState(Connection c, AccountState expected, AccountState next, StateRow row)
      throws SQLException {
    if (expected.isInitial() && !row.exists) {
      try {
        insertState(c, next);
        return true;
      } catch (SQLException e) {
        if (Jdbc.isUniqueViolation(e)) {
          row.exists = true;
        }
        throw e;
      }
    }
    return casState(c, expected, next);
  }

  private boolean casState(Connection c, AccountState expected, AccountState next)
      throws SQLException {
    try (PreparedStatement s =
        jdbc.prepare(c, expected.lastFailureAt() == null ? casStateFirst : casState)) {
      int i = bindNext(s, 1, next);
      jdbc.setAccountId(s, i, expected.accountId());
      bindMatches(s, i + 1, expected);
      return s.executeUpdate() == 1;
    }
  }

  private boolean casDeleteState(Connection c, AccountState expected) throws SQLException {
    try (PreparedStatement s =
        jdbc.prepare(c, expected.lastFailureAt() == null ? casDeleteStateFirst : casDeleteState)) {
      jdbc.setAccountId(s, 1, expected.accountId());
      bindMatches(s, 2, expected);
      return s.executeUpdate() == 1;
    }
  }

  /** Binds {@code last_step, failures, last_failure_at, drift = ?}; returns the next index. */
  @CanIgnoreReturnValue
  private int bindNext(PreparedStatement s, int from, AccountState next) throws SQLException {
    s.setLong(from, next.lastUsedStep());
    s.setInt(from + 1, next.failures());
    jdbc.setNullableInstant(s, from + 2, next.lastFailureAt());
    s.setInt(from + 3, next.driftSteps());
    return from + 4;
  }

  /**
   * Binds the comparison {@code last_step = ? AND failures = ? AND drift = ? AND last_failure_at =
   * ?} (or {@code IS NULL}, which binds nothing); returns the next index.
   */
  @CanIgnoreReturnValue
  private int bindMatches(PreparedStatement s, int from, AccountState expected)
      throws SQLException {
    s.setLong(from, expected.lastUsedStep());
    s.setInt(from + 1, expected.failures());
    s.setInt(from + 2, expected.driftSteps());
    Instant at = expected.lastFailureAt();
    if (at == null) {
      return from + 3;
    }
    jdbc.setInstant(s, from + 3, at);
    return from + 4;
  }

  private void insertState(Connection c, AccountState state) throws SQLException {
    try (PreparedStatement s = jdbc.prepare(c, insertState)) {
      jdbc.setAccountId(s, 1, state.accountId());
      bindNext(s, 2, state);
      s.executeUpdate();
    }
  }

  private AccountState readState(Connection c, String accountId) throws SQLException {
    AccountState state = readStateRow(c, accountId);
    return state == null ? AccountState.initial(accountId) : state;
  }

  private @Nullable AccountState readStateRow(Connection c, String accountId) throws SQLException {
    try (PreparedStatement s = jdbc.prepare(c, loadState)) {
      jdbc.setAccountId(s, 1, accountId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? stateOf(r, accountId) : null;
      }
    }
  }

  private AccountState stateOf(ResultSet r, String accountId) throws SQLException {
    long lastStep = r.getLong("last_step");
    if (r.wasNull()) {
      return AccountState.initial(accountId);
    }
    int failures = r.getInt("failures");
    Instant lastFailureAt = jdbc.getInstant(r, "last_failure_at");
    int drift = r.getInt("drift");
    return invalidIfThrows(
        () -> new AccountState(accountId, lastStep, failures, lastFailureAt, drift));
  }

  @CanIgnoreReturnValue
  private int execute(Connection c, String sql, String accountId) throws SQLException {
    try (PreparedStatement s = jdbc.prepare(c, sql)) {
      jdbc.setAccountId(s, 1, accountId);
      return s.executeUpdate();
    }
  }

  private boolean exists(Connection c, String sql, String accountId) throws SQLException {
    try (PreparedStatement s = jdbc.prepare(c, sql)) {
      jdbc.setAccountId(s, 1, accountId);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** Binds the pending columns (and then the account id) of an update or insert. */
  @CanIgnoreReturnValue
  private int setPending(Connection c, String sql, String accountId, PendingCredential p)
      throws SQLException {
    try (PreparedStatement s = jdbc.prepare(c, sql)) {
      s.setString(1, p.enrollmentId());
      s.setBytes(2, p.secret().toBytes());
      s.setString(3, p.secret().keyId());
      TotpParameters params = p.parameters();
      s.setString(4, params.algorithm().name());
      s.setInt(5, params.digits());
      s.setInt(6, (int) params.periodSeconds());
      s.setLong(7, params.t0().getEpochSecond());
      jdbc.setInstant(s, 8, p.createdAt());
      jdbc.setInstant(s, 9, p.expiresAt());
      s.setBoolean(10, p.replacement());
      jdbc.setAccountId(s, 11, accountId);
      return s.executeUpdate();
    }
  }

  /** Binds the active columns (and then the account id) of an update or insert. */
  @CanIgnoreReturnValue
  private int setActive(Connection c, String sql, String accountId, ActiveCredential a)
      throws SQLException {
    try (PreparedStatement s = jdbc.prepare(c, sql)) {
      s.setBytes(1, a.secret().toBytes());
      s.setString(2, a.secret().keyId());
      TotpParameters params = a.parameters();
      s.setString(3, params.algorithm().name());
      s.setInt(4, params.digits());
      s.setInt(5, (int) params.periodSeconds());
      s.setLong(6, params.t0().getEpochSecond());
      jdbc.setInstant(s, 7, a.enabledSince());
      jdbc.setAccountId(s, 8, accountId);
      return s.executeUpdate();
    }
  }

  /** Inserts recovery codes (one batch); the caller removed the old ones, if any. */
  private void insertCodes(Connection c, String accountId, List<RecoveryCodeHash> codes)
      throws SQLException {
    if (codes.isEmpty()) {
      return;
    }
    try (PreparedStatement s = jdbc.prepare(c, insertCode)) {
      int index = 0;
      for (RecoveryCodeHash code : codes) {
        jdbc.setAccountId(s, 1, accountId);
        s.setString(2, code.id());
        s.setInt(3, index++);
        s.setBytes(4, code.salt());
        s.setBytes(5, code.hash());
        jdbc.setNullableInstant(s, 6, code.usedAt().orElse(null));
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private RecoveryCodeHash readCode(ResultSet r, String codeId) throws SQLException {
    byte[] salt = required(r.getBytes("salt"), "salt");
    byte[] hash = required(r.getBytes("hash"), "hash");
    Instant usedAt = jdbc.getInstant(r, "used_at");
    return invalidIfThrows(() -> RecoveryCodeHash.of(codeId, salt, hash, usedAt));
  }

  /** The parts of an enrollment row joined with its state. */
  private static final class Row {
    final @Nullable ActiveCredential active;
    final @Nullable PendingCredential pending;
    final AccountState state;

    Row(
        @Nullable ActiveCredential active,
        @Nullable PendingCredential pending,
        AccountState state) {
      this.active = active;
      this.pending = pending;
      this.state = state;
    }
  }

  private Row readRow(ResultSet r, String accountId) throws SQLException {
    ActiveCredential active = null;
    byte[] activeSecret = r.getBytes("active_secret");
    if (activeSecret != null) {
      EncryptedSecret secret =
          secret(activeSecret, required(r.getString("active_key_id"), "active_key_id"));
      TotpParameters params = parameters(r, "active_");
      Instant since = jdbc.getRequiredInstant(r, "enabled_since");
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
      Instant created = jdbc.getRequiredInstant(r, "pending_created_at");
      Instant expires = jdbc.getRequiredInstant(r, "pending_expires_at");
      boolean replacement = r.getBoolean("pending_replacement");
      pending =
          invalidIfThrows(
              () ->
                  new PendingCredential(pendingId, secret, params, created, expires, replacement));
    }
    return new Row(active, pending, stateOf(r, accountId));
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

  /**
   * Builds a {@link JdbcStore}. Mutable and not thread-safe; the store it builds is immutable and
   * thread-safe.
   */
  public static final class Builder {
    private final DataSource dataSource;
    private String tablePrefix = JdbcSchema.DEFAULT_TABLE_PREFIX;
    private @Nullable Dialect dialect;
    private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * Sets the table prefix; default {@value JdbcSchema#DEFAULT_TABLE_PREFIX}.
     *
     * @param prefix see {@link JdbcSchema#checkTablePrefix(String)}
     * @return this builder
     * @throws IllegalArgumentException if the prefix is invalid
     */
    @CanIgnoreReturnValue
    public Builder tablePrefix(String prefix) {
      this.tablePrefix = JdbcSchema.checkTablePrefix(prefix);
      return this;
    }

    /**
     * Names the database's dialect; by default it is read from the first connection's metadata
     * ({@link Dialect#detect}).
     *
     * @param newDialect the dialect
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder dialect(Dialect newDialect) {
      this.dialect = Objects.requireNonNull(newDialect, "dialect");
      return this;
    }

    /**
     * Sets the query timeout of every statement; default {@link #DEFAULT_QUERY_TIMEOUT}. A call
     * that runs out of time throws {@link StateStoreException} ("timed out"); callers fail closed.
     * The network timeout of the store's connections is this plus two seconds.
     *
     * @param timeout 1 second to {@link #MAX_QUERY_TIMEOUT}, whole seconds (JDBC's unit)
     * @return this builder
     * @throws IllegalArgumentException if out of range or not whole seconds
     */
    @CanIgnoreReturnValue
    public Builder queryTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.compareTo(Duration.ofSeconds(1)) < 0
          || timeout.compareTo(MAX_QUERY_TIMEOUT) > 0
          || !timeout.equals(Duration.ofSeconds(timeout.toSeconds()))) {
        throw new IllegalArgumentException(
            "queryTimeout must be whole seconds from 1 second to 10 minutes but was " + timeout);
      }
      this.queryTimeout = timeout;
      return this;
    }

    /**
     * Builds the store. Opens no connection: the dialect, unless named, is read at the first call.
     *
     * @return the store
     */
    public JdbcStore build() {
      return new JdbcStore(this);
    }
  }
}
