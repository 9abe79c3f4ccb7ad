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

  static DataSource mariadb(String url) {
    String timeouts = "connectTimeout=10000&socketTimeout=60000";
    return new UrlDataSource(url + (url.contains("?") ? "&" : "?") + timeouts);
  }

  /** A server's JDBC URL taken apart: the host, the port, and the URL through a proxy. */
  enum Server {
    POSTGRES("postgresql", 5432, POSTGRES_URL_VARIABLE),
    MARIADB("mariadb", 3306, MARIADB_URL_VARIABLE);

    private final String scheme;
    private final int defaultPort;
    private final String variable;
    private final Pattern url;

    Server(String scheme, int defaultPort, String variable) {
      this.scheme = scheme;
      this.defaultPort = defaultPort;
      this.variable = variable;
      this.url = Pattern.compile("jdbc:" + scheme + "://([^/:?]+)(?::(\\d+))?(/.*)");
    }

    String host(String jdbcUrl) {
      Matcher m = url.matcher(jdbcUrl);
      return m.matches() ? m.group(1) : "127.0.0.1";
    }

    int port(String jdbcUrl) {
      Matcher m = url.matcher(jdbcUrl);
      return m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : defaultPort;
    }

    /** The same database as {@code jdbcUrl}, reached through 127.0.0.1:{@code port}. */
    String urlVia(String jdbcUrl, int port) {
      Matcher m = url.matcher(jdbcUrl);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            variable + " must look like jdbc:" + scheme + "://host:port/database?...");
      }
      return "jdbc:" + scheme + "://127.0.0.1:" + port + m.group(3);
    }
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
