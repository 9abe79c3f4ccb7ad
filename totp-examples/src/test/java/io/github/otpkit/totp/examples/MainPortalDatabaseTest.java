package io.github.otpkit.totp.examples;

import static io.github.otpkit.totp.examples.CliAssert.assertBadInput;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code totp portal --database} options that are refused before any key or database is looked at,
 * in-process: an unsupported URL scheme, conflicting options; and help that names them.
 */
class MainPortalDatabaseTest {
  private static final String EXPECTED =
      "--database must be a jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql: URL";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:oracle:thin:@db:1521/x?password=Secret99 | "
            + EXPECTED
            + " but was a jdbc:oracle: URL",
        "jdbc:sqlserver://db;password=Secret99 | " + EXPECTED + " but was a jdbc:sqlserver: URL",
        "jdbc:h2:mem:portal | "
            + EXPECTED
            + " (the embedded H2 database is the default: leave --database out)",
        "postgres://otpkit:Secret99@db/otpkit | "
            + EXPECTED
            + " (for example jdbc:postgresql://HOST:5432/DATABASE)",
      })
  void portal_unsupportedDatabaseUrl_clearErrorWithoutTheUrl(String url, String expected) {
    CliRun run = CliRun.run("portal", "--port", "0", "--database", url);

    assertBadInput(run, expected);
    assertThat(run.err()).doesNotContain("Secret99");
  }

  @Test
  void portal_dataAndDatabase_excludeEachOther(@TempDir Path data) {
    CliRun run =
        CliRun.run(
            "portal", "--data", data.toString(), "--database", "jdbc:postgresql://db/otpkit");

    assertBadInput(
        run,
        "--data and --database exclude each other: the data folder holds the embedded database");
  }

  @Test
  void portal_keyFileWithoutDatabase_refused(@TempDir Path data) {
    CliRun run =
        CliRun.run("portal", "--data", data.toString(), "--key-file", data.resolve("k").toString());

    assertBadInput(
        run, "--key-file needs --database: the embedded database keeps its key in the data folder");
  }

  @Test
  void portal_databaseWithoutValue_errorNamesTheOption() {
    CliRun run = CliRun.run("portal", "--database");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: ").contains("--database");
  }

  @Test
  void portalHelp_namesDatabaseKeyFileAndTheVariables() {
    CliRun run = CliRun.run("portal", "--help");

    assertThat(run.status()).isZero();
    assertThat(run.out())
        .contains("--database=JDBC_URL")
        .contains("--key-file=FILE")
        .contains("OTPKIT_TOTP_ENCRYPTION_KEY")
        .contains("OTPKIT_DATABASE_PASSWORD");
  }
}
