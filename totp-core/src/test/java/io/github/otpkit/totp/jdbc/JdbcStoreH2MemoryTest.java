package io.github.otpkit.totp.jdbc;

import javax.sql.DataSource;

/** The store contract on an H2 in-memory database. */
class JdbcStoreH2MemoryTest extends JdbcStoreContract {
  private final String database = "otpkit_" + TestDatabases.uniquePrefix("mem");

  @Override
  protected DataSource openDataSource() {
    return TestDatabases.h2Memory(database);
  }

  @Override
  protected String prefixBase() {
    return "h2mem";
  }
}
