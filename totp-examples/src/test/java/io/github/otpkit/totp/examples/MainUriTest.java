package io.github.otpkit.totp.examples;

import static io.github.otpkit.totp.examples.CliAssert.assertBadInput;
import static io.github.otpkit.totp.examples.CliAssert.assertNeverShows;
import static io.github.otpkit.totp.examples.CliAssert.assertSuccess;
import static io.github.otpkit.totp.examples.MainTest.MARKER;
import static io.github.otpkit.totp.examples.MainTest.SEED20;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.OtpType;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code totp uri}: the otpauth URI, and a warning line per setting that apps do not honour. */
class MainUriTest {
  private static final String NL = System.lineSeparator();

  @Test
  void uri_defaults_totpWithIssuerPrefixAndParameterPercentEncoded() {
    assertSuccess(
        CliRun.run(
            "uri",
            "--secret",
            SEED20,
            "--issuer",
            "Photo Portal",
            "--account",
            "alice@example.com"),
        "otpauth://totp/Photo%20Portal:alice%40example.com?secret="
            + SEED20
            + "&issuer=Photo%20Portal");
  }

  @Test
  void uri_secretInAnyForm_isWrittenUpperCaseUnpadded() {
    assertSuccess(
        CliRun.run(
            "uri",
            "--secret",
            "gezd gnbv-gy3t qojq gezd gnbv gy3t qojq====",
            "--issuer",
            "A+B",
            "--account",
            "x y"),
        "otpauth://totp/A%2BB:x%20y?secret=" + SEED20 + "&issuer=A%2BB");
  }

  @Test
  void uri_nonDefaultSettings_printTheUriAndOneWarningLineEach() {
    CliRun run =
        CliRun.run(
            "uri",
            "--secret",
            SEED20,
            "--issuer",
            "ACME",
            "--account",
            "alice",
            "--algorithm",
            "SHA256",
            "--digits",
            "8",
            "--period",
            "60");

    assertThat(run.status()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "otpauth://totp/ACME:alice?secret="
                + SEED20
                + "&issuer=ACME&algorithm=SHA256&digits=8&period=60"
                + NL);
    assertThat(run.err())
        .isEqualTo(
            "warning: Microsoft Authenticator ignores the algorithm and computes SHA1 codes, not"
                + " SHA256"
                + NL
                + "warning: Google Authenticator handles SHA256 unreliably (some versions silently"
                + " compute SHA1 codes)"
                + NL
                + "warning: Microsoft Authenticator ignores digits and shows 6-digit codes, not 8"
                + NL
                + "warning: Google Authenticator handles 8 digits unreliably (some versions ignore"
                + " digits)"
                + NL
                + "warning: Microsoft Authenticator supports only a 30-second period, not 60"
                + " seconds"
                + NL
                + "warning: Google Authenticator supports only a 30-second period on Android, not"
                + " 60 seconds"
                + NL);
  }

  @Test
  void uri_hotp_hasCounterAndWarnsAboutMicrosoftAuthenticator() {
    CliRun run =
        CliRun.run(
            "uri",
            "--hotp",
            "--counter",
            "5",
            "--secret",
            SEED20,
            "--issuer",
            "ACME",
            "--account",
            "bob");

    assertThat(run.status()).isZero();
    assertThat(run.out())
        .isEqualTo("otpauth://hotp/ACME:bob?secret=" + SEED20 + "&issuer=ACME&counter=5" + NL);
    assertThat(run.err())
        .isEqualTo("warning: Microsoft Authenticator supports only TOTP, not HOTP" + NL);
  }

  @Test
  void uri_legacyShortSecret_isWrittenWithAWarning() {
    CliRun run =
        CliRun.run("uri", "--secret", "JBSWY3DPEHPK3PXP", "--issuer", "ACME", "--account", "x");

    assertThat(run.status()).isZero();
    assertThat(run.out())
        .isEqualTo("otpauth://totp/ACME:x?secret=JBSWY3DPEHPK3PXP&issuer=ACME" + NL);
    assertThat(run.err())
        .isEqualTo(
            "warning: the secret has 10 bytes; new accounts need at least 16 (RFC 4226): make"
                + " one with 'totp secret'"
                + NL);
  }

