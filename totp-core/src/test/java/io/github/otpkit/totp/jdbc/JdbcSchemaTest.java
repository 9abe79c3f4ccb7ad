package io.github.otpkit.totp.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.jdbc.JdbcSchema.Dialect;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class JdbcSchemaTest {
  private static String resource(Dialect dialect) throws Exception {
    try (InputStream in = JdbcSchema.class.getResourceAsStream(dialect.resource())) {
      assertThat(in).as(dialect.resource()).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void resource_oneStatementSetPerDialect_withTheDefaultPrefixAndNoMerge(Dialect dialect)
      throws Exception {
    assertThat(dialect.resource())
        .isEqualTo(
            "/io/github/otpkit/totp/jdbc/schema-"
                + dialect.name().toLowerCase(java.util.Locale.ROOT)
                + ".sql");
    assertThat(resource(dialect))
        .contains("CREATE TABLE IF NOT EXISTS otpkit_account_state")
        .contains("CREATE TABLE IF NOT EXISTS otpkit_enrollment")
        .contains("CREATE TABLE IF NOT EXISTS otpkit_recovery_code")
        .contains("otpkit_enrollment_expires")
        .doesNotContain("MERGE", "ON CONFLICT", "ON DUPLICATE", "RETURNING", "BLOB", "CLOB");
  }

  @Test
  void resources_exactTypesPerDialect() throws Exception {
    assertThat(resource(Dialect.POSTGRESQL))
        .contains("BYTEA", "TIMESTAMP(6) WITH TIME ZONE")
        .doesNotContain("VARBINARY", "DATETIME");
    assertThat(resource(Dialect.H2))
        .contains("BINARY VARYING(255)", "TIMESTAMP(6) WITH TIME ZONE")
        .doesNotContain("BYTEA", "DATETIME");
    // MariaDB and MySQL: UTC in DATETIME(6), byte-exact account ids, case-sensitive ASCII ids.
    assertThat(resource(Dialect.MARIADB))
        .contains("account_id      VARBINARY(1020) NOT NULL", "DATETIME(6)", "COLLATE = ascii_bin")
        .doesNotContain("BYTEA", "TIME ZONE", "VARCHAR(255)");
  }

  @Test
  void ddl_otherPrefix_replacesEveryNameInEveryDialect() {
    for (Dialect dialect : Dialect.values()) {
      List<String> ddl = JdbcSchema.ddl(dialect, "auth_2fa_");
      String all = String.join("\n", ddl);
      assertThat(all)
          .as("%s", dialect)
          .doesNotContain("otpkit_")
          .doesNotContain("--")
          .doesNotContain(";")
          .contains("CREATE TABLE IF NOT EXISTS auth_2fa_account_state (")
          .contains("CREATE TABLE IF NOT EXISTS auth_2fa_enrollment (")
          .contains("CREATE TABLE IF NOT EXISTS auth_2fa_recovery_code (")
          .contains("auth_2fa_enrollment_expires")
          .contains("CONSTRAINT auth_2fa_recovery_code_pk PRIMARY KEY (account_id, code_id)");
    }
    assertThat(JdbcSchema.ddl(Dialect.POSTGRESQL, "auth_2fa_"))
        .hasSize(4)
        .element(2)
        .asString()
        .startsWith("CREATE INDEX IF NOT EXISTS auth_2fa_enrollment_expires");
    // MariaDB and MySQL have no CREATE INDEX IF NOT EXISTS in common: the index is in the table.
    assertThat(JdbcSchema.ddl(Dialect.MARIADB, "auth_2fa_")).hasSize(3);
    assertThat(JdbcSchema.ddl(Dialect.H2, JdbcSchema.DEFAULT_TABLE_PREFIX).get(0))
        .startsWith("CREATE TABLE IF NOT EXISTS otpkit_account_state (");
  }

  @ParameterizedTest
  @CsvSource({
    "H2, H2",
    "PostgreSQL, POSTGRESQL",
    "MariaDB, MARIADB",
    "MySQL, MARIADB",
    "' mysql ', MARIADB"
  })
  void dialect_fromTheDatabaseProductName(String product, Dialect expected) {
    assertThat(Dialect.forProductName(product)).isEqualTo(expected);
  }

  @Test
  void dialect_unsupportedDatabase_rejectedWithItsName() {
    assertThatThrownBy(() -> Dialect.forProductName("Oracle"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "database 'Oracle' is not supported: otpkit's JDBC store runs on H2, PostgreSQL,"
                + " MariaDB and MySQL");
    assertThatThrownBy(() -> Dialect.forProductName(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("database (unnamed) is not supported");
  }

  @Test
  void dialect_detectedFromAConnection_andTablesCreatedInIt() throws Exception {
    DataSource h2 = TestDatabases.h2Memory("schema_" + TestDatabases.uniquePrefix("detect"));
    try (Connection c = h2.getConnection()) {
      assertThat(Dialect.detect(c)).isEqualTo(Dialect.H2);
    }
    JdbcSchema.createIfAbsent(h2, "det_");
    JdbcSchema.createIfAbsent(h2, Dialect.H2, "det_");
    try (Connection c = h2.getConnection();
        var r = c.getMetaData().getIndexInfo(null, null, "DET_ENROLLMENT", false, false)) {
      boolean found = false;
      while (r.next()) {
        found |= "DET_ENROLLMENT_EXPIRES".equalsIgnoreCase(r.getString("INDEX_NAME"));
      }
      assertThat(found).as("index on pending_expires_at").isTrue();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "'otpkit_; DROP TABLE x; --', 8",
    "'my-app_', 3",
    "'1st_', 1",
    "'tables.', 7",
    "'naïve_', 3"
  })
  void checkTablePrefix_invalidCharacter_rejectedWithPosition(String prefix, int position) {
    assertThatThrownBy(() -> JdbcSchema.checkTablePrefix(prefix))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "table prefix may contain only ASCII letters, digits and '_', and must not start with"
                + " a digit (invalid character at position "
                + position
                + ")");
    assertThatThrownBy(() -> JdbcStore.create(new UrlDataSource("jdbc:h2:mem:"), prefix))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JdbcSchema.ddl(Dialect.H2, prefix))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void checkTablePrefix_lengthAndValidForms() {
    assertThatThrownBy(() -> JdbcSchema.checkTablePrefix(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table prefix must be 1 to 40 characters long but was 0");
    assertThatThrownBy(() -> JdbcSchema.checkTablePrefix("a".repeat(41)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table prefix must be 1 to 40 characters long but was 41");
    assertThat(JdbcSchema.checkTablePrefix("_A9_z")).isEqualTo("_A9_z");
    assertThat(JdbcSchema.checkTablePrefix("a".repeat(40))).hasSize(40);
  }

  @Test
  void queryTimeout_defaultFiveSeconds_wholeSecondsUpToTenMinutes() {
    DataSource none = new UrlDataSource("jdbc:h2:mem:");
    assertThat(JdbcStore.create(none).queryTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(JdbcStore.builder(none).queryTimeout(Duration.ofSeconds(1)).build().queryTimeout())
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(JdbcStore.builder(none).queryTimeout(Duration.ofMinutes(10)).build().toString())
        .isEqualTo("JdbcStore[otpkit_*, query timeout 600 s]");
    for (Duration bad :
        List.of(
            Duration.ZERO,
            Duration.ofMillis(999),
            Duration.ofMillis(1500),
            Duration.ofMinutes(10).plusSeconds(1),
            Duration.ofSeconds(-1))) {
      assertThatThrownBy(() -> JdbcStore.builder(none).queryTimeout(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "queryTimeout must be whole seconds from 1 second to 10 minutes but was " + bad);
    }
  }
}
