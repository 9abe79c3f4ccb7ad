package io.github.otpkit.totp.jdbc;

import javax.sql.DataSource;

/**
 * The store contract on PostgreSQL, at the URL in {@value TestDatabases#POSTGRES_URL_VARIABLE}
 * (skipped when it is unset, failed when it is unset and {@code CI} is set). Each node is its own
 * small pool, as two portal nodes would be.
 */
class JdbcStorePostgresTest extends JdbcStoreContract {
  @Override
  protected DataSource openDataSource() {
    return closeAfterAll(new TinyPool(TestDatabases.postgres(TestDatabases.postgresUrl()), 8));
  }

  @Override
  protected String prefixBase() {
    return "pg";
  }
}
