package io.github.otpkit.totp.examples;

import static io.github.otpkit.totp.examples.CliAssert.assertBadInput;
import static io.github.otpkit.totp.examples.CliAssert.assertNeverShows;
import static io.github.otpkit.totp.examples.MainTest.MARKER;
import static io.github.otpkit.totp.examples.MainTest.SEED20;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code totp qr}: every format decodes back, with decoders that are not ours, to exactly the URI
 * that {@code totp uri} prints, or to the {@code --uri} text byte for byte; files appear whole or
 * not at all.
 */
class MainQrTest {
  private static final String NL = System.lineSeparator();
  private static final String[] ACCOUNT = {
    "--secret", SEED20, "--issuer", "Photo Portal", "--account", "alice@example.com"
  };
  private static final String EXPECTED_URI =
      "otpauth://totp/Photo%20Portal:alice%40example.com?secret="
          + SEED20
          + "&issuer=Photo%20Portal";

  @TempDir Path work;

  private static String[] qr(String... more) {
    String[] args = new String[1 + ACCOUNT.length + more.length];
    args[0] = "qr";
    System.arraycopy(ACCOUNT, 0, args, 1, ACCOUNT.length);
    System.arraycopy(more, 0, args, 1 + ACCOUNT.length, more.length);
    return args;
  }

  private List<Path> filesInWork() throws Exception {
    try (Stream<Path> files = Files.list(work)) {
      return files.sorted().toList();
    }
  }

