package io.github.otpkit.totp.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.OtpSecret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {
  /** Base32 of the RFC 6238 SHA-1 seed "12345678901234567890". */
  static final String SEED20 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

  /** Base32 of the RFC 6238 SHA-256 seed (32 bytes). */
  static final String SEED32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";

  /** Base32 of the RFC 6238 SHA-512 seed (64 bytes). */
  static final String SEED64 =
      "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
          + "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA";

  /** A secret that must never show up in any error output. */
  static final String MARKER = "KRUGS4ZANFZSAYJAONSWG4TFOQQGWZLZ";

  private static void assertSuccess(CliRun run, String expectedOut) {
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEqualTo(expectedOut + System.lineSeparator());
    assertThat(run.status()).isZero();
  }

  private static void assertBadInput(CliRun run, String expectedError) {
    assertThat(run.out()).as("standard output").isEmpty();
    assertThat(run.err()).isEqualTo("error: " + expectedError + System.lineSeparator());
    assertThat(run.status()).isEqualTo(2);
  }

  // ---- secret ---------------------------------------------------------------------------------

  @Test
  void secret_default_prints32UpperCaseBase32CharactersOf20Bytes() {
    CliRun run = CliRun.run("secret");

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    String line = run.out().strip();
    assertThat(run.out()).isEqualTo(line + System.lineSeparator());
    assertThat(line).matches("[A-Z2-7]{32}");
    assertThat(OtpSecret.fromBase32(line).length()).isEqualTo(20);
  }

  @ParameterizedTest
  @CsvSource({"16, 26", "20, 32", "32, 52", "64, 103"})
  void secret_bytes_printsUnpaddedBase32OfThatLength(int bytes, int characters) {
    CliRun run = CliRun.run("secret", "--bytes", Integer.toString(bytes));

    assertThat(run.status()).isZero();
    String line = run.out().strip();
    assertThat(line).hasSize(characters).matches("[A-Z2-7]+");
    assertThat(OtpSecret.fromBase32(line).length()).isEqualTo(bytes);
  }

  @Test
  void secret_twoRuns_giveDifferentSecrets() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      seen.add(CliRun.run("secret").out());
    }
    assertThat(seen).hasSize(20);
  }

  // ---- code -----------------------------------------------------------------------------------

  @ParameterizedTest(name = "{1} at {0} = {2}")
  @CsvSource({
    "59, SHA1, 94287082", "59, SHA256, 46119246", "59, SHA512, 90693936",
    "1111111109, SHA1, 07081804", "1111111109, SHA256, 68084774", "1111111109, SHA512, 25091201",
    "1234567890, SHA1, 89005924", "2000000000, SHA256, 90698825", "20000000000, SHA512, 47863826"
  })
  void code_rfc6238Vectors(long time, String algorithm, String expected) {
    String secret =
        switch (algorithm) {
          case "SHA1" -> SEED20;
          case "SHA256" -> SEED32;
          default -> SEED64;
        };
    CliRun run =
        CliRun.run(
            "code",
            "--secret",
            secret,
            "--algorithm",
            algorithm,
            "--digits",
            "8",
            "--time",
            Long.toString(time));

    assertSuccess(run, expected);
  }

  @Test
  void code_defaults_sha1SixDigitsThirtySecondsAtClockTime() {
    Clock clock = Clock.fixed(Instant.ofEpochSecond(59), ZoneId.of("UTC"));

    CliRun run = CliRun.runWith("", clock, "code", "--secret", SEED20);

    assertSuccess(run, "287082");
  }

  @Test
  void code_clockTimeIsTruncatedToWholeSeconds() {
    Clock clock = Clock.fixed(Instant.ofEpochSecond(59, 999_999_999), ZoneId.of("UTC"));

    assertSuccess(CliRun.runWith("", clock, "code", "--secret", SEED20), "287082");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "gezdgnbvgy3tqojqgezdgnbvgy3tqojq",
        "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ",
        "gezd-gnbv-gy3t-qojq-gezd-gnbv-gy3t-qojq",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ===="
      })
  void code_secretInAnyCaseWithSpacesHyphensOrPadding_sameCode(String secret) {
    assertSuccess(CliRun.run("code", "--secret", secret, "--time", "59"), "287082");
  }

  @Test
  void code_periodAndT0_useStepFloorOfTimeMinusT0OverPeriod() {
    // (1000 - 100) / 60 = step 15
    String expected = CliRun.run("hotp", "--secret", SEED20, "--counter", "15").out().strip();

    CliRun run =
        CliRun.run("code", "--secret", SEED20, "--period", "60", "--t0", "100", "--time", "1000");

    assertSuccess(run, expected);
  }

  @Test
  void code_timeEqualToT0_isStepZero() {
    assertSuccess(CliRun.run("code", "--secret", SEED20, "--t0", "500", "--time", "500"), "755224");
  }

  @Test
  void code_algorithmNameIsCaseInsensitive() {
    assertSuccess(
        CliRun.run(
            "code", "--secret", SEED32, "--algorithm", "sha256", "--digits", "8", "--time", "59"),
        "46119246");
  }

  @Test
  void code_legacy80BitSecret_isAccepted() {
    assertSuccess(CliRun.run("code", "--secret", "JBSWY3DPEHPK3PXP", "--time", "59"), "996554");
  }

  @ParameterizedTest
  @ValueSource(strings = {"%s", "%s\n", "%s\r\n", "%s\n\n", "  %s  \n"})
  void code_secretDash_readsStandardInput(String stdinFormat) {
    CliRun run =
        CliRun.runWithStdin(
            String.format(stdinFormat, SEED20), "code", "--secret", "-", "--time", "59");

    assertSuccess(run, "287082");
  }

  @Test
  void code_secretFromStandardInputInvalid_namesPositionButNotTheSecret() {
    CliRun run = CliRun.runWithStdin(MARKER + "1\n", "code", "--secret", "-");

    assertBadInput(run, "secret from standard input: invalid Base32 character at position 33");
  }

  @Test
  void code_secretFromEmptyStandardInput_isBadInput() {
    assertBadInput(
        CliRun.runWithStdin("\n", "code", "--secret", "-"),
        "secret from standard input: nothing to read");
  }

  @Test
  void code_secretFromHugeStandardInput_isBadInput() {
    assertBadInput(
        CliRun.runWithStdin("A".repeat(5000), "code", "--secret", "-"),
        "secret from standard input: longer than 4096 bytes");
  }

  @Test
  void code_clockBeforeT0_isBadInput() {
    assertBadInput(
        CliRun.run("code", "--secret", SEED20, "--t0", "99999999999"),
        "the current time is before --t0 99999999999");
  }

  // ---- hotp -----------------------------------------------------------------------------------

  @ParameterizedTest(name = "counter {0} = {1}")
  @CsvSource({
    "0, 755224", "1, 287082", "2, 359152", "3, 969429", "4, 338314",
    "5, 254676", "6, 287922", "7, 162583", "8, 399871", "9, 520489"
  })
  void hotp_rfc4226Vectors(long counter, String expected) {
    assertSuccess(
        CliRun.run("hotp", "--secret", SEED20, "--counter", Long.toString(counter)), expected);
  }

  @Test
  void hotp_digitsAndAlgorithm_areApplied() {
    // HOTP at counter 1 = TOTP at time 59 with a 30-second step: the RFC 6238 vectors.
    assertSuccess(
        CliRun.run(
            "hotp", "--secret", SEED64, "--counter", "1", "--algorithm", "SHA512", "--digits", "8"),
        "90693936");
  }

  @Test
  void hotp_hugeCounter_works() {
    CliRun run = CliRun.run("hotp", "--secret", SEED20, "--counter", Long.toString(Long.MAX_VALUE));

    assertThat(run.status()).isZero();
    assertThat(run.out().strip()).matches("[0-9]{6}");
  }

  // ---- help and version -----------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
    "--help, Usage: totp ",
    "-h, Usage: totp ",
    "secret --help, Usage: totp secret",
    "code --help, Usage: totp code",
    "hotp --help, Usage: totp hotp",
    "portal --help, Usage: totp portal",
    "verify --help, Usage: totp verify",
    "uri --help, Usage: totp uri",
    "qr --help, Usage: totp qr",
    "code -h, Usage: totp code"
  })
  void help_onEveryCommand_printsUsageAndExitsZero(String args, String expectedStart) {
    CliRun run = CliRun.run(args.split(" "));

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith(expectedStart);
  }

  @Test
  void help_withRequiredOptionsMissing_stillPrintsUsage() {
    CliRun run = CliRun.run("hotp", "--help");

    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("--counter=C").contains("--secret=S");
  }

  @Test
  void help_top_listsTheCommands() {
    assertThat(CliRun.run("--help").out())
        .contains("secret")
        .contains("code")
        .contains("hotp")
        .contains("verify")
        .contains("uri")
        .contains("qr")
        .contains("portal");
  }

  @Test
  void version_printsToolAndVersion() {
    CliRun run = CliRun.run("--version");

    assertThat(run.status()).isZero();
    assertThat(run.out()).startsWith("totp (otpkit) ").doesNotContain("${");
  }

  // ---- bad input ------------------------------------------------------------------------------

  static Stream<Arguments> badInput() {
    return Stream.of(
        // commands and options
        bad(
            "unknown command; expected one of: secret, code, hotp, verify, uri, qr, portal (see totp --help)",
            "fetch"),
        bad(
            "missing command; expected one of: secret, code, hotp, verify, uri, qr, portal (see totp --help)"),
        bad("unknown option '--frobnicate'", "--frobnicate"),
        bad("unknown option '--secrt'", "code", "--secrt", SEED20),
        bad("unknown option '--secret'", "secret", "--secret=" + SEED20),
        bad("unknown option '-x'", "hotp", "-x", "--secret", SEED20, "--counter", "1"),
        bad(
            "unexpected argument; code takes options only (see totp code --help)",
            "code",
            "--secret",
            SEED20,
            "extra"),
        bad(
            "unexpected argument; code takes options only (see totp code --help)",
            "code",
            "@/etc/passwd"),
        bad("missing required option: '--secret=S', '--uri=URI' or '--qr=FILE'", "code"),
        bad("missing required option: '--counter=C'", "hotp", "--secret", SEED20),
        bad("missing required options: '--secret=S', '--counter=C'", "hotp"),
        bad("missing required parameter for option '--secret' (S)", "code", "--secret"),
        bad(
            "expected parameter for option '--secret' but found '--time'",
            "code",
            "--secret",
            "--time",
            "5"),
        bad(
            "option '--secret' (S) should be specified only once",
            "code",
            "--secret",
            SEED20,
            "--secret",
            SEED20),
        // numbers
        bad("--digits must be a whole number", "code", "--secret", SEED20, "--digits", "six"),
        bad("--time must be a whole number", "code", "--secret", SEED20, "--time", "1.5"),
        bad("--time must be a whole number", "code", "--secret", SEED20, "--time", ""),
        bad("--counter must be a whole number", "hotp", "--secret", SEED20, "--counter", "+1"),
        bad("--counter must be a whole number", "hotp", "--secret", SEED20, "--counter", "１"),
        bad(
            "--period must be a whole number from -9223372036854775808 to 9223372036854775807",
            "code",
            "--secret",
            SEED20,
            "--period",
            "99999999999999999999"),
        bad(
            "--bytes must be a whole number from -2147483648 to 2147483647",
            "secret",
            "--bytes",
            "3000000000"),
        // ranges
        bad("--digits must be 6 to 8 but was 9", "code", "--secret", SEED20, "--digits", "9"),
        bad(
            "--digits must be 6 to 8 but was 5",
            "hotp",
            "--secret",
            SEED20,
            "--counter",
            "0",
            "--digits",
            "5"),
        bad(
            "--period must be 1 to 3600 seconds but was 0",
            "code",
            "--secret",
            SEED20,
            "--period",
            "0"),
        bad(
            "--period must be 1 to 3600 seconds but was 3601",
            "code",
            "--secret",
            SEED20,
            "--period",
            "3601"),
        bad(
            "--algorithm must be SHA1, SHA256 or SHA512",
            "code",
            "--secret",
            SEED20,
            "--algorithm",
            "MD5"),
        bad("--bytes must be 16 to 64 but was 15", "secret", "--bytes", "15"),
        bad("--bytes must be 16 to 64 but was 65", "secret", "--bytes", "65"),
        bad(
            "--counter must be 0 or more but was -1",
            "hotp",
            "--secret",
            SEED20,
            "--counter",
            "-1"),
        bad("--port must be 0 to 65535 but was 65536", "portal", "--port", "65536"),
        bad("--port must be 0 to 65535 but was -1", "portal", "--port", "-1"),
        // times
        bad("--time must be 0 or more but was -1", "code", "--secret", SEED20, "--time", "-1"),
        bad("--t0 must be 0 or more but was -30", "code", "--secret", SEED20, "--t0", "-30"),
        bad(
            "--time must not be before --t0 but was 5 < 10",
            "code",
            "--secret",
            SEED20,
            "--time",
            "5",
            "--t0",
            "10"),
        bad(
            "--time must be at most 31556889864403199 but was 31556889864403200",
            "code",
            "--secret",
            SEED20,
            "--time",
            "31556889864403200"),
        // secrets
        bad(
            "--secret: invalid Base32 character at position 5",
            "code",
            "--secret",
            "GEZD1NBVGY3TQOJQ"),
        bad("--secret: invalid Base32 character at position 3", "code", "--secret", "GE\tZ"),
        bad("--secret: secret must not be empty", "code", "--secret", ""),
        bad("--secret: secret must not be empty", "code", "--secret", " - "),
        bad(
            "--secret: secret must be at least 10 bytes (16 Base32 characters) but was 5 bytes",
            "code",
            "--secret",
            "GEZDGNBV"),
        bad(
            "--secret: Base32 character at position 18 has non-zero trailing bits"
                + " (the text is mistyped or truncated)",
            "hotp",
            "--secret",
            "GEZDGNBVGY3TQOJQGB",
            "--counter",
            "1"),
        bad(
            "--secret: Base32 padding '=' is only allowed at the end (position 9)",
            "code",
            "--secret",
            "GEZDGNBV=GY3TQOJQ"));
  }

  private static Arguments bad(String expectedError, String... args) {
    return Arguments.of(expectedError, List.of(args));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badInput")
  void badInput_exitsTwoWithOneErrorLineAndNothingOnStandardOutput(
      String expectedError, List<String> args) {
    assertBadInput(CliRun.run(args.toArray(String[]::new)), expectedError);
  }

  static Stream<List<String>> invocationsCarryingTheMarkerSecret() {
    List<List<String>> cases = new ArrayList<>();
    cases.add(List.of("code", "--secret", MARKER, "--digits", "9"));
    cases.add(List.of("code", "--secret", MARKER + "1"));
    cases.add(List.of("code", "--secret", MARKER + "==x"));
    cases.add(List.of("code", "--secret", MARKER, MARKER));
    cases.add(List.of("code", "--secret", MARKER, "--secret", MARKER));
    cases.add(List.of("code", "--secret=" + MARKER, "--secret=" + MARKER));
    cases.add(List.of("code", "--secret", MARKER, "--frob=" + MARKER));
    cases.add(List.of("code", "--secret", MARKER, "-" + MARKER));
    cases.add(List.of("code", "--digits", MARKER, "--secret", MARKER));
    cases.add(List.of("code", "--time", MARKER, "--secret", MARKER));
    cases.add(List.of("hotp", "--secret", MARKER));
    cases.add(List.of("hotp", "--counter", MARKER, "--secret", MARKER));
    cases.add(List.of("secret", "--secret", MARKER));
    cases.add(List.of("secret", "--bytes", MARKER));
    cases.add(List.of("code", MARKER));
    cases.add(List.of(MARKER));
    cases.add(List.of("--secret", MARKER));
    cases.add(List.of("portal", "--port", MARKER));
    cases.add(List.of("code", "--secret", MARKER, "--t0", "100", "--time", "1"));
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("invocationsCarryingTheMarkerSecret")
  void badInput_neverRepeatsTheSecret(List<String> args) {
    CliRun run = CliRun.run(args.toArray(String[]::new));

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("error: ").hasLineCount(1);
    // No 8-character piece of the secret: not in full, not in part.
    for (int i = 0; i + 8 <= MARKER.length(); i++) {
      assertThat(run.err()).doesNotContain(MARKER.substring(i, i + 8));
    }
  }

  @Test
  void badInput_secretOnStandardInput_isNeverRepeated() {
    CliRun run = CliRun.runWithStdin(MARKER + "\n" + MARKER + "\n", "code", "--secret", "-");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).doesNotContain(MARKER.substring(0, 8)).hasLineCount(1);
  }

  @Test
  void unexpectedFailure_exitsSeventyWithoutStackTraceOrMessage() {
    Clock broken =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneId.of("UTC");
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            throw new IllegalStateException("clock broke while holding " + MARKER);
          }
        };

    CliRun run = CliRun.runWith("", broken, "code", "--secret", SEED20);

    assertThat(run.status()).isEqualTo(70);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "error: unexpected failure (java.lang.IllegalStateException)" + System.lineSeparator());
  }

  // ---- portal (its start-up errors; the portal itself has its own tests) -----------------------

  @Test
  void portal_portInUse_isBadInputNamingThePort(@TempDir Path data) throws IOException {
    try (ServerSocket taken =
        new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      int port = taken.getLocalPort();

      CliRun run =
          CliRun.run("portal", "--port", Integer.toString(port), "--data", data.toString());

      assertThat(run.status()).isEqualTo(2);
      assertThat(run.out()).isEmpty();
      assertThat(run.err())
          .startsWith("error: cannot listen on 127.0.0.1:" + port + " (")
          .hasLineCount(1);
    }
  }

  @Test
  void portal_dataPathWithSemicolon_isBadInput(@TempDir Path data) {
    Path weird = data.resolve("a;b");

    CliRun run = CliRun.run("portal", "--port", "0", "--data", weird.toString());

    assertBadInput(
        run, "the data folder path must not contain ';': " + weird.toAbsolutePath().normalize());
  }
}
