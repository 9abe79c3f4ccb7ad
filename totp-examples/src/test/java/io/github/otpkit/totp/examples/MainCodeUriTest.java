package io.github.otpkit.totp.examples;

import static io.github.otpkit.totp.examples.CliAssert.assertBadInput;
import static io.github.otpkit.totp.examples.CliAssert.assertNeverShows;
import static io.github.otpkit.totp.examples.CliAssert.assertSuccess;
import static io.github.otpkit.totp.examples.MainTest.MARKER;
import static io.github.otpkit.totp.examples.MainTest.SEED20;
import static io.github.otpkit.totp.examples.MainTest.SEED64;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code totp code --uri URI}: the code that an authenticator app shows for an otpauth URI. */
class MainCodeUriTest {
  private static final String TOTP = "otpauth://totp/ACME:alice?secret=" + SEED20 + "&issuer=ACME";

  @Test
  void codeUri_totp_isTheCodeOfItsSecretAtTheTime() {
    assertSuccess(CliRun.run("code", "--uri", TOTP, "--time", "59"), "287082");
  }

  @Test
  void codeUri_totp_withoutTime_usesTheClock() {
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1_111_111_109L), ZoneOffset.UTC);

    assertSuccess(CliRun.runWith("", clock, "code", "--uri", TOTP), "081804");
  }

  @Test
  void codeUri_totpWithAlgorithmDigitsAndPeriod_usesTheUrisParameters() {
    String uri =
        "otpauth://totp/ACME:alice?secret="
            + SEED64
            + "&algorithm=SHA512&digits=8&period=60&issuer=ACME";
    CliRun expected =
        CliRun.run(
            "code",
            "--secret",
            SEED64,
            "--algorithm",
            "SHA512",
            "--digits",
            "8",
            "--period",
            "60",
            "--time",
            "1234567890");

    assertSuccess(CliRun.run("code", "--uri", uri, "--time", "1234567890"), expected.out().strip());
  }

  @Test
  void codeUri_hotp_isTheCodeAtItsCounter() {
    assertSuccess(
        CliRun.run("code", "--uri", "otpauth://hotp/ACME:bob?secret=" + SEED20 + "&counter=7"),
        "162583");
  }

  @Test
  void codeUri_hotpWithTime_isTheCodeAtItsCounterWithOneWarning() {
    CliRun run =
        CliRun.run(
            "code",
            "--uri",
            "otpauth://hotp/ACME:bob?secret=" + SEED20 + "&counter=7",
            "--time",
            "1234567890");

    assertThat(run.out()).isEqualTo("162583" + System.lineSeparator());
    assertThat(run.err())
        .isEqualTo(
            "warning: --time has no effect with an hotp URI: its code is the one at its counter"
                + System.lineSeparator());
    assertThat(run.status()).isZero();
    assertNeverShows(run, SEED20);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // Lower-case and padded secrets, no issuer, unknown parameters, a raw non-ASCII label:
        // what other services emit.
        "otpauth://totp/alice?secret=gezdgnbvgy3tqojqgezdgnbvgy3tqojq",
        "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ====&foo=bar",
        "OTPAUTH://TOTP/Caf%C3%A9:j%C3%BCrgen?secret=" + SEED20,
        "otpauth://totp/Café:jürgen?secret=" + SEED20 + "&image=https%3A%2F%2Fexample.com%2Fi.png"
      })
  void codeUri_acceptsWhatRealServicesEmit(String uri) {
    assertSuccess(CliRun.run("code", "--uri", uri, "--time", "59"), "287082");
  }

  @Test
  void codeUri_dash_readsTheUriFromStandardInput() {
    assertSuccess(CliRun.runWithStdin(TOTP + "\n", "code", "--uri", "-", "--time", "59"), "287082");
  }

  @Test
  void codeUri_roundTripsWithTheUriCommand() {
    String uri =
        CliRun.run(
                "uri",
                "--hotp",
                "--counter",
                "4",
                "--secret",
                SEED20,
                "--issuer",
                "Photo Portal",
                "--account",
                "alice@example.com")
            .out()
            .strip();

    assertSuccess(CliRun.run("code", "--uri", uri), "338314");
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        bad(
            "missing required option: '--secret=S', '--uri=URI' or '--qr=FILE'",
            "code",
            "--time",
            "59"),
        bad(
            "--secret and --uri cannot be used together",
            "code",
            "--secret",
            SEED20,
            "--uri",
            TOTP),
        bad(
            "--uri cannot be combined with --digits (the URI sets it)",
            "code",
            "--uri",
            TOTP,
            "--digits",
            "8"),
        bad(
            "--uri cannot be combined with --algorithm (the URI sets it)",
            "code",
            "--uri",
            TOTP,
            "--algorithm",
            "SHA1"),
        bad(
            "--uri cannot be combined with --period (the URI sets it)",
            "code",
            "--uri",
            TOTP,
            "--period",
            "30"),
        bad(
            "--uri cannot be combined with --t0 (the URI sets it)",
            "code",
            "--uri",
            TOTP,
            "--t0",
            "0"),
        bad(
            "--time must be 0 or more but was -5",
            "code",
            "--uri",
            "otpauth://hotp/A:b?secret=" + SEED20 + "&counter=1",
            "--time",
            "-5"),
        bad("--time must be 0 or more but was -1", "code", "--uri", TOTP, "--time", "-1"),
        bad("--uri: scheme must be otpauth://", "code", "--uri", "https://example.com/"),
        bad("--uri: parameter secret is missing", "code", "--uri", "otpauth://totp/A:b"),
        bad(
            "--uri: parameter secret is invalid: invalid Base32 character at position 33",
            "code",
            "--uri",
            "otpauth://totp/A:b?secret=" + MARKER + "1"),
        bad(
            "--uri: parameter counter is missing (an hotp URI requires it)",
            "code",
            "--uri",
            "otpauth://hotp/A:b?secret=" + MARKER),
        bad(
            "--uri: parameter digits must be 6 to 8 but was 9",
            "code",
            "--uri",
            "otpauth://totp/A:b?secret=" + MARKER + "&digits=9"),
        bad("missing required parameter for option '--uri' (URI)", "code", "--uri"));
  }

  private static Arguments bad(String expectedError, String... args) {
    return Arguments.of(expectedError, List.of(args));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badInput")
  void codeUri_badInput_exitsTwoWithOneErrorLine(String expectedError, List<String> args) {
    CliRun run = CliRun.run(args.toArray(String[]::new));

    assertBadInput(run, expectedError);
    assertNeverShows(run, MARKER);
    assertNeverShows(run, SEED20);
  }

  @Test
  void codeUri_invalidUriOnStandardInput_namesThePartNotTheUri() {
    CliRun run =
        CliRun.runWithStdin(
            "otpauth://totp/A:b?secret=" + MARKER + "&period=0\n", "code", "--uri", "-");

    assertBadInput(
        run, "URI from standard input: parameter period must be 1 to 3600 seconds but was 0");
    assertNeverShows(run, MARKER);
  }

  @Test
  void codeUri_emptyStandardInput_isBadInput() {
    assertBadInput(
        CliRun.runWithStdin("", "code", "--uri", "-"), "URI from standard input: nothing to read");
  }

  @Test
  void codeUri_uriNeverInAnyError() {
    String uri = "otpauth://totp/A:b?secret=" + MARKER;
    for (String[] args :
        List.of(
            new String[] {"code", "--uri", uri, "--digits", "7"},
            new String[] {"code", "--uri", uri, uri},
            new String[] {"code", "--uri", uri, "--uri", uri},
            new String[] {"code", "--uri=" + uri, "--frob"},
            new String[] {"code", "--uri", uri, "--secret", MARKER})) {
      CliRun run = CliRun.run(args);

      assertThat(run.status()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.err()).startsWith("error: ").hasLineCount(1).doesNotContain("otpauth");
      assertNeverShows(run, MARKER);
    }
  }
}
