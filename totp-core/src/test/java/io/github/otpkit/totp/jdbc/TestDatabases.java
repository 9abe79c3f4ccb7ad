package io.github.otpkit.totp.jdbc;

import io.github.otpkit.totp.testsupport.Requirements;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Databases for the store tests: H2 in memory and in a file, and the PostgreSQL and MariaDB servers
 * of CI.
 */
final class TestDatabases {
  /** The environment variable with the JDBC URL of the test PostgreSQL database. */
  static final String POSTGRES_URL_VARIABLE = "OTPKIT_TEST_POSTGRES_URL";

  /** The environment variable with the JDBC URL of the test MariaDB database. */
  static final String MARIADB_URL_VARIABLE = "OTPKIT_TEST_MARIADB_URL";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern POSTGRES_URL =
      Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?(/.*)");
  private static final Pattern MARIADB_URL =
      Pattern.compile("jdbc:mariadb://([^/:?]+)(?::(\\d+))?(/.*)");

  private TestDatabases() {}

  /**
   * Returns the PostgreSQL URL from {@value #POSTGRES_URL_VARIABLE}; skips the test class when it
   * is not set, but fails it when {@code CI} is set: in CI the PostgreSQL tests must run.
   */
  static String postgresUrl() {
    return serverUrl(POSTGRES_URL_VARIABLE, "PostgreSQL");
  }

  /**
   * Returns the MariaDB URL from {@value #MARIADB_URL_VARIABLE}; skips the test class when it is
   * not set, but fails it when {@code CI} is set: in CI the MariaDB tests must run.
   */
  static String mariadbUrl() {
    return serverUrl(MARIADB_URL_VARIABLE, "MariaDB");
  }

  private static String serverUrl(String variable, String server) {
    return Requirements.env(variable, "the JDBC URL of a " + server + " test database");
  }

  static DataSource postgres(String url) {
    String timeouts = "connectTimeout=10&socketTimeout=60";
    return new UrlDataSource(url + (url.contains("?") ? "&" : "?") + timeouts);
  }

  /** The same database as {@code url}, reached through 127.0.0.1:{@code port}. */
  static String postgresUrlVia(String url, int port) {
    Matcher m = POSTGRES_URL.matcher(url);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          POSTGRES_URL_VARIABLE + " must look like jdbc:postgresql://host:port/database?...");
    }
    return "jdbc:postgresql://127.0.0.1:" + port + m.group(3);
  }

  static String postgresHost(String url) {
    Matcher m = POSTGRES_URL.matcher(url);
    return m.matches() ? m.group(1) : "127.0.0.1";
  }

  static int postgresPort(String url) {
    Matcher m = POSTGRES_URL.matcher(url);
    return m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 5432;
  }

  static DataSource mariadb(String url) {
    String timeouts = "connectTimeout=10000&socketTimeout=60000";
    return new UrlDataSource(url + (url.contains("?") ? "&" : "?") + timeouts);
  }

  /** The same MariaDB database as {@code url}, reached through 127.0.0.1:{@code port}. */
  static String mariadbUrlVia(String url, int port) {
    Matcher m = MARIADB_URL.matcher(url);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          MARIADB_URL_VARIABLE + " must look like jdbc:mariadb://host:port/database?...");
    }
    return "jdbc:mariadb://127.0.0.1:" + port + m.group(3);
  }

  static String mariadbHost(String url) {
    Matcher m = MARIADB_URL.matcher(url);
    return m.matches() ? m.group(1) : "127.0.0.1";
  }

  static int mariadbPort(String url) {
    Matcher m = MARIADB_URL.matcher(url);
    return m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 3306;
  }

  static DataSource h2Memory(String name) {
    return new UrlDataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
  }

  static DataSource h2File(Path file) {
    return new UrlDataSource("jdbc:h2:file:" + file.toAbsolutePath());
  }

  /** A table prefix unique to this run: {@code base_<8 hex>_}. */
  static String uniquePrefix(String base) {
    byte[] b = new byte[4];
    RANDOM.nextBytes(b);
    return base + "_" + HexFormat.of().formatHex(b) + "_";
  }

  static void dropTables(DataSource ds, String prefix) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      for (String table : List.of("recovery_code", "enrollment", "account_state")) {
        s.execute("DROP TABLE IF EXISTS " + prefix + table);
      }
    }
  }
}