  @Test
  void uri_output_parsesBackToTheSameValues() {
    CliRun run =
        CliRun.runWithStdin(
            SEED20 + "\n",
            "uri",
            "--secret",
            "-",
            "--issuer",
            "Zoë & Co",
            "--account",
            "zoë@example.com",
            "--algorithm",
            "SHA512",
            "--digits",
            "7",
            "--period",
            "45");

    OtpAuthUri parsed = OtpAuthUri.parse(run.out().strip());

    assertThat(parsed.type()).isEqualTo(OtpType.TOTP);
    assertThat(parsed.issuer()).contains("Zoë & Co");
    assertThat(parsed.account()).isEqualTo("zoë@example.com");
    assertThat(parsed.algorithm()).isEqualTo(HmacAlgorithm.SHA512);
    assertThat(parsed.digits()).isEqualTo(7);
    assertThat(parsed.totpParameters().period()).isEqualTo(Duration.ofSeconds(45));
    assertThat(parsed.secret().revealBase32()).isEqualTo(SEED20);
    assertThat(run.out()).isEqualTo(parsed.revealUriString() + NL);
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        bad("missing required option: '--secret=S'", "uri", "--issuer", "A", "--account", "b"),
        bad("missing required options: '--issuer=I', '--account=NAME'", "uri", "--secret", MARKER),
        bad(
            "missing required option: '--account=NAME'",
            "uri",
            "--secret",
            MARKER,
            "--issuer",
            "A"),
        bad(
            "missing required option: '--counter=C'",
            "uri",
            "--hotp",
            "--secret",
            MARKER,
            "--issuer",
            "A",
            "--account",
            "b"),
        bad(
            "--counter can only be used with --hotp",
            "uri",
            "--counter",
            "1",
            "--secret",
            MARKER,
            "--issuer",
            "A",
            "--account",
            "b"),
        bad(
            "--period cannot be used with --hotp",
            "uri",
            "--hotp",
            "--counter",
            "1",
            "--period",
            "30",
            "--secret",
            MARKER,
            "--issuer",
            "A",
            "--account",
            "b"),
        bad(
            "--counter must be 0 or more but was -1",
            "uri",
            "--hotp",
            "--counter",
            "-1",
            "--secret",
            MARKER,
            "--issuer",
            "A",
            "--account",
            "b"),
        bad(
            "--issuer must not contain ':'",
            "uri",
            "--secret",
            MARKER,
            "--issuer",
            "A:B",
            "--account",
            "b"),
        bad(
            "--account must not contain ':'",
            "uri",
            "--secret",
            MARKER,
            "--issuer",
            "A",
            "--account",
            "b:c"),
        bad(
            "--issuer must not be empty",
            "uri",
            "--secret",
            MARKER,
            "--issuer",
            "",
            "--account",
            "b"),
        bad(
            "--account must not be empty",
            "uri",
            "--secret",
            MARKER,
            "--issuer",
            "A",
            "--account",
            ""),
        bad(
            "--issuer must not start or end with whitespace",
            "uri",
            "--secret",
            MARKER,
            "--issuer",
            " A",
            "--account",
            "b"),
        bad(
            "--account must not contain control characters",
            "uri",
            "--secret",
            MARKER,
            "--issuer",
            "A",
            "--account",
            "b\nc"),
        bad(
            "--period must be 1 to 3600 seconds but was 0",
            "uri",
            "--secret",
            MARKER,
            "--issuer",
            "A",
            "--account",
            "b",
            "--period",
            "0"),
        bad(
            "--digits must be 6 to 8 but was 9",
            "uri",
            "--secret",
            MARKER,
            "--issuer",
            "A",
            "--account",
            "b",
            "--digits",
            "9"),
        bad(
            "--algorithm must be SHA1, SHA256 or SHA512",
            "uri",
            "--secret",
            MARKER,
            "--issuer",
            "A",
            "--account",
            "b",
            "--algorithm",
            "MD5"),
        bad(
            "--secret: invalid Base32 character at position 33",
            "uri",
            "--secret",
            MARKER + "0",
            "--issuer",
            "A",
            "--account",
            "b"),
        bad(
            "--secret: secret must be at least 10 bytes (16 Base32 characters) but was 5 bytes",
            "uri",
            "--secret",
            "GEZDGNBV",
            "--issuer",
            "A",
            "--account",
            "b"),
        bad(
            "unknown option '--t0'",
            "uri",
            "--secret",
            MARKER,
            "--issuer",
            "A",
            "--account",
            "b",
            "--t0",
            "5"));
  }

  private static Arguments bad(String expectedError, String... args) {
    return Arguments.of(expectedError, List.of(args));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badInput")
  void uri_badInput_exitsTwoWithOneErrorLineNeverTheSecret(
      String expectedError, List<String> args) {
    CliRun run = CliRun.run(args.toArray(String[]::new));

    assertBadInput(run, expectedError);
    assertNeverShows(run, MARKER);
  }
}
