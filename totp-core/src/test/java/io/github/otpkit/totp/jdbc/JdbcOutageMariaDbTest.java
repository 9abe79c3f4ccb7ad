package io.github.otpkit.totp.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Outage tests on MariaDB at {@value TestDatabases#MARIADB_URL_VARIABLE}, cut by a proxy so that
 * the shared server itself keeps running.
 */
class JdbcOutageMariaDbTest extends JdbcOutageContract {
  @Override
  protected String host() {
    return TestDatabases.Server.MARIADB.host(TestDatabases.mariadbUrl());
  }

  @Override
  protected int port() {
    return TestDatabases.Server.MARIADB.port(TestDatabases.mariadbUrl());
  }

  @Override
  protected DataSource dataSourceAt(int port) {
    return TestDatabases.mariadb(
        TestDatabases.Server.MARIADB.urlVia(TestDatabases.mariadbUrl(), port));
  }

  @Override
  protected String connectionLostStates() {
    // 08000: connection exception; 08001: cannot connect; 08006: connection failure (the driver
    // reports a dropped socket with one of them, depending on where it noticed).
    return "08000|08001|08006|08S01|HY000";
  }

  @Test
  void stalledDatabase_signInFailsClosedWithinTheTimeout_mariadb() throws Exception {
    stalledDatabase_signInFailsClosedWithinTheTimeout();
  }

  @Override
  protected String prefixBase() {
    return "mariaout";
  }
}
