package io.github.otpkit.totp.jdbc;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.otpkit.totp.store.StateStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database schema of the JDBC stores: three tables, shipped as the class-path resource
 * {@value #RESOURCE}.
 *
 * <p>The resource uses the default table prefix {@value #DEFAULT_TABLE_PREFIX}. {@link
 * #ddl(String)} returns its statements for another prefix (for Flyway, Liquibase or a DBA), and
 * {@link #createIfAbsent(DataSource, String)} runs them ({@code CREATE TABLE IF NOT EXISTS}). The
 * SQL is portable between H2 2.x and PostgreSQL 15 or later.
 *
 * <table>
 *   <caption>Tables (with the default prefix)</caption>
 *   <tr><th>table</th><th>rows</th><th>used by</th></tr>
 *   <tr><td>{@code otpkit_account_state}</td><td>last used step, failures, drift per account</td>
 *       <td>{@link JdbcStore}</td></tr>
 *   <tr><td>{@code otpkit_enrollment}</td><td>active and pending credential per account
 *       (encrypted secrets)</td><td>{@link JdbcStore}</td></tr>
 *   <tr><td>{@code otpkit_recovery_code}</td><td>salted hashes of recovery codes</td>
 *       <td>{@link JdbcStore}</td></tr>
 * </table>
 *
 * <h2>Thread safety</h2>
 *
 * Stateless and thread-safe. Creating the schema from several nodes at once is safe: a node that
 * loses the race checks that the tables exist.
 */
public final class JdbcSchema {
  /** The class-path location of the DDL. */
  public static final String RESOURCE = "/io/github/otpkit/totp/jdbc/schema.sql";
  /** The table prefix used when none is given, and in {@value #RESOURCE}: {@code otpkit_}. */
  public static final String DEFAULT_TABLE_PREFIX = "otpkit_";
  /** The longest table prefix: 40 characters, so that every name fits PostgreSQL's 63. */
  public static final int MAX_PREFIX_LENGTH = 40;

  private static final Logger LOG = LoggerFactory.getLogger(JdbcSchema.class);

  private JdbcSchema() {}

  /**
   * Returns the DDL statements for a table prefix, without comments or terminating semicolons.
   *
   * @param tablePrefix the prefix of every table and constraint name, e.g. {@value
   *     #DEFAULT_TABLE_PREFIX}
   * @return the {@code CREATE TABLE IF NOT EXISTS} statements, unmodifiable
   * @throws IllegalArgumentException if the prefix is invalid (see {@link
   *     #checkTablePrefix(String)})
   */
  public static List<String> ddl(String tablePrefix) {
    checkTablePrefix(tablePrefix);
    String script = readResource();
    StringBuilder sql = new StringBuilder();
    for (String line : script.lines().toList()) {
      int comment = line.indexOf("--");
      String code = comment >= 0 ? line.substring(0, comment) : line;
      if (!code.isBlank()) {
        sql.append(code.strip()).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    int from = 0;
    for (int end = sql.indexOf(";"); end >= 0; end = sql.indexOf(";", from)) {
      addStatement(statements, sql.substring(from, end), tablePrefix);
      from = end + 1;
    }
    addStatement(statements, sql.substring(from), tablePrefix);
    return List.copyOf(statements);
  }

  private static void addStatement(List<String> statements, String statement, String prefix) {
    if (!statement.isBlank()) {
      statements.add(statement.strip().replace(DEFAULT_TABLE_PREFIX, prefix));
    }
  }

  /**
   * Creates the tables with the default prefix {@value #DEFAULT_TABLE_PREFIX} unless they exist.
   *
   * @param dataSource the database
   * @throws StateStoreException if the tables cannot be created and do not exist
   */
  public static void createIfAbsent(DataSource dataSource) {
    createIfAbsent(dataSource, DEFAULT_TABLE_PREFIX);
  }

  /**
   * Creates the tables unless they exist. Existing tables are left as they are (not migrated).
   *
   * @param dataSource the database
   * @param tablePrefix the prefix of every table and constraint name
   * @throws IllegalArgumentException if the prefix is invalid
   * @throws StateStoreException if the tables cannot be created and do not exist
   */
  public static void createIfAbsent(DataSource dataSource, String tablePrefix) {
    Objects.requireNonNull(dataSource, "dataSource");
    List<String> statements = ddl(tablePrefix);
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      if (!autoCommit) {
        c.setAutoCommit(true);
      }
      try {
        for (String sql : statements) {
          try (Statement s = c.createStatement()) {
            s.execute(sql);
          } catch (SQLException e) {
            // PostgreSQL may reject a concurrent CREATE TABLE IF NOT EXISTS of the same table;
            // the schema is fine as long as the tables are there now.
            if (!tablesExist(c, tablePrefix)) {
              throw e;
            }
          }
        }
      } finally {
        if (!autoCommit) {
          c.setAutoCommit(false);
        }
      }
    } catch (SQLException e) {
      throw Jdbc.failure("createIfAbsent", e);
    }
    LOG.info("otpkit tables with prefix {} are in place", tablePrefix);
  }

  private static boolean tablesExist(Connection c, String prefix) {
    Tables t = new Tables(prefix);
    for (String table : List.of(t.state(), t.enrollment(), t.recoveryCode())) {
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
      } catch (SQLException e) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks a table prefix: 1 to {@value #MAX_PREFIX_LENGTH} ASCII letters, digits and underscores,
   * starting with a letter or an underscore. Only such prefixes are accepted, because table names
   * are part of the SQL text.
   *
   * @param tablePrefix the prefix
   * @return the prefix
   * @throws IllegalArgumentException if the prefix is invalid; the message names the position of
   *     the first invalid character
   */
  @CanIgnoreReturnValue
  public static String checkTablePrefix(String tablePrefix) {
    Objects.requireNonNull(tablePrefix, "tablePrefix");
    if (tablePrefix.isEmpty() || tablePrefix.length() > MAX_PREFIX_LENGTH) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "table prefix must be 1 to %d characters long but was %d",
              MAX_PREFIX_LENGTH,
              tablePrefix.length()));
    }
    for (int i = 0; i < tablePrefix.length(); i++) {
      char c = tablePrefix.charAt(i);
      boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
      boolean digit = c >= '0' && c <= '9';
      if (!(letter || (digit && i > 0))) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "table prefix may contain only ASCII letters, digits and '_', and must not start"
                    + " with a digit (invalid character at position %d)",
                i + 1));
      }
    }
    return tablePrefix;
  }

  private static String readResource() {
    try (InputStream in = JdbcSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** The table names for a prefix. */
  record Tables(String prefix) {
    Tables {
      checkTablePrefix(prefix);
    }

    String state() {
      return prefix + "account_state";
    }

    String enrollment() {
      return prefix + "enrollment";
    }

    String recoveryCode() {
      return prefix + "recovery_code";
    }
  }
}
