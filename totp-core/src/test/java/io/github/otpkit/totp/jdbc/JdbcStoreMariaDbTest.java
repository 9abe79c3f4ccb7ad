package io.github.otpkit.totp.jdbc;

import javax.sql.DataSource;

/**
 * The store contract on MariaDB, at the URL in {@value TestDatabases#MARIADB_URL_VARIABLE} (skipped
 * when it is unset, failed when it is unset and {@code CI} is set). Each node is its own small
 * pool, as two portal nodes would be.
 */
class JdbcStoreMariaDbTest extends JdbcStoreContract {
  @Override
  protected DataSource openDataSource() {
    return closeAfterAll(new TinyPool(TestDatabases.mariadb(TestDatabases.mariadbUrl()), 8));
  }

  @Override
  protected String prefixBase() {
    return "maria";
  }
}
