package io.github.otpkit.totp.spring;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Tells whether a DataSource is an embedded in-memory database, the meaning of {@code embedded} in
 * {@code spring.sql.init.mode}: H2 or HSQLDB with a {@code mem} URL, or Derby.
 */
final class EmbeddedDatabases {
  private EmbeddedDatabases() {}

  static boolean isEmbedded(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData metaData = connection.getMetaData();
      String product = metaData.getDatabaseProductName();
      String url = metaData.getURL();
      return isEmbedded(product, url);
    } catch (SQLException e) {
      // A database we cannot reach is not an in-memory one of this process.
      return false;
    }
  }

  static boolean isEmbedded(String product, String url) {
    String name = product == null ? "" : product.toUpperCase(Locale.ROOT);
    String jdbcUrl = url == null ? "" : url.toLowerCase(Locale.ROOT);
    if (name.contains("H2")) {
      return jdbcUrl.contains(":h2:mem:");
    }
    if (name.contains("HSQL")) {
      return jdbcUrl.contains(":hsqldb:mem:");
    }
    return name.contains("DERBY");
  }
}
