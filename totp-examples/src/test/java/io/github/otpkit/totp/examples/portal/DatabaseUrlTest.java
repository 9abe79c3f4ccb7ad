package io.github.otpkit.totp.examples.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.jdbc.JdbcSchema.Dialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseUrlTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://db:5432/app?user=u&password=Secret99 |"
            + " jdbc:postgresql://db:5432/app?user=u&password=***",
        "jdbc:postgresql://db/app?password=Secret99&user=u |"
            + " jdbc:postgresql://db/app?password=***&user=u",
        "jdbc:postgresql://db/app?user=u&sslpassword=Secret99&PASSWORD=Other77 |"
            + " jdbc:postgresql://db/app?user=u&sslpassword=***&PASSWORD=***",
        "jdbc:mariadb://u:Secret99@db:3306/app | jdbc:mariadb://u:***@db:3306/app",
        "jdbc:mariadb://db/app?user=u&keyStorePassword=Secret99 |"
            + " jdbc:mariadb://db/app?user=u&keyStorePassword=***",
        "jdbc:postgresql://db/app | jdbc:postgresql://db/app",
      })
  void masked_replacesEveryPassword(String url, String masked) {
    DatabaseUrl parsed = DatabaseUrl.parse(url);

    assertThat(parsed.masked()).isEqualTo(masked);
    assertThat(parsed.toString()).isEqualTo(masked);
  }

  @Test
  void scrub_removesTheUrlsPasswordsAndAnotherSecretFromADriverMessage() {
    DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://db/app?user=u&password=Secret99");

    String scrubbed =
        url.scrub(
            "cannot connect to jdbc:postgresql://db/app?user=u&password=Secret99 with Secret99,"
                + " nor with EnvPass1",
            "EnvPass1");

    assertThat(scrubbed)
        .isEqualTo(
            "cannot connect to jdbc:postgresql://db/app?user=u&password=*** with ***, nor with"
                + " ***");
  }

  @Test
  void parse_mysql_isHandedToTheMariaDbDriver() {
    DatabaseUrl url = DatabaseUrl.parse("jdbc:mysql://db:3306/app?user=u");

    assertThat(url.revealUrl()).isEqualTo("jdbc:mariadb://db:3306/app?user=u");
    assertThat(url.dialect()).isEqualTo(Dialect.MARIADB);
  }

  @Test
  void parse_schemes_nameTheirDialect() {
    assertThat(DatabaseUrl.parse("jdbc:postgresql://db/app").dialect())
        .isEqualTo(Dialect.POSTGRESQL);
    assertThat(DatabaseUrl.parse(" JDBC:MariaDB://db/app ").dialect()).isEqualTo(Dialect.MARIADB);
  }
}
