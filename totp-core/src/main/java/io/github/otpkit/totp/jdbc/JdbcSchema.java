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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database schema of {@link JdbcStore}: three tables and an index, shipped as one class-path
 * resource per {@link Dialect} ({@link Dialect#resource()}).
 *
 * <p>The resources use the default table prefix {@value #DEFAULT_TABLE_PREFIX}. {@link
 * #ddl(Dialect, String)} returns a dialect's statements for any prefix (for Flyway, Liquibase or a
 * DBA), and {@link #createIfAbsent(DataSource, String)} runs them ({@code CREATE ... IF NOT
 * EXISTS}) in the dialect it reads from the connection's metadata.
 *
 * <table>
 *   <caption>Tables (with the default prefix)</caption>
 *   <tr><th>table</th><th>rows</th></tr>
 *   <tr><td>{@code otpkit_account_state}</td><td>last used step, failures, drift per account</td>
 *   </tr>
 *   <tr><td>{@code otpkit_enrollment}</td><td>active and pending credential per account
 *       (encrypted secrets); indexed on the expiry of the pending one</td></tr>
 *   <tr><td>{@code otpkit_recovery_code}</td><td>salted hashes of recovery codes</td></tr>
 * </table>
 *
 * <h2>Types per dialect</h2>
 *
 * Every dialect stores binary values and instants exactly: instants to the microsecond in UTC
 * ({@code TIMESTAMP(6) WITH TIME ZONE} on H2 and PostgreSQL, {@code DATETIME(6)} holding UTC on
 * MariaDB and MySQL), secrets and hashes as {@code BYTEA} or {@code VARBINARY}. On MariaDB and
 * MySQL, account ids are {@code VARBINARY} holding their UTF-8 bytes, because every text collation
 * there ignores either case or trailing spaces.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless and thread-safe. Creating the schema from several nodes at once is safe: a node that
 * loses the race checks that the tables exist.
 */
public final class JdbcSchema {
  /** The table prefix used when none is given, and in the shipped resources: {@code otpkit_}. */
  public static final String DEFAULT_TABLE_PREFIX = "otpkit_";

  /** The longest table prefix: 40 characters, so that every name fits PostgreSQL's 63. */
  public static final int MAX_PREFIX_LENGTH = 40;

  /** How long one DDL statement may take, in seconds: it may wait for another node's DDL. */
  private static final int DDL_TIMEOUT_SECONDS = 30;

  private static final Logger LOG = LoggerFactory.getLogger(JdbcSchema.class);

  private JdbcSchema() {}

  /**
   * The databases that {@link JdbcStore} supports, each with its own DDL. The statements the store
   * runs are the same on all of them, except for one combined statement where a dialect allows it
   * (see {@link JdbcStore}).
   */
  public enum Dialect {
    /** H2 2.x, embedded or as a server. */
    H2("schema-h2.sql"),
    /** PostgreSQL 12 and later. */
    POSTGRESQL("schema-postgresql.sql"),
    /**
     * MariaDB 10.6 and later, and MySQL 8.0 and later (InnoDB); CI tests MariaDB only. Keep the
     * drivers' default "found rows" update counts: {@code useAffectedRows=true} would make a
     * compare-and-set that stores the same values look like a lost race.
     */
    MARIADB("schema-mariadb.sql");

    private static final String FOLDER = "/io/github/otpkit/totp/jdbc/";

    private final String file;

    Dialect(String file) {
      this.file = file;
    }

    /**
     * Returns the class-path location of this dialect's DDL, with the default table prefix.
     *
     * @return for example {@code /io/github/otpkit/totp/jdbc/schema-postgresql.sql}
     */
    public String resource() {
      return FOLDER + file;
    }

    /**
     * Tells the dialect of a database from its JDBC metadata ({@link
     * java.sql.DatabaseMetaData#getDatabaseProductName()}).
     *
     * @param connection a connection to the database
     * @return the dialect
     * @throws SQLException if the metadata cannot be read
     * @throws IllegalArgumentException if the database is none of H2, PostgreSQL, MariaDB and MySQL
     */
    public static Dialect detect(Connection connection) throws SQLException {
      Objects.requireNonNull(connection, "connection");
      return forProductName(connection.getMetaData().getDatabaseProductName());
    }

    static Dialect forProductName(@Nullable String product) {
      String name = product == null ? "" : product.strip().toLowerCase(Locale.ROOT);
      if (name.equals("h2")) {
        return H2;
      }
      if (name.equals("postgresql")) {
        return POSTGRESQL;
      }
      if (name.equals("mariadb") || name.equals("mysql")) {
        return MARIADB;
      }
      throw new IllegalArgumentException(
          "database "
              + (product == null ? "(unnamed)" : "'" + product + "'")
              + " is not supported: otpkit's JDBC store runs on H2, PostgreSQL, MariaDB and MySQL");
    }
  }

  /**
   * Returns a dialect's DDL statements for a table prefix, without comments or terminating
   * semicolons.
   *
   * @param dialect the database
   * @param tablePrefix the prefix of every table, constraint and index name, e.g. {@value
   *     #DEFAULT_TABLE_PREFIX}
   * @return the {@code CREATE ... IF NOT EXISTS} statements, unmodifiable
   * @throws IllegalArgumentException if the prefix is invalid (see {@link
   *     #checkTablePrefix(String)})
   */
  public static List<String> ddl(Dialect dialect, String tablePrefix) {
    Objects.requireNonNull(dialect, "dialect");
    checkTablePrefix(tablePrefix);
    String script = readResource(dialect.resource());
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
   * Creates the tables with the default prefix {@value #DEFAULT_TABLE_PREFIX} unless they exist, in
   * the dialect read from the connection's metadata.
   *
   * @param dataSource the database
   * @throws IllegalArgumentException if the database is not supported
   * @throws StateStoreException if the tables cannot be created and do not exist
   */
  public static void createIfAbsent(DataSource dataSource) {
    createIfAbsent(dataSource, DEFAULT_TABLE_PREFIX);
  }

  /**
   * Creates the tables unless they exist, in the dialect read from the connection's metadata.
   * Existing tables are left as they are (not migrated); a missing index is added.
   *
   * @param dataSource the database
   * @param tablePrefix the prefix of every table, constraint and index name
   * @throws IllegalArgumentException if the prefix is invalid or the database is not supported
   * @throws StateStoreException if the tables cannot be created and do not exist
   */
  public static void createIfAbsent(DataSource dataSource, String tablePrefix) {
    create(dataSource, null, tablePrefix);
  }

  /**
   * Creates the tables unless they exist, in the given dialect.
   *
   * @param dataSource the database
   * @param dialect the database's dialect
   * @param tablePrefix the prefix of every table, constraint and index name
   * @throws IllegalArgumentException if the prefix is invalid
   * @throws StateStoreException if the tables cannot be created and do not exist
   */
  public static void createIfAbsent(DataSource dataSource, Dialect dialect, String tablePrefix) {
    create(dataSource, Objects.requireNonNull(dialect, "dialect"), tablePrefix);
  }

  private static void create(DataSource dataSource, @Nullable Dialect named, String tablePrefix) {
    Objects.requireNonNull(dataSource, "dataSource");
    checkTablePrefix(tablePrefix);
    Dialect dialect;
    try (Connection c = dataSource.getConnection()) {
      dialect = named != null ? named : Dialect.detect(c);
      List<String> statements = ddl(dialect, tablePrefix);
      boolean autoCommit = c.getAutoCommit();
      if (!autoCommit) {
        c.setAutoCommit(true);
      }
      try {
        for (String sql : statements) {
          try (Statement s = c.createStatement()) {
            s.setQueryTimeout(DDL_TIMEOUT_SECONDS);
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
    LOG.info("otpkit tables with prefix {} are in place ({})", tablePrefix, dialect);
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

  private static String readResource(String resource) {
    try (InputStream in = JdbcSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
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
