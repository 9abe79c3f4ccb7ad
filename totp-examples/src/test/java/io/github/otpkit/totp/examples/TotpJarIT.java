package io.github.otpkit.totp.examples;

import static io.github.otpkit.totp.examples.MainTest.MARKER;
import static io.github.otpkit.totp.examples.MainTest.SEED20;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.qr.QrRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code target/totp.jar}, run as a person runs it: {@code java -jar totp.jar code
 * --qr FILE}. Runs in "integration-test", after the shade plugin built the jar (failsafe).
 */
class TotpJarIT {
  static final String TOTP = "otpauth://totp/ACME:alice?secret=" + SEED20 + "&issuer=ACME";

  @TempDir Path dir;

  /**
   * The outcome of one run.
   *
   * @param status the exit status
   * @param out standard output
   * @param err standard error
   */
  record Run(int status, String out, String err) {}

  private Run totp(byte[] stdin, String... args) throws Exception {
    String jar = System.getProperty("otpkit.totpJar", "target/totp.jar");
    assertThat(Path.of(jar)).as("the runnable jar built by mvn package").isRegularFile();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar);
    command.addAll(List.of(args));
    Path in = Files.write(dir.resolve("stdin"), stdin);
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    Process process =
        new ProcessBuilder(command)
            .redirectInput(in.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("totp.jar finished").isTrue();
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void codeQr_pngFile_printsTheCode() throws Exception {
    Path png = Files.write(dir.resolve("alice.png"), QrRenderer.defaults().png(TOTP));

    Run run = totp(new byte[0], "code", "--qr", png.toString(), "--time", "59");

    assertThat(run).isEqualTo(new Run(0, "287082" + System.lineSeparator(), ""));
  }

  @Test
  void codeQr_svgOnStandardInput_printsTheCode() throws Exception {
    byte[] svg = QrRenderer.defaults().svg(TOTP).getBytes(StandardCharsets.UTF_8);

    Run run = totp(svg, "code", "--qr", "-", "--time", "59");

    assertThat(run).isEqualTo(new Run(0, "287082" + System.lineSeparator(), ""));
  }

  @Test
  void codeQr_notAnOtpauthQrCode_exit2_oneErrorLine_noSecret() throws Exception {
    Path png =
        Files.write(
            dir.resolve("link.png"), QrRenderer.defaults().png("https://example.com/?t=" + MARKER));

    Run run = totp(new byte[0], "code", "--qr", png.toString());

    assertThat(run)
        .isEqualTo(
            new Run(
                2,
                "",
                "error: --qr: the QR code does not hold a valid otpauth URI: scheme must be"
                    + " otpauth://"
                    + System.lineSeparator()));
  }
}