  @Test
  void qr_default_isTerminalTextOnStandardOutputThatDecodesToTheUri() throws Exception {
    CliRun run = CliRun.run(qr());

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).endsWith("\n").doesNotContain(SEED20.substring(0, 8));
    assertThat(QrDecoding.fromTerminal(run.out(), false)).isEqualTo(EXPECTED_URI);
    assertThat(
            CliRun.run(
                    "uri", ACCOUNT[0], ACCOUNT[1], ACCOUNT[2], ACCOUNT[3], ACCOUNT[4], ACCOUNT[5])
                .out())
        .isEqualTo(EXPECTED_URI + NL);
  }

  @Test
  void qr_invert_drawsLightModulesForDarkTerminals() throws Exception {
    CliRun run = CliRun.run(qr("--format", "TEXT", "--invert"));

    assertThat(run.status()).isZero();
    assertThat(QrDecoding.fromTerminal(run.out(), true)).isEqualTo(EXPECTED_URI);
    assertThat(run.out()).isNotEqualTo(CliRun.run(qr()).out());
  }

  @Test
  void qr_svgWithoutOutput_goesToStandardOutputAndDecodes() throws Exception {
    CliRun run = CliRun.run(qr("--format", "svg"));

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
        .contains("<title>QR code</title>");
    assertThat(QrDecoding.fromSvg(run.out().getBytes(StandardCharsets.UTF_8), work))
        .isEqualTo(EXPECTED_URI);
  }

  @Test
  void qr_pngToFile_decodesWithZxingAndZbarAndIsOwnerOnly() throws Exception {
    Path file = work.resolve("alice.png");

    CliRun run = CliRun.run(qr("--format", "png", "--output", file.toString()));

    assertThat(run.status()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEmpty();
    assertThat(QrDecoding.fromPng(Files.readAllBytes(file))).isEqualTo(EXPECTED_URI);
    assertThat(QrDecoding.withZbar(file)).isEqualTo(EXPECTED_URI);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(filesInWork()).containsExactly(file);
  }

  @Test
  void qr_svgAndTextToFile_areWrittenWhole() throws Exception {
    Path svg = work.resolve("alice.svg");
    Path text = work.resolve("alice.txt");

    assertThat(CliRun.run(qr("--format", "svg", "--output", svg.toString())).status()).isZero();
    assertThat(CliRun.run(qr("--output", text.toString())).status()).isZero();

    assertThat(QrDecoding.fromSvg(Files.readAllBytes(svg), work)).isEqualTo(EXPECTED_URI);
    assertThat(QrDecoding.fromTerminal(Files.readString(text, StandardCharsets.UTF_8), false))
        .isEqualTo(EXPECTED_URI);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // Not what 'totp uri' would write: lower-case secret, '+' for a space in the issuer
        // parameter, parameters in another order, an image, a raw non-ASCII label.
        "otpauth://totp/ACME%20Co:alice?issuer=ACME+Co&secret=gezdgnbvgy3tqojqgezdgnbvgy3tqojq",
        "otpauth://totp/Caf%C3%A9:j%C3%BCrgen?secret="
            + SEED20
            + "&image=https%3A%2F%2Fex.com%2Fi.png",
        "otpauth://totp/Café:jürgen?secret=" + SEED20 + "&issuer=Café",
        "otpauth://hotp/ACME:bob?secret=" + SEED20 + "&counter=42&digits=8"
      })
  void qrUri_encodesTheGivenTextByteForByte(String uri) throws Exception {
    Path file = work.resolve("given.png");

    CliRun png = CliRun.run("qr", "--uri", uri, "--format", "png", "--output", file.toString());
    CliRun text = CliRun.run("qr", "--uri", uri);

    assertThat(png.status()).isZero();
    assertThat(QrDecoding.fromPng(Files.readAllBytes(file))).isEqualTo(uri);
    assertThat(QrDecoding.withZbar(file)).isEqualTo(uri);
    assertThat(QrDecoding.fromTerminal(text.out(), false)).isEqualTo(uri);
  }

  @Test
  void qrUri_fromStandardInput_dropsOnlyTheFinalLineBreak() throws Exception {
    String uri = "otpauth://totp/ACME:alice?secret=" + SEED20;

    CliRun run = CliRun.runWithStdin(uri + "\n", "qr", "--uri", "-");

    assertThat(run.status()).isZero();
    assertThat(QrDecoding.fromTerminal(run.out(), false)).isEqualTo(uri);
  }

  @Test
  void qr_secretFromStandardInput_works() throws Exception {
    CliRun run =
        CliRun.runWithStdin(
            SEED20 + "\n",
            "qr",
            "--secret",
            "-",
            "--issuer",
            "Photo Portal",
            "--account",
            "alice@example.com");

    assertThat(QrDecoding.fromTerminal(run.out(), false)).isEqualTo(EXPECTED_URI);
  }

  @Test
  void qr_nonDefaultSettings_warnOnStandardErrorAndExitZero() throws Exception {
    CliRun run = CliRun.run(qr("--digits", "8"));
    CliRun hotp = CliRun.run("qr", "--uri", "otpauth://hotp/A:b?secret=" + SEED20 + "&counter=1");

    assertThat(run.status()).isZero();
    assertThat(run.err())
        .isEqualTo(
            "warning: Microsoft Authenticator ignores digits and shows 6-digit codes, not 8"
                + NL
                + "warning: Google Authenticator handles 8 digits unreliably (some versions ignore"
                + " digits)"
                + NL);
    assertThat(QrDecoding.fromTerminal(run.out(), false)).endsWith("&digits=8");
    assertThat(hotp.status()).isZero();
    assertThat(hotp.err())
        .isEqualTo("warning: Microsoft Authenticator supports only TOTP, not HOTP" + NL);
  }

  @Test
  void qr_existingFile_isKeptUnlessForce() throws Exception {
    Path file = work.resolve("keep.png");
    Files.writeString(file, "precious");

    CliRun refused = CliRun.run(qr("--format", "png", "--output", file.toString()));

    assertBadInput(refused, "--output: " + file + " exists (add --force to replace it)");
    assertThat(Files.readString(file)).isEqualTo("precious");
    assertThat(filesInWork()).containsExactly(file);

    CliRun forced = CliRun.run(qr("--format", "png", "--output", file.toString(), "--force"));

    assertThat(forced.status()).isZero();
    assertThat(QrDecoding.fromPng(Files.readAllBytes(file))).isEqualTo(EXPECTED_URI);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(filesInWork()).containsExactly(file);
  }

  @Test
  void qr_existingSymbolicLink_isNotFollowed() throws Exception {
    Path target = work.resolve("target.txt");
    Files.writeString(target, "precious");
    Path link = Files.createSymbolicLink(work.resolve("link.png"), target);

    CliRun refused = CliRun.run(qr("--format", "png", "--output", link.toString()));
    CliRun forced = CliRun.run(qr("--format", "png", "--output", link.toString(), "--force"));

    assertThat(refused.status()).isEqualTo(2);
    assertThat(forced.status()).isZero();
    assertThat(Files.readString(target)).isEqualTo("precious");
    assertThat(Files.isSymbolicLink(link)).isFalse();
    assertThat(QrDecoding.fromPng(Files.readAllBytes(link))).isEqualTo(EXPECTED_URI);
  }

  @Test
  void qr_textTooLongForAQrCode_writesNothing() throws Exception {
    Path file = work.resolve("never.png");
    String uri =
        "otpauth://totp/A:b?secret=" + MARKER + "&image=https://example.com/" + "a".repeat(3000);

    CliRun run = CliRun.run("qr", "--uri", uri, "--format", "png", "--output", file.toString());

    assertBadInput(
        run,
        "text is too long for a QR code at error correction level M: 3085 bytes in byte mode but"
            + " at most 2331 fit");
    assertNeverShows(run, MARKER);
    assertThat(filesInWork()).isEmpty();
  }

  @Test
  void qr_outputIntoAMissingFolderOrOntoAFolder_isRefused() throws Exception {
    Path missing = work.resolve("no/such/folder/x.png");

    assertBadInput(
        CliRun.run(qr("--format", "png", "--output", missing.toString())),
        "--output: the folder of " + missing + " does not exist");
    assertBadInput(
        CliRun.run(qr("--format", "png", "--output", work.toString())),
        "--output: " + work + " is a folder");
    assertThat(filesInWork()).isEmpty();
  }

  @Test
  void qr_fileThatCannotBeWritten_isBadInputAndLeavesNothing() throws Exception {
    // A 250-character name is allowed, but the temporary file's longer name is not (NAME_MAX is
    // 255 on Linux): a write error that root gets too.
    Path file = work.resolve("q".repeat(246) + ".png");

    assertBadInput(
        CliRun.run(qr("--format", "png", "--output", file.toString())),
        "--output: cannot write " + file + " (File name too long)");
    assertThat(filesInWork()).isEmpty();
  }

  static Stream<Arguments> badInput() {
    String uri = "otpauth://totp/A:b?secret=" + MARKER;
    return Stream.of(
        bad("--format png needs --output FILE", "qr", "--uri", uri, "--format", "png"),
        bad("--format must be png, svg or text", "qr", "--uri", uri, "--format", "gif"),
        bad("--force can only be used with --output", "qr", "--uri", uri, "--force"),
        bad(
            "--invert can only be used with --format text",
            "qr",
            "--uri",
            uri,
            "--format",
            "svg",
            "--invert"),
        bad("missing required option: '--secret=S' or '--uri=URI'", "qr"),
        bad("--secret and --uri cannot be used together", "qr", "--uri", uri, "--secret", MARKER),
        bad(
            "--uri cannot be combined with --issuer (the URI sets it)",
            "qr",
            "--uri",
            uri,
            "--issuer",
            "A"),
        bad(
            "--uri cannot be combined with --digits (the URI sets it)",
            "qr",
            "--uri",
            uri,
            "--digits",
            "6"),
        bad("--uri cannot be combined with --hotp (the URI sets it)", "qr", "--uri", uri, "--hotp"),
        bad("missing required options: '--issuer=I', '--account=NAME'", "qr", "--secret", MARKER),
        bad(
            "--issuer must not contain ':'",
            "qr",
            "--secret",
            MARKER,
            "--issuer",
            "a:b",
            "--account",
            "c"),
        bad(
            "--uri: parameter secret is invalid: invalid Base32 character at position 33",
            "qr",
            "--uri",
            uri + "8"),
        bad(
            "--uri: type must be totp or hotp",
            "qr",
            "--uri",
            "otpauth://motp/A:b?secret=" + MARKER),
        bad(
            "--secret: invalid Base32 character at position 33",
            "qr",
            "--secret",
            MARKER + "1",
            "--issuer",
            "A",
            "--account",
            "b"));
  }

  private static Arguments bad(String expectedError, String... args) {
    return Arguments.of(expectedError, List.of(args));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badInput")
  void qr_badInput_exitsTwoWithOneErrorLineAndNothingOnStandardOutput(
      String expectedError, List<String> args) {
    CliRun run = CliRun.run(args.toArray(String[]::new));

    assertBadInput(run, expectedError);
    assertNeverShows(run, MARKER);
  }
}
