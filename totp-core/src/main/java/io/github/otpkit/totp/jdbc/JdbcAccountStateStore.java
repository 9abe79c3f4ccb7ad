package io.github.otpkit.totp.jdbc;

import io.github.otpkit.totp.internal.StoreChecks;
import io.github.otpkit.totp.verify.AccountState;
import io.github.otpkit.totp.verify.AccountStateStore;
import io.github.otpkit.totp.verify.StateStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AccountStateStore} on a database through plain JDBC: replay protection and throttling
 * that hold across sessions, restarts and every node that shares the database.
 *
 * <p>Each operation is one conditional statement on the table {@code <prefix>account_state} (see
 * {@link JdbcSchema}), run in auto-commit:
 *
 * <ul>
 *   <li>{@link #tryMarkUsed}: {@code UPDATE ... SET last_step = ?, drift = ?, failures = 0,
 *       last_failure_at = NULL WHERE account_id = ? AND last_step < ?}; the row lock taken by the
 *       {@code UPDATE} makes concurrent calls with the same step succeed exactly once;
 *   <li>{@link #tryChargeAttempt}: {@code UPDATE ... SET failures = ?, last_failure_at = ? WHERE
 *       account_id = ? AND failures = ? AND last_failure_at = ?} ({@code last_failure_at IS NULL}
 *       when no failure time is expected);
 *   <li>{@link #resetFailures}, {@link #delete}: one {@code UPDATE} or {@code DELETE};
 *   <li>{@link #reset}: one {@code MERGE} (an upsert).
 * </ul>
 *
 * <p>A row is created on first use: when a conditional {@code UPDATE} changes no row, the store
 * inserts the initial row if it is absent ({@code MERGE ... WHEN NOT MATCHED THEN INSERT}; a
 * unique-key violation from a concurrent insert is ignored) and runs the {@code UPDATE} once more.
 * The insert changes no state, so the operation stays a single conditional statement.
 *
 * <p>Every {@link SQLException} becomes a {@link StateStoreException} whose message names the
 * operation and the SQLState (e.g. {@code database operation tryMarkUsed failed (SQLState
 * 08006)}), never a value: verification fails closed while the database is unavailable.
 *
 * <p>Use {@link JdbcEnrollmentStore#accountStates()} when the enrollment lifecycle is used too: it
 * is this store on the same tables.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe, and safe across nodes: all coordination is in the database. Connections are taken
 * from the {@link DataSource} per operation and closed (returned to the pool) afterwards.
 */
public final class JdbcAccountStateStore implements AccountStateStore {
  private final Jdbc jdbc;
  private final String load;
  private final String charge;
  private final String chargeFirst;
  private final String markUsed;
  private final String resetFailures;
  private final String insertIfAbsent;
  private final String reset;
  private final String delete;
  private final String tableName;

  private JdbcAccountStateStore(DataSource dataSource, JdbcSchema.Tables tables) {
    this.jdbc = new Jdbc(dataSource);
    String t = tables.state();
    this.tableName = t;
    this.load =
        "SELECT last_step, failures, last_failure_at, drift FROM " + t + " WHERE account_id = ?";
    String chargeWhere =
        "UPDATE " + t + " SET failures = ?, last_failure_at = ? WHERE account_id = ? AND failures = ?";
    this.charge = chargeWhere + " AND last_failure_at = ?";
    this.chargeFirst = chargeWhere + " AND last_failure_at IS NULL";
    this.markUsed =
        "UPDATE "
            + t
            + " SET last_step = ?, drift = ?, failures = 0, last_failure_at = NULL"
            + " WHERE account_id = ? AND last_step < ?";
    this.resetFailures =
        "UPDATE " + t + " SET failures = 0, last_failure_at = NULL WHERE account_id = ?";
    this.insertIfAbsent =
        "MERGE INTO "
            + t
            + " t USING (VALUES (CAST(? AS VARCHAR(255)))) AS s(account_id)"
            + " ON t.account_id = s.account_id"
            + " WHEN NOT MATCHED THEN INSERT (account_id, last_step, failures, last_failure_at, drift)"
            + " VALUES (s.account_id, -1, 0, NULL, 0)";
    this.reset =
        "MERGE INTO "
            + t
            + " t USING (VALUES (CAST(? AS VARCHAR(255)), CAST(? AS BIGINT))) AS s(account_id, last_step)"
            + " ON t.account_id = s.account_id"
            + " WHEN MATCHED THEN UPDATE SET last_step = s.last_step, failures = 0,"
            + " last_failure_at = NULL, drift = 0"
            + " WHEN NOT MATCHED THEN INSERT (account_id, last_step, failures, last_failure_at, drift)"
            + " VALUES (s.account_id, s.last_step, 0, NULL, 0)";
    this.delete = "DELETE FROM " + t + " WHERE account_id = ?";
  }

  /**
   * Creates a store on the tables with the default prefix {@value JdbcSchema#DEFAULT_TABLE_PREFIX}.
   * Create them first with {@link JdbcSchema#createIfAbsent(DataSource)} or from {@value
   * JdbcSchema#RESOURCE}.
   *
   * @param dataSource the database, typically a connection pool
   * @return the store
   */
  public static JdbcAccountStateStore create(DataSource dataSource) {
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
  public static JdbcAccountStateStore create(DataSource dataSource, String tablePrefix) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new JdbcAccountStateStore(dataSource, new JdbcSchema.Tables(tablePrefix));
  }

  @Override
  public AccountState load(String accountId) {
    StoreChecks.accountId(accountId);
    return jdbc.autoCommit("load", c -> read(c, accountId));
  }

  @Override
  public boolean tryChargeAttempt(
      String accountId, int expectedFailures, @Nullable Instant expectedLastFailureAt, Instant at) {
    StoreChecks.accountId(accountId);
    StoreChecks.expectedFailures(expectedFailures);
    Objects.requireNonNull(at, "at");
    return jdbc.autoCommit(
        "tryChargeAttempt",
        c ->
            updateCreatingRow(
                c,
                accountId,
                s -> {
                  s.setInt(1, expectedFailures + 1);
                  Jdbc.setInstant(s, 2, at);
                  s.setString(3, accountId);
                  s.setInt(4, expectedFailures);
                  if (expectedLastFailureAt != null) {
                    Jdbc.setInstant(s, 5, expectedLastFailureAt);
                  }
                },
                expectedLastFailureAt == null ? chargeFirst : charge));
  }

  @Override
  public boolean tryMarkUsed(String accountId, long step, int driftSteps) {
    StoreChecks.accountId(accountId);
    StoreChecks.step("step", step);
    return jdbc.autoCommit(
        "tryMarkUsed",
        c ->
            updateCreatingRow(
                c,
                accountId,
                s -> {
                  s.setLong(1, step);
                  s.setInt(2, driftSteps);
                  s.setString(3, accountId);
                  s.setLong(4, step);
                },
                markUsed));
  }

  @Override
  public void resetFailures(String accountId) {
    StoreChecks.accountId(accountId);
    jdbc.autoCommit(
        "resetFailures",
        c -> {
          try (PreparedStatement s = c.prepareStatement(resetFailures)) {
            s.setString(1, accountId);
            return s.executeUpdate();
          }
        });
  }

  @Override
  public void reset(String accountId, long lastUsedStep) {
    StoreChecks.accountId(accountId);
    StoreChecks.lastUsedStep(lastUsedStep);
    jdbc.autoCommit(
        "reset",
        c -> {
          try {
            return upsertReset(c, accountId, lastUsedStep);
          } catch (SQLException e) {
            if (!Jdbc.isUniqueViolation(e)) {
              throw e;
            }
            // A concurrent first insert won; the row exists now, so the MERGE updates it.
            return upsertReset(c, accountId, lastUsedStep);
          }
        });
  }

  @Override
  public void delete(String accountId) {
    StoreChecks.accountId(accountId);
    jdbc.autoCommit(
        "delete",
        c -> {
          try (PreparedStatement s = c.prepareStatement(delete)) {
            s.setString(1, accountId);
            return s.executeUpdate();
          }
        });
  }

  @Override
  public String toString() {
    return "JdbcAccountStateStore[" + tableName + "]";
  }

  private int upsertReset(Connection c, String accountId, long lastUsedStep) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(reset)) {
      s.setString(1, accountId);
      s.setLong(2, lastUsedStep);
      return s.executeUpdate();
    }
  }

  private AccountState read(Connection c, String accountId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(load)) {
      s.setString(1, accountId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return AccountState.initial(accountId);
        }
        return new AccountState(
            accountId,
            r.getLong("last_step"),
            r.getInt("failures"),
            Jdbc.getInstant(r, "last_failure_at"),
            r.getInt("drift"));
      }
    }
  }

  /** Binds the parameters of a statement. */
  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /**
   * Runs a conditional update; if it changed nothing, makes sure the row exists and runs it once
   * more, so that an account's first operation behaves as on the initial state.
   */
  private boolean updateCreatingRow(Connection c, String accountId, Binder binder, String sql)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      binder.bind(s);
      if (s.executeUpdate() == 1) {
        return true;
      }
      insertIfAbsent(c, accountId);
      return s.executeUpdate() == 1;
    }
  }

  /** Inserts the initial row unless it exists. */
  private void insertIfAbsent(Connection c, String accountId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(insertIfAbsent)) {
      s.setString(1, accountId);
      s.executeUpdate();
    } catch (SQLException e) {
      if (!Jdbc.isUniqueViolation(e)) {
        throw e;
      }
      // A concurrent insert of the same row won: the row exists, which is all we need.
    }
  }
}
