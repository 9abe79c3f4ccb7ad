package io.github.otpkit.totp.examples;

import static io.github.otpkit.totp.examples.CliAssert.assertBadInput;
import static io.github.otpkit.totp.examples.CliAssert.assertNeverShows;
import static io.github.otpkit.totp.examples.CliAssert.assertSuccess;
import static io.github.otpkit.totp.examples.MainTest.MARKER;
import static io.github.otpkit.totp.examples.MainTest.SEED20;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.qr.QrRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code totp code --qr FILE}: the code for the otpauth URI in a QR code image. */
class MainCodeQrTest {
  static final String TOTP = "otpauth://totp/ACME:alice?secret=" + SEED20 + "&issuer=ACME";

  @TempDir Path dir;

  private Path png(String name, String text) throws Exception {
    return Files.write(dir.resolve(name), QrRenderer.defaults().png(text));
  }

  private String file(String name, String text) throws Exception {
    return png(name, text).toString();
  }

  @Test
  void codeQr_png_isTheCodeOfTheUriAtTheTime() throws Exception {
    assertSuccess(CliRun.run("code", "--qr", file("alice.png", TOTP), "--time", "59"), "287082");
  }

  @Test
  void codeQr_withoutTime_usesTheClock() throws Exception {
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1_111_111_109L), ZoneOffset.UTC);

    assertSuccess(CliRun.runWith("", clock, "code", "--qr", file("alice.png", TOTP)), "081804");
  }

  @Test
  void codeQr_svgFile() throws Exception {
    Path svg =
        Files.writeString(
            dir.resolve("alice.svg"), QrRenderer.defaults().svg(TOTP), StandardCharsets.UTF_8);

    assertSuccess(CliRun.run("code", "--qr", svg.toString(), "--time", "59"), "287082");
  }

  @Test
  void codeQr_dash_readsTheImageFromStandardInput() throws Exception {
    byte[] png = QrRenderer.defaults().png(TOTP);
    Clock clock = Clock.fixed(CliRun.NOW, ZoneOffset.UTC);

    assertSuccess(CliRun.runWith(png, clock, "code", "--qr", "-", "--time", "59"), "287082");
  }

  @Test
  void codeQr_hotp_isTheCodeAtItsCounter_timeOnlyWarns() throws Exception {
    String hotp = file("bob.png", "otpauth://hotp/ACME:bob?secret=" + SEED20 + "&counter=7");

    assertSuccess(CliRun.run("code", "--qr", hotp), "162583");
    CliRun withTime = CliRun.run("code", "--qr", hotp, "--time", "59");
    assertThat(withTime.out()).isEqualTo("162583" + System.lineSeparator());
    assertThat(withTime.err())
        .isEqualTo(
            "warning: --time has no effect with an hotp URI: its code is the one at its counter"
                + System.lineSeparator());
    assertThat(withTime.status()).isZero();
  }

  @Test
  void codeQr_sameAsCodeUri_forTheUriTheQrCodeHolds() throws Exception {
    String uri =
        "otpauth://totp/ACME:alice?secret=" + SEED20 + "&algorithm=SHA256&digits=8&period=60";
    CliRun expected = CliRun.run("code", "--uri", uri, "--time", "1234567890");

    assertSuccess(
        CliRun.run("code", "--qr", file("a.png", uri), "--time", "1234567890"),
        expected.out().strip());
  }

  @Test
  void codeQr_qrCodeOfSomethingElse_isBadInput_withoutItsText() throws Exception {
    CliRun run =
        CliRun.run("code", "--qr", file("link.png", "https://example.com/?token=" + MARKER));

    assertBadInput(
        run, "--qr: the QR code does not hold a valid otpauth URI: scheme must be otpauth://");
    assertNeverShows(run, MARKER);
  }

  @Test
  void codeQr_invalidOtpauthUri_namesThePart_withoutTheSecret() throws Exception {
    CliRun run =
        CliRun.run(
            "code",
            "--qr",
            file("bad.png", "otpauth://totp/ACME:bob?secret=" + MARKER + "&digits=9"));

    assertBadInput(
        run,
        "--qr: the QR code does not hold a valid otpauth URI: parameter digits must be 6 to 8 but"
            + " was 9");
    assertNeverShows(run, MARKER);
  }

  @Test
  void codeQr_imageWithoutQrCode_isBadInput() throws Exception {
    // A white PNG: the QR renderer's quiet zone alone, cut out of a real image.
    Path blank = dir.resolve("blank.svg");
    Files.writeString(
        blank,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 40\"><rect width=\"40\""
            + " height=\"40\" fill=\"#fff\"/></svg>");

    assertBadInput(
        CliRun.run("code", "--qr", blank.toString()),
        "--qr: no QR code found in the image (800 x 800 pixels)");
  }

  @Test
  void codeQr_fileThatIsNoImage_isBadInput() throws Exception {
    Path text =
        Files.writeString(dir.resolve("notes.txt"), "otpauth://totp/ACME:bob?secret=" + MARKER);
    CliRun run = CliRun.run("code", "--qr", text.toString());

    assertBadInput(
        run,
        "--qr: not an image that can be read (PNG, JPEG, GIF, BMP or TIFF) nor an SVG document");
    assertNeverShows(run, MARKER);
  }

  @Test
  void codeQr_missingFileOrFolder_isBadInput_withoutRepeatingTheName() throws Exception {
    // A URI pasted where the file name belongs: the error must not repeat it.
    CliRun pasted = CliRun.run("code", "--qr", "otpauth://totp/ACME:bob?secret=" + MARKER);

    assertBadInput(pasted, "--qr: no such file");
    assertNeverShows(pasted, MARKER);
    assertBadInput(CliRun.run("code", "--qr", dir.toString()), "--qr: a folder, not an image file");
    assertBadInput(CliRun.run("code", "--qr", "bad\u0000name"), "--qr: not a valid file name");
  }

  @Test
  void codeQr_emptyOrImagelessStandardInput_isBadInput() {
    assertBadInput(
        CliRun.runWithStdin("", "code", "--qr", "-"),
        "QR code image from standard input: nothing to read");
    assertBadInput(
        CliRun.runWithStdin("hello", "code", "--qr", "-"),
        "QR code image from standard input: not an image that can be read (PNG, JPEG, GIF, BMP or"
            + " TIFF) nor an SVG document");
  }

  @Test
  void codeQr_withOtherSourcesOrUriParameters_isBadInput() throws Exception {
    String png = file("alice.png", TOTP);

    assertBadInput(
        CliRun.run("code", "--qr", png, "--secret", SEED20),
        "--qr cannot be used together with --secret");
    assertBadInput(
        CliRun.run("code", "--qr", png, "--uri", TOTP), "--qr cannot be used together with --uri");
    assertBadInput(
        CliRun.run("code", "--qr", png, "--digits", "8"),
        "--qr cannot be combined with --digits (the QR code's URI sets it)");
    assertBadInput(
        CliRun.run("code", "--qr", png, "--t0", "5"),
        "--qr cannot be combined with --t0 (the QR code's URI sets it)");
  }

  @Test
  void code_withoutSource_namesAllThree() {
    assertBadInput(
        CliRun.run("code"), "missing required option: '--secret=S', '--uri=URI' or '--qr=FILE'");
  }

  @Test
  void codeHelp_describesQr() {
    CliRun run = CliRun.run("code", "--help");

    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("--qr=FILE").contains("QR code");
  }
}
