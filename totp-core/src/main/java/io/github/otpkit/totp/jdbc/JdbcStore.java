package io.github.otpkit.totp.jdbc;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.crypto.EncryptedSecret;
import io.github.otpkit.totp.crypto.SecretDecryptionException;
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
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EnrollmentStore} (and so an {@link AccountStateStore}) on a database through plain
 * JDBC: what a portal running on several nodes points at one database.
 *
 * <p>Tables (see {@link JdbcSchema}): {@code <prefix>account_state} holds one row per account with
 * the verification state; {@code <prefix>enrollment} one row per account with the active and the
 * pending credential side by side, so that confirming is one conditional {@code UPDATE} that
 * copies the pending columns to the active ones; {@code <prefix>recovery_code} one row per
 * recovery code.
 *
 * <h2>Statements</h2>
 *
 * <ul>
 *   <li>{@link #load}: one {@code SELECT} of the enrollment row joined with the state row and the
 *       count of unused recovery codes (and, for an account without an enrollment row, one of the
 *       state row); {@link #loadWithRecoveryCodes} joins the recovery codes as well;
 *   <li>{@link #updateState}: one compare-and-set, {@code UPDATE account_state SET ... WHERE
 *       account_id = ? AND last_step = ? AND failures = ? AND last_failure_at = ? AND drift = ?};
 *       for an account without a row, an {@code INSERT} that fails if another one won;
 *   <li>every write after a proof ({@link #confirmPending}, {@link #saveReplacement}, {@link
 *       #spendRecoveryCode}, {@link #replaceRecoveryCodes}, {@link #disable}) and {@link
 *       #importActive}: one transaction that starts with the state's compare-and-set (and the
 *       conditional {@code UPDATE} that spends a recovery code) and rolls back, changing nothing,
 *       when any condition does not hold.
 * </ul>
 *
 * <p>No statement uses {@code MERGE} or an upsert: an insert that loses against a concurrent one is
 * retried as an update. Transactions roll back on any failure and are retried (up to three
 * attempts) after a deadlock, a serialization failure or a concurrent insert of the same key. Every
 * {@link SQLException} becomes a {@link StateStoreException} whose message names the operation
 * and the SQLState, never a value.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe, and safe across nodes: all coordination is in the database.
 */
public final class JdbcStore implements EnrollmentStore {
  private static final String ACTIVE_COLUMNS =
      "active_secret, active_key_id, active_algorithm, active_digits, active_period_seconds,"
          + " active_t0, enabled_since";
  private static final String PENDING_COLUMNS =
      "pending_id, pending_secret, pending_key_id, pending_algorithm, pending_digits,"
          + " pending_period_seconds, pending_t0, pending_created_at, pending_expires_at,"
          + " pending_replacement";
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
  private final String deleteCodes;
  private final String insertCode;
  private final String spendCode;
  private final String activeExists;
  private final String deletePending;
  private final String deleteExpired;
  private final String deleteEmpty;
  private final String deleteEmptyAll;
  private final String deleteEnrollmentIfActive;
  private final String importIntoRow;
  private final String importNewRow;
  private final String staleFirst;
  private final String staleAfter;
  private final String replaceActive;
  private final String replacePending;

  private JdbcStore(DataSource dataSource, JdbcSchema.Tables tables) {
    this.jdbc = new Jdbc(dataSource);
    this.tables = tables;
    String e = tables.enrollment();
    String r = tables.recoveryCode();
    String st = tables.state();
    String rowColumns =
        "e.account_id, "
            + ACTIVE_COLUMNS
            + ", "
            + PENDING_COLUMNS
            + ", s.last_step, s.failures, s.last_failure_at, s.drift";
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
            + " s ON s.account_id = e.account_id WHERE e.account_id = ?";
    loadRowWithCodes =
        "SELECT "
            + rowColumns
            + ", c.code_id, c.salt, c.hash, c.used_at FROM "
            + e
            + " e LEFT JOIN "
            + st
            + " s ON s.account_id = e.account_id LEFT JOIN "
            + r
            + " c ON c.account_id = e.account_id WHERE e.account_id = ? ORDER BY c.code_index";
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
        "UPDATE " + e + " SET " + SET_PENDING + " WHERE account_id = ? AND active_secret IS NOT NULL";
    confirmMove =
        "UPDATE "
            + e
            + " SET active_secret = pending_secret, active_key_id = pending_key_id,"
            + " active_algorithm = pending_algorithm, active_digits = pending_digits,"
            + " active_period_seconds = pending_period_seconds, active_t0 = pending_t0,"
            + " enabled_since = ?, "
            + CLEAR_PENDING
            + " WHERE account_id = ? AND pending_id = ? AND pending_expires_at > ?";
    deleteCodes = "DELETE FROM " + r + " WHERE account_id = ?";
    insertCode =
        "INSERT INTO "
            + r
            + " (account_id, code_id, code_index, salt, hash, used_at) VALUES (?, ?, ?, ?, ?, ?)";
    spendCode =
        "UPDATE "
            + r
            + " SET used_at = ? WHERE account_id = ? AND code_id = ? AND used_at IS NULL";
    activeExists =
        "SELECT account_id FROM " + e + " WHERE account_id = ? AND active_secret IS NOT NULL";
    deletePending =
        "UPDATE " + e + " SET " + CLEAR_PENDING + " WHERE account_id = ? AND pending_id = ?";
    deleteExpired = "UPDATE " + e + " SET " + CLEAR_PENDING + " WHERE pending_expires_at <= ?";
    deleteEmpty =
        "DELETE FROM "
            + e
            + " WHERE account_id = ? AND active_secret IS NULL AND pending_id IS NULL";
    deleteEmptyAll = "DELETE FROM " + e + " WHERE active_secret IS NULL AND pending_id IS NULL";
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
   * Creates a store on the tables with the default prefix {@value JdbcSchema#DEFAULT_TABLE_PREFIX}.
   * Create them first with {@link JdbcSchema#createIfAbsent(DataSource)} or from {@value
   * JdbcSchema#RESOURCE}.
   *
   * @param dataSource the database, typically a connection pool
   * @return the store
   */
  public static JdbcStore create(DataSource dataSource) {
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
  public static JdbcStore create(DataSource dataSource, String tablePrefix) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new JdbcStore(dataSource, new JdbcSchema.Tables(tablePrefix));
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
          if (casState(c, expected, next)) {
            return true;
          }
          if (!expected.isInitial()) {
            return false;
          }
          try {
            insertState(c, next);
            return true;
          } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
              return false; // another attempt created the row first: read again
            }
            throw e;
          }
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
          try (PreparedStatement s = c.prepareStatement(loadRow)) {
            s.setString(1, accountId);
            try (ResultSet r = s.executeQuery()) {
              if (r.next()) {
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
          }
          return snapshotWithoutRow(c, accountId);
        });
  }

  @Override
  public EnrollmentSnapshot loadWithRecoveryCodes(String accountId) {
    AccountStateStore.checkAccountId(accountId);
    return jdbc.autoCommit(
        "loadWithRecoveryCodes",
        c -> {
          try (PreparedStatement s = c.prepareStatement(loadRowWithCodes)) {
            s.setString(1, accountId);
            try (ResultSet r = s.executeQuery()) {
              if (r.next()) {
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
          }
          return snapshotWithoutRow(c, accountId);
        });
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
    return jdbc.transaction(
        "saveReplacement",
        c -> {
          if (!applyProof(c, proof)
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
    return jdbc.transaction(
        "confirmPending",
        c -> {
          boolean moved;
          try (PreparedStatement s = c.prepareStatement(confirmMove)) {
            Jdbc.setInstant(s, 1, now);
            s.setString(2, accountId);
            s.setString(3, enrollmentId);
            Jdbc.setInstant(s, 4, now);
            moved = s.executeUpdate() == 1;
          }
          if (!moved || !applyState(c, proof.expected(), proof.next())) {
            c.rollback();
            return false;
          }
          if (codes != null) {
            writeCodes(c, accountId, codes);
          }
          return true;
        });
  }

  @Override
  public boolean spendRecoveryCode(StateUpdate update) {
    Objects.requireNonNull(update, "update");
    if (update.recoveryCodeId() == null) {
      throw new IllegalArgumentException("the update names no recovery code to spend");
    }
    return jdbc.transaction(
        "spendRecoveryCode",
        c -> {
          if (!applyProof(c, update)) {
            c.rollback();
            return false;
          }
          return true;
        });
  }

  @Override
  public boolean replaceRecoveryCodes(StateUpdate proof, List<RecoveryCodeHash> newRecoveryCodes) {
    Objects.requireNonNull(proof, "proof");
    List<RecoveryCodeHash> codes = EnrollmentStore.checkRecoveryCodes(newRecoveryCodes);
    String accountId = proof.accountId();
    return jdbc.transaction(
        "replaceRecoveryCodes",
        c -> {
          if (!applyProof(c, proof) || !exists(c, activeExists, accountId)) {
            c.rollback();
            return false;
          }
          writeCodes(c, accountId, codes);
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
                      || (proof.expected().isInitial()
                          && readStateRow(c, accountId) == null));
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
          writeCodes(c, accountId, codes);
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
          try (PreparedStatement s = c.prepareStatement(deletePending)) {
            s.setString(1, accountId);
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
    return "JdbcStore[" + tables.prefix() + "*]";
  }

  // ---- helpers ----------------------------------------------------------------------------------

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
          try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setBytes(1, replacement.toBytes());
            s.setString(2, replacement.keyId());
            s.setString(3, accountId);
            s.setBytes(4, expected.toBytes());
            return s.executeUpdate() == 1;
          }
        });
  }

  /** Applies a proof inside a transaction: the recovery code it spends, then the state. */
  private boolean applyProof(Connection c, StateUpdate proof) throws SQLException {
    return spendCodeIfAny(c, proof) && applyState(c, proof.expected(), proof.next());
  }

  private boolean spendCodeIfAny(Connection c, StateUpdate proof) throws SQLException {
    String codeId = proof.recoveryCodeId();
    if (codeId == null) {
      return true;
    }
    try (PreparedStatement s = c.prepareStatement(spendCode)) {
      Jdbc.setInstant(s, 1, proof.at());
      s.setString(2, proof.accountId());
      s.setString(3, codeId);
      return s.executeUpdate() == 1;
    }
  }

  /**
   * The state's compare-and-set inside a transaction; for an account without a state row and an
   * initial expected state, an insert (a concurrent insert fails the transaction, which then runs
   * again and sees the row).
   */
  private boolean applyState(Connection c, AccountState expected, AccountState next)
      throws SQLException {
    if (casState(c, expected, next)) {
      return true;
    }
    if (!expected.isInitial() || readStateRow(c, expected.accountId()) != null) {
      return false;
    }
    insertState(c, next);
    return true;
  }

  private boolean casState(Connection c, AccountState expected, AccountState next)
      throws SQLException {
    Instant expectedFailureAt = expected.lastFailureAt();
    try (PreparedStatement s =
        c.prepareStatement(expectedFailureAt == null ? casStateFirst : casState)) {
      s.setLong(1, next.lastUsedStep());
      s.setInt(2, next.failures());
      Jdbc.setNullableInstant(s, 3, next.lastFailureAt());
      s.setInt(4, next.driftSteps());
      bindExpected(s, 5, expected);
      return s.executeUpdate() == 1;
    }
  }

  private boolean casDeleteState(Connection c, AccountState expected) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            expected.lastFailureAt() == null ? casDeleteStateFirst : casDeleteState)) {
      bindExpected(s, 1, expected);
      return s.executeUpdate() == 1;
    }
  }

  private static void bindExpected(PreparedStatement s, int from, AccountState expected)
      throws SQLException {
    s.setString(from, expected.accountId());
    s.setLong(from + 1, expected.lastUsedStep());
    s.setInt(from + 2, expected.failures());
    s.setInt(from + 3, expected.driftSteps());
    Instant at = expected.lastFailureAt();
    if (at != null) {
      Jdbc.setInstant(s, from + 4, at);
    }
  }

  private void insertState(Connection c, AccountState state) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(insertState)) {
      s.setString(1, state.accountId());
      s.setLong(2, state.lastUsedStep());
      s.setInt(3, state.failures());
      Jdbc.setNullableInstant(s, 4, state.lastFailureAt());
      s.setInt(5, state.driftSteps());
      s.executeUpdate();
    }
  }

  private AccountState readState(Connection c, String accountId) throws SQLException {
    AccountState state = readStateRow(c, accountId);
    return state == null ? AccountState.initial(accountId) : state;
  }

  private @Nullable AccountState readStateRow(Connection c, String accountId)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(loadState)) {
      s.setString(1, accountId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? stateOf(r, accountId) : null;
      }
    }
  }

  private EnrollmentSnapshot snapshotWithoutRow(Connection c, String accountId)
      throws SQLException {
    return new EnrollmentSnapshot(accountId, null, null, readState(c, accountId), 0, List.of());
  }

  private static AccountState stateOf(ResultSet r, String accountId) throws SQLException {
    long lastStep = r.getLong("last_step");
    if (r.wasNull()) {
      return AccountState.initial(accountId);
    }
    int failures = r.getInt("failures");
    Instant lastFailureAt = Jdbc.getInstant(r, "last_failure_at");
    int drift = r.getInt("drift");
    return invalidIfThrows(
        () -> new AccountState(accountId, lastStep, failures, lastFailureAt, drift));
  }

  @CanIgnoreReturnValue
  private static int execute(Connection c, String sql, String accountId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, accountId);
      return s.executeUpdate();
    }
  }

  private static boolean exists(Connection c, String sql, String accountId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, accountId);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** Binds the pending columns (and then the account id) of an update or insert. */
  @CanIgnoreReturnValue
  private static int setPending(
      Connection c, String sql, String accountId, PendingCredential p) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, p.enrollmentId());
      s.setBytes(2, p.secret().toBytes());
      s.setString(3, p.secret().keyId());
      TotpParameters params = p.parameters();
      s.setString(4, params.algorithm().name());
      s.setInt(5, params.digits());
      s.setInt(6, (int) params.periodSeconds());
      s.setLong(7, params.t0().getEpochSecond());
      Jdbc.setInstant(s, 8, p.createdAt());
      Jdbc.setInstant(s, 9, p.expiresAt());
      s.setBoolean(10, p.replacement());
      s.setString(11, accountId);
      return s.executeUpdate();
    }
  }

  /** Binds the active columns (and then the account id) of an update or insert. */
  @CanIgnoreReturnValue
  private static int setActive(
      Connection c, String sql, String accountId, ActiveCredential a) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setBytes(1, a.secret().toBytes());
      s.setString(2, a.secret().keyId());
      TotpParameters params = a.parameters();
      s.setString(3, params.algorithm().name());
      s.setInt(4, params.digits());
      s.setInt(5, (int) params.periodSeconds());
      s.setLong(6, params.t0().getEpochSecond());
      Jdbc.setInstant(s, 7, a.enabledSince());
      s.setString(8, accountId);
      return s.executeUpdate();
    }
  }

  private void writeCodes(Connection c, String accountId, List<RecoveryCodeHash> codes)
      throws SQLException {
    execute(c, deleteCodes, accountId);
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

  private static RecoveryCodeHash readCode(ResultSet r, String codeId) throws SQLException {
    byte[] salt = required(r.getBytes("salt"), "salt");
    byte[] hash = required(r.getBytes("hash"), "hash");
    Instant usedAt = Jdbc.getInstant(r, "used_at");
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

  private static Row readRow(ResultSet r, String accountId) throws SQLException {
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
}
