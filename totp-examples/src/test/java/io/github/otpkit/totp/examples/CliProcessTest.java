package io.github.otpkit.totp.examples;

import static io.github.otpkit.totp.examples.MainTest.SEED20;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.OtpSecret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command of {@code totp} through the packaged jar, {@code java -jar totp.jar ...}, in a
 * process of its own: the real entry point, manifest, shaded dependencies, standard streams and
 * exit statuses. The in-process tests ({@code Main*Test}) cover the options in depth; these prove
 * that the jar people run behaves the same. {@code portal} has its own {@link PortalProcessTest}.
 */
class CliProcessTest {
  private static final String URI =
      "otpauth://totp/Photo%20Portal:alice%40example.com?secret="
          + SEED20
          + "&issuer=Photo%20Portal";

  @TempDir Path work;

  private CliRun run(String... args) throws Exception {
    return TotpJar.run(work, "", args);
  }

  private static void assertSuccess(CliRun run, String expectedOut) {
    assertThat(run.err()).as("standard error").isEmpty();
    assertThat(run.out()).isEqualTo(expectedOut + System.lineSeparator());
    assertThat(run.status()).isZero();
  }

  @Test
  void secret_printsOneLineOf20RandomBytesInBase32() throws Exception {
    CliRun run = run("secret");

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).matches("[A-Z2-7]{32}\\R");
    assertThat(OtpSecret.fromBase32(run.out().strip()).length()).isEqualTo(20);
  }

  @Test
  void code_secret_isTheRfc6238Vector() throws Exception {
    assertSuccess(run("code", "--secret", SEED20, "--digits", "8", "--time", "59"), "94287082");
  }

  @Test
  void code_secretFromStandardInput_staysOutOfTheCommandLine() throws Exception {
    assertSuccess(
        TotpJar.run(work, SEED20 + "\n", "code", "--secret", "-", "--time", "59"), "287082");
  }

  @Test
  void code_hotpUriWithTime_printsTheCodeAtTheCounterAndOneWarning() throws Exception {
    CliRun run =
        run(
            "code",
            "--uri",
            "otpauth://hotp/ACME:bob?secret=" + SEED20 + "&counter=1",
            "--time",
            "1234567890");

    assertThat(run.out()).isEqualTo("287082" + System.lineSeparator());
    assertThat(run.err())
        .isEqualTo(
            "warning: --time has no effect with an hotp URI: its code is the one at its counter"
                + System.lineSeparator());
    assertThat(run.status()).isZero();
  }

  @Test
  void hotp_isTheRfc4226Vector() throws Exception {
    assertSuccess(run("hotp", "--secret", SEED20, "--counter", "1"), "287082");
  }

  @Test
  void verify_rightCodeExitsZero_wrongCodeExitsOne() throws Exception {
    assertSuccess(
        run("verify", "--secret", SEED20, "--code", "287082", "--time", "59"),
        "valid step=1 drift=0");

    CliRun invalid = run("verify", "--secret", SEED20, "--code", "287082", "--time", "95");

    assertThat(invalid.out()).isEqualTo("invalid" + System.lineSeparator());
    assertThat(invalid.err()).isEmpty();
    assertThat(invalid.status()).isEqualTo(1);
  }

  @Test
  void uri_printsTheOtpauthUri() throws Exception {
    assertSuccess(
        run(
            "uri",
            "--secret",
            SEED20,
            "--issuer",
            "Photo Portal",
            "--account",
            "alice@example.com"),
        URI);
  }

  @Test
  void qr_pngFile_decodesToTheUri_andTextGoesToStandardOutput() throws Exception {
    Path png = work.resolve("alice.png");

    CliRun file = run("qr", "--uri", URI, "--format", "png", "--output", png.toString());
    CliRun text = run("qr", "--uri", URI);

    assertThat(file.status()).isZero();
    assertThat(file.out()).isEmpty();
    assertThat(QrDecoding.fromPng(Files.readAllBytes(png))).isEqualTo(URI);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(png)))
        .isEqualTo("rw-------");
    assertThat(text.status()).isZero();
    assertThat(QrDecoding.fromTerminal(text.out(), false)).isEqualTo(URI);
  }

  @Test
  void badInput_exitsTwoWithOneErrorLineAndNoStackTrace() throws Exception {
    CliRun run = run("code", "--secret", SEED20, "--digits", "9");

    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo("error: --digits must be 6 to 8 but was 9" + System.lineSeparator());
    assertThat(run.status()).isEqualTo(2);
  }

  @Test
  void help_worksOnACommand() throws Exception {
    CliRun run = run("verify", "--help");

    assertThat(run.status()).isZero();
    assertThat(run.out()).startsWith("Usage: totp verify");
  }
}
