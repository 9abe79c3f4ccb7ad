package io.github.otpkit.totp.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A data source that opens a new connection per call through {@link DriverManager}; the test
 * stand-in for a pool (see {@link TinyPool} for reuse).
 */
final class UrlDataSource extends ForwardingDataSource {
  private final String url;

  UrlDataSource(String url) {
    this.url = url;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return DriverManager.getConnection(url);
  }

  @Override
  public String toString() {
    return "UrlDataSource[" + url.replaceAll("password=[^&;]*", "password=***") + "]";
  }
}
