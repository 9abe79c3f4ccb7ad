package io.github.otpkit.totp.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcSchemaTest {
  @Test
  void resource_shippedWithDefaultPrefix() throws Exception {
    try (InputStream in = JdbcSchema.class.getResourceAsStream(JdbcSchema.RESOURCE)) {
      assertThat(in).isNotNull();
      String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(sql)
          .contains("CREATE TABLE IF NOT EXISTS otpkit_account_state")
          .contains("CREATE TABLE IF NOT EXISTS otpkit_enrollment")
          .contains("CREATE TABLE IF NOT EXISTS otpkit_recovery_code")
          .doesNotContain("BLOB", "VARBINARY", "CLOB", "ON CONFLICT", "RETURNING");
    }
  }

  @Test
  void ddl_otherPrefix_replacesEveryName() {
    List<String> ddl = JdbcSchema.ddl("auth_2fa_");
    assertThat(ddl).hasSize(3);
    assertThat(ddl.get(0)).startsWith("CREATE TABLE IF NOT EXISTS auth_2fa_account_state (");
    assertThat(ddl.get(1)).startsWith("CREATE TABLE IF NOT EXISTS auth_2fa_enrollment (");
    assertThat(ddl.get(2)).startsWith("CREATE TABLE IF NOT EXISTS auth_2fa_recovery_code (");
    assertThat(String.join("\n", ddl))
        .doesNotContain("otpkit_")
        .doesNotContain("--")
        .doesNotContain(";")
        .contains("CONSTRAINT auth_2fa_recovery_code_pk PRIMARY KEY (account_id, code_id)");
    assertThat(JdbcSchema.ddl(JdbcSchema.DEFAULT_TABLE_PREFIX).get(0))
        .startsWith("CREATE TABLE IF NOT EXISTS otpkit_account_state (");
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
}
