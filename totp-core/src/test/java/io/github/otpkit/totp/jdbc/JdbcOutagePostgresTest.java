package io.github.otpkit.totp.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Outage tests on PostgreSQL at {@value TestDatabases#POSTGRES_URL_VARIABLE}, cut by a proxy so
 * that the shared server itself keeps running.
 */
class JdbcOutagePostgresTest extends JdbcOutageContract {
  @Override
  protected String host() {
    return TestDatabases.Server.POSTGRES.host(TestDatabases.postgresUrl());
  }

  @Override
  protected int port() {
    return TestDatabases.Server.POSTGRES.port(TestDatabases.postgresUrl());
  }

  @Override
  protected DataSource dataSourceAt(int port) {
    return TestDatabases.postgres(
        TestDatabases.Server.POSTGRES.urlVia(TestDatabases.postgresUrl(), port));
  }

  @Override
  protected String connectionLostStates() {
    // 08001: connection refused; 08006: connection failure; 57P01: terminated by the server.
    return "08001|08006|57P01";
  }

  @Test
  void stalledDatabase_signInFailsClosedWithinTheTimeout_postgres() throws Exception {
    stalledDatabase_signInFailsClosedWithinTheTimeout();
  }

  @Override
  protected String prefixBase() {
    return "pgout";
  }
}
