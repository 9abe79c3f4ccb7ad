package io.github.otpkit.totp.examples;

import static io.github.otpkit.totp.examples.CliAssert.assertBadInput;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar totp.jar portal --database URL} when it must not start, as a real process with
 * an environment the test controls: no shared key, a key that is not one, a key file others may
 * read, a database that cannot be reached. Each is exit status 2 and one {@code error: } line,
 * never a stack trace, a key or a password. Needs no database server (see {@code SharedDatabaseIT}
 * for the portals that do start).
 */
class PortalDatabaseOptionsProcessTest {
  private static final String KEY_VARIABLE = "OTPKIT_TOTP_ENCRYPTION_KEY";
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  /** Port 1 on the loopback: nothing listens there, so every connection is refused at once. */
  private static final String NO_SERVER =
      "jdbc:postgresql://127.0.0.1:1/otpkit?user=otpkit&password=S3cret-Pa55word";

  @TempDir Path work;

  private CliRun portal(Map<String, String> environment, String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = "portal";
    System.arraycopy(args, 0, command, 1, args.length);
    return TotpJar.run(work, environment, command);
  }

  @Test
  void database_withoutKey_refusesToStartAndSaysHowToMakeOne() throws Exception {
    CliRun run = portal(Map.of(), "--port", "0", "--database", NO_SERVER);

    assertBadInput(
        run,
        "--database needs the encryption key that all nodes share: set OTPKIT_TOTP_ENCRYPTION_KEY"
            + " or give --key-file FILE (make one with: openssl rand -base64 32)");
  }

  @Test
  void database_keyThatIsNotOne_refusedWithoutRepeatingIt() throws Exception {
    CliRun run =
        portal(Map.of(KEY_VARIABLE, "c2hvcnQga2V5"), "--port", "0", "--database", NO_SERVER);

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("error: OTPKIT_TOTP_ENCRYPTION_KEY does not hold a key: ")
        .contains("openssl rand -base64 32")
        .doesNotContain("c2hvcnQga2V5");
    assertThat(CliAssert.lines(run.err())).hasSize(2); // one line and its line break
  }

  @Test
  void database_keyFileOthersMayRead_refused() throws Exception {
    Path keyFile = Files.writeString(work.resolve("shared.key"), KEY + "\n");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));

    CliRun run =
        portal(Map.of(), "--port", "0", "--database", NO_SERVER, "--key-file", keyFile.toString());

    assertBadInput(
        run,
        "the key file "
            + keyFile.toAbsolutePath().normalize()
            + " may be read by others (rw-r--r--): make it owner-only with chmod 600");
  }

  @Test
  void database_missingKeyFile_saysHowToMakeOne() throws Exception {
    Path keyFile = work.resolve("missing.key");

    CliRun run =
        portal(Map.of(), "--port", "0", "--database", NO_SERVER, "--key-file", keyFile.toString());

    assertBadInput(
        run,
        "the key file "
            + keyFile
            + " does not exist: make one with (umask 077; openssl rand -base64 32 > "
            + keyFile
            + ") and give every node the same file");
  }

  @Test
  void database_unreachable_oneErrorLineWithoutStackTraceOrPassword() throws Exception {
    CliRun run = portal(Map.of(KEY_VARIABLE, KEY), "--port", "0", "--database", NO_SERVER);

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith(
            "error: cannot use the database at --database (SQLState 08001): Connection to"
                + " 127.0.0.1:1 refused.")
        .doesNotContain("S3cret")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(CliAssert.lines(run.err())).hasSize(2);
  }

  @Test
  void database_passwordFromTheEnvironment_neverShown() throws Exception {
    CliRun run =
        portal(
            Map.of(
                KEY_VARIABLE,
                KEY,
                "OTPKIT_DATABASE_USER",
                "otpkit",
                "OTPKIT_DATABASE_PASSWORD",
                "Env-S3cret-Pa55"),
            "--port",
            "0",
            "--database",
            "jdbc:mariadb://127.0.0.1:1/otpkit");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("error: cannot use the database at --database (SQLState ")
        .doesNotContain("Env-S3cret")
        .doesNotContain("\tat ");
    assertThat(CliAssert.lines(run.err())).hasSize(2);
  }
}
