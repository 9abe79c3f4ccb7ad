package io.github.otpkit.totp.jdbc;

import io.github.otpkit.totp.store.StateStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Connection and transaction handling shared by the JDBC stores: every {@link SQLException}
 * becomes a {@link StateStoreException} that names the operation and the SQLState, never a value.
 */
final class Jdbc {
  /** SQLState of a unique-constraint violation: a concurrent insert of the same row. */
  static final String UNIQUE_VIOLATION = "23505";

  private static final int ATTEMPTS = 3;

  /** Work on a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;

  Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Runs statements that each commit on their own (auto-commit), for single conditional
   * statements.
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
    Connection c = dataSource.getConnection();
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
      closeQuietly(c, restore, !autoCommit, e);
      throw e;
    }
    // The outcome is known and committed: a failure to tidy up the connection must not hide it.
    closeQuietly(c, restore, !autoCommit, null);
    return result;
  }

  private static void closeQuietly(
      Connection c, boolean restore, boolean autoCommit, @Nullable Exception failure) {
    try {
      if (restore) {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      if (failure != null) {
        failure.addSuppressed(e);
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

  private static boolean isRetryable(SQLException e) {
    String state = e.getSQLState();
    return UNIQUE_VIOLATION.equals(state) || "40001".equals(state) || "40P01".equals(state);
  }

  static boolean isUniqueViolation(SQLException e) {
    return UNIQUE_VIOLATION.equals(e.getSQLState());
  }

  /**
   * Wraps a failure.
   *
   * @param operation the store operation, e.g. {@code tryMarkUsed}
   * @param e the failure
   * @return the exception to throw, with the SQLState and no data values in its message
   */
  static StateStoreException failure(String operation, SQLException e) {
    String state = e.getSQLState();
    return new StateStoreException(
        String.format(
            Locale.ROOT,
            "database operation %s failed (SQLState %s)",
            operation,
            state == null ? "unknown" : state),
        e);
  }

  static void setInstant(PreparedStatement s, int index, Instant instant) throws SQLException {
    s.setObject(index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
  }

  static void setNullableInstant(PreparedStatement s, int index, @Nullable Instant instant)
      throws SQLException {
    if (instant == null) {
      s.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      setInstant(s, index, instant);
    }
  }

  static @Nullable Instant getInstant(ResultSet r, String column) throws SQLException {
    OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static Instant getRequiredInstant(ResultSet r, String column) throws SQLException {
    Instant t = getInstant(r, column);
    if (t == null) {
      throw new SQLException("column " + column + " is NULL", "22004");
    }
    return t;
  }
}
