package io.github.otpkit.totp.jdbc;

import io.github.otpkit.totp.jdbc.JdbcSchema.Dialect;
import io.github.otpkit.totp.store.StateStoreException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTimeoutException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Connections, transactions, timeouts and the dialect's bindings, in one place for the JDBC store:
 * every {@link SQLException} becomes a {@link StateStoreException} that names the operation and the
 * SQLState, never a value.
 *
 * <h2>Timeouts</h2>
 *
 * Every statement gets the query timeout ({@link PreparedStatement#setQueryTimeout}): the database
 * cancels a statement that runs or waits for a lock longer. A stalled network gets no answer to a
 * cancel either, so while the store holds a connection its network timeout ({@link
 * Connection#setNetworkTimeout}) is the query timeout plus {@value #NETWORK_MARGIN_MILLIS} ms: the
 * driver gives up reading and closes the connection. Both are restored before the connection goes
 * back to the pool. (H2 ignores network timeouts; embedded, it has no network.)
 *
 * <h2>Sessions</h2>
 *
 * Inside {@link #session}, the calls of one thread share one connection, taken from the pool at the
 * first call and given back at the end: a sign-in's read and write cost one checkout. Each call
 * still commits on its own.
 */
final class Jdbc {
  /** SQLState of a unique-constraint violation on H2 and PostgreSQL. */
  static final String UNIQUE_VIOLATION = "23505";

  /** How much longer than the query timeout the driver waits for the network. */
  static final int NETWORK_MARGIN_MILLIS = 2000;

  private static final int ATTEMPTS = 3;

  /** MariaDB's and MySQL's error code for a duplicate key (SQLState 23000, shared by others). */
  private static final int MYSQL_DUPLICATE_KEY = 1062;

  /** MariaDB's and MySQL's error code for a lock wait timeout (SQLState HY000). */
  private static final int MYSQL_LOCK_WAIT_TIMEOUT = 1205;

  /** Setting a network timeout needs an executor; the drivers' own threads do the work. */
  private static final Executor DIRECT = Runnable::run;

  /** Work on a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;
  private final int queryTimeoutSeconds;
  private final int networkTimeoutMillis;

  // Per instance on purpose: a session holds a connection of this store's data source, which a
  // session of another store (another database) must not join.
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<Session> sessions = new ThreadLocal<>();

  private volatile @Nullable Dialect dialect;
  private volatile boolean networkTimeoutSupported = true;

  Jdbc(DataSource dataSource, @Nullable Dialect dialect, int queryTimeoutSeconds) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.queryTimeoutSeconds = queryTimeoutSeconds;
    this.networkTimeoutMillis = queryTimeoutSeconds * 1000 + NETWORK_MARGIN_MILLIS;
  }

  /**
   * Returns the dialect: the one named, or the one read from the first connection's metadata.
   *
   * @throws IllegalStateException if no connection was opened yet and none was named
   */
  Dialect dialect() {
    Dialect d = dialect;
    if (d == null) {
      throw new IllegalStateException("the dialect is known once a connection was opened");
    }
    return d;
  }

  int queryTimeoutSeconds() {
    return queryTimeoutSeconds;
  }

  // ---- sessions -------------------------------------------------------------------------------

  /** A connection held for a session, and the network timeout to restore on it. */
  private static final class Held {
    final Connection connection;
    final int previousNetworkTimeout;

    Held(Connection connection, int previousNetworkTimeout) {
      this.connection = connection;
      this.previousNetworkTimeout = previousNetworkTimeout;
    }
  }

  /** The connection a thread's session holds, once its first call opened it. */
  private static final class Session {
    @Nullable Held held;
  }

  /**
   * Runs work whose calls, on this thread, share one connection; nested sessions join the outer
   * one.
   */
  <T> T session(Supplier<T> work) {
    if (sessions.get() != null) {
      return work.get();
    }
    Session session = new Session();
    sessions.set(session);
    try {
      return work.get();
    } finally {
      sessions.remove();
      Held held = session.held;
      if (held != null) {
        release(held, null);
      }
    }
  }

  // ---- calls ----------------------------------------------------------------------------------

  /**
   * Runs statements that each commit on their own (auto-commit), for single conditional statements.
   */
  <T> T autoCommit(String operation, Work<T> work) {
    try {
      return run(work, true);
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  /**
   * Runs work in one transaction: committed if it returns, rolled back if it throws. Work may roll
   * back itself and return. Retried (up to three attempts) when the database reports a concurrent
   * insert of the same key, a serialization failure or a deadlock.
   */
  <T> T transaction(String operation, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return run(work, false);
      } catch (SQLException e) {
        if (attempt >= ATTEMPTS || !isRetryable(e)) {
          throw failure(operation, e);
        }
      }
    }
  }

  private <T> T run(Work<T> work, boolean autoCommit) throws SQLException {
    Session session = sessions.get();
    Held held;
    if (session == null) {
      held = open();
    } else {
      Held h = session.held;
      if (h == null) {
        h = open();
        session.held = h;
      }
      held = h;
    }
    Connection c = held.connection;
    boolean restore = false;
    T result;
    try {
      boolean was = c.getAutoCommit();
      if (was != autoCommit) {
        c.setAutoCommit(autoCommit);
        restore = true;
      }
      try {
        result = work.run(c);
        if (!autoCommit) {
          c.commit();
        }
      } catch (SQLException | RuntimeException e) {
        if (!autoCommit) {
          try {
            c.rollback();
          } catch (SQLException rollback) {
            e.addSuppressed(rollback);
          }
        }
        throw e;
      }
    } catch (SQLException | RuntimeException e) {
      restoreAutoCommit(c, restore, !autoCommit, e);
      if (session == null) {
        release(held, e);
      } else if (e instanceof SQLException sql && isConnectionFailure(sql)) {
        // A broken connection goes back to the pool (which discards it); a later call of the
        // session opens another.
        session.held = null;
        release(held, e);
      }
      throw e;
    }
    // The outcome is known and committed: a failure to tidy up the connection must not hide it.
    restoreAutoCommit(c, restore, !autoCommit, null);
    if (session == null) {
      release(held, null);
    }
    return result;
  }

  private Held open() throws SQLException {
    Connection c = dataSource.getConnection();
    try {
      if (dialect == null) {
        dialect = Dialect.detect(c);
      }
      return new Held(c, applyNetworkTimeout(c));
    } catch (SQLException | RuntimeException e) {
      try {
        c.close();
      } catch (SQLException close) {
        e.addSuppressed(close);
      }
      throw e;
    }
  }

  /** Sets the network timeout; returns the one to restore, or -1 if the driver has none. */
  private int applyNetworkTimeout(Connection c) throws SQLException {
    if (!networkTimeoutSupported) {
      return -1;
    }
    try {
      int previous = c.getNetworkTimeout();
      c.setNetworkTimeout(DIRECT, networkTimeoutMillis);
      return previous;
    } catch (SQLFeatureNotSupportedException | UnsupportedOperationException e) {
      networkTimeoutSupported = false;
      return -1;
    }
  }

  private static void restoreAutoCommit(
      Connection c, boolean restore, boolean autoCommit, @Nullable Exception failure) {
    if (!restore) {
      return;
    }
    try {
      c.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
  }

  private static void release(Held held, @Nullable Exception failure) {
    Connection c = held.connection;
    if (held.previousNetworkTimeout >= 0) {
      try {
        if (!c.isClosed()) {
          c.setNetworkTimeout(DIRECT, held.previousNetworkTimeout);
        }
      } catch (SQLException e) {
        if (failure != null) {
          failure.addSuppressed(e);
        }
      }
    }
    try {
      c.close();
    } catch (SQLException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
  }

  // ---- statements and bindings ----------------------------------------------------------------

  /** Prepares a statement with the query timeout. */
  PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    try {
      s.setQueryTimeout(queryTimeoutSeconds);
    } catch (SQLException | RuntimeException e) {
      try {
        s.close();
      } catch (SQLException close) {
        e.addSuppressed(close);
      }
      throw e;
    }
    return s;
  }

  /**
   * Binds an account id: as text, or on MariaDB and MySQL as its UTF-8 bytes (a {@code VARBINARY}
   * column, compared byte for byte).
   */
  void setAccountId(PreparedStatement s, int index, String accountId) throws SQLException {
    if (dialect() == Dialect.MARIADB) {
      s.setBytes(index, accountId.getBytes(StandardCharsets.UTF_8));
    } else {
      s.setString(index, accountId);
    }
  }

  @Nullable String getAccountId(ResultSet r, int column) throws SQLException {
    if (dialect() == Dialect.MARIADB) {
      byte[] bytes = r.getBytes(column);
      return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
    return r.getString(column);
  }

  /**
   * Binds an instant to the microsecond, in UTC: with its offset on H2 and PostgreSQL ({@code
   * TIMESTAMP WITH TIME ZONE}), as a UTC date and time on MariaDB and MySQL ({@code DATETIME}).
   */
  void setInstant(PreparedStatement s, int index, Instant instant) throws SQLException {
    Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
    if (dialect() == Dialect.MARIADB) {
      s.setObject(index, LocalDateTime.ofInstant(micros, ZoneOffset.UTC));
    } else {
      s.setObject(index, OffsetDateTime.ofInstant(micros, ZoneOffset.UTC));
    }
  }

  void setNullableInstant(PreparedStatement s, int index, @Nullable Instant instant)
      throws SQLException {
    if (instant != null) {
      setInstant(s, index, instant);
    } else if (dialect() == Dialect.MARIADB) {
      s.setNull(index, Types.TIMESTAMP);
    } else {
      s.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    }
  }

  @Nullable Instant getInstant(ResultSet r, String column) throws SQLException {
    if (dialect() == Dialect.MARIADB) {
      LocalDateTime t = r.getObject(column, LocalDateTime.class);
      return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
    OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  Instant getRequiredInstant(ResultSet r, String column) throws SQLException {
    Instant t = getInstant(r, column);
    if (t == null) {
      throw new SQLException("column " + column + " is NULL", "22004");
    }
    return t;
  }

  // ---- errors ---------------------------------------------------------------------------------

  /**
   * Returns the failure that carries the SQLState: {@code e}, or, when a driver wraps it without
   * one (MariaDB's {@code BatchUpdateException}), the first cause or chained exception with a
   * SQLState.
   */
  static SQLException withState(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        if (sql.getSQLState() != null) {
          return sql;
        }
        SQLException next = sql.getNextException();
        if (next != null && next != sql && next.getSQLState() != null) {
          return next;
        }
      }
    }
    return e;
  }

  private static boolean isRetryable(SQLException failure) {
    SQLException e = withState(failure);
    String state = e.getSQLState();
    // 40001: serialization failure (PostgreSQL), deadlock (MariaDB, MySQL: error 1213);
    // 40P01: deadlock (PostgreSQL).
    return isUniqueViolation(e) || "40001".equals(state) || "40P01".equals(state);
  }

  /** A concurrent insert of the same key: 23505 (H2, PostgreSQL), 23000 + 1062 (MariaDB, MySQL). */
  static boolean isUniqueViolation(SQLException failure) {
    SQLException e = withState(failure);
    String state = e.getSQLState();
    return UNIQUE_VIOLATION.equals(state)
        || ("23000".equals(state) && e.getErrorCode() == MYSQL_DUPLICATE_KEY);
  }

  /** SQLState class 08: the connection is gone. */
  private static boolean isConnectionFailure(SQLException e) {
    String state = withState(e).getSQLState();
    return state == null || state.startsWith("08");
  }

  /**
   * Tells whether a failure is a timeout: the query timeout (57014 on H2 and PostgreSQL, 70100 on
   * MariaDB), a lock wait that timed out (HYT00 on H2, 55P03 on PostgreSQL, error 1205 on MariaDB),
   * or the network timeout (a {@link SocketTimeoutException} underneath).
   */
  static boolean isTimeout(SQLException failure) {
    SQLException e = withState(failure);
    String state = e.getSQLState();
    if (e instanceof SQLTimeoutException
        || "57014".equals(state)
        || "70100".equals(state)
        || "HYT00".equals(state)
        || "55P03".equals(state)
        || ("HY000".equals(state) && e.getErrorCode() == MYSQL_LOCK_WAIT_TIMEOUT)) {
      return true;
    }
    for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Wraps a failure.
   *
   * @param operation the store operation, e.g. {@code updateState}
   * @param e the failure
   * @return the exception to throw, with the SQLState and no data values in its message
   */
  static StateStoreException failure(String operation, SQLException e) {
    String state = withState(e).getSQLState();
    return new StateStoreException(
        String.format(
            Locale.ROOT,
            "database operation %s %s (SQLState %s)",
            operation,
            isTimeout(e) ? "timed out" : "failed",
            state == null ? "unknown" : state),
        e);
  }
}
