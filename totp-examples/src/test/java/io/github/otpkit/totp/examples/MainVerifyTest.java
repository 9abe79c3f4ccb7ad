package io.github.otpkit.totp.examples;

import static io.github.otpkit.totp.examples.CliAssert.assertBadInput;
import static io.github.otpkit.totp.examples.CliAssert.assertNeverShows;
import static io.github.otpkit.totp.examples.CliAssert.assertSuccess;
import static io.github.otpkit.totp.examples.MainTest.MARKER;
import static io.github.otpkit.totp.examples.MainTest.SEED20;
import static io.github.otpkit.totp.examples.MainTest.SEED32;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.TotpParameters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code totp verify}: {@code valid step=N drift=D} and exit 0, or {@code invalid} and exit 1. */
class MainVerifyTest {
  /** A time in the middle of step 1_000_000 (30-second steps). */
  private static final long T = 30_000_015L;

  private static final TotpGenerator SHA1 =
      TotpGenerator.create(OtpSecret.fromBase32(SEED20), TotpParameters.DEFAULT);

  private static String codeAtStep(long step) {
    return SHA1.generateAtStep(step);
  }

  private static void assertInvalid(CliRun run) {
    assertThat(run.err()).as("standard error").isEmpty();
    assertThat(run.out()).isEqualTo("invalid" + System.lineSeparator());
    assertThat(run.status()).isEqualTo(1);
  }

  @Test
  void verify_rfc6238Vector_isValidAtStepOneWithoutDrift() {
    assertSuccess(
        CliRun.run(
            "verify", "--secret", SEED20, "--code", "94287082", "--digits", "8", "--time", "59"),
        "valid step=1 drift=0");
  }

  @ParameterizedTest(name = "step offset {0}")
  @CsvSource({"-1", "0", "1"})
  void verify_defaultWindow_acceptsOneStepEachWayAndReportsTheDrift(int offset) {
    CliRun run =
        CliRun.run(
            "verify",
            "--secret",
            SEED20,
            "--code",
            codeAtStep(1_000_000 + offset),
            "--time",
            Long.toString(T));

    assertSuccess(run, "valid step=" + (1_000_000 + offset) + " drift=" + offset);
  }

  @ParameterizedTest(name = "step offset {0}")
  @ValueSource(ints = {-3, -2, 2, 3})
  void verify_defaultWindow_rejectsTwoStepsAway(int offset) {
    assertInvalid(
        CliRun.run(
            "verify",
            "--secret",
            SEED20,
            "--code",
            codeAtStep(1_000_000 + offset),
            "--time",
            Long.toString(T)));
  }

  @Test
  void verify_behindAndAhead_widenTheWindowAsymmetrically() {
    String twoBehind = codeAtStep(999_998);
    String threeAhead = codeAtStep(1_000_003);
    String time = Long.toString(T);

    assertSuccess(
        CliRun.run(
            "verify", "--secret", SEED20, "--code", twoBehind, "--time", time, "--behind", "2"),
        "valid step=999998 drift=-2");
    assertSuccess(
        CliRun.run(
            "verify", "--secret", SEED20, "--code", threeAhead, "--time", time, "--ahead", "3"),
        "valid step=1000003 drift=3");
    assertInvalid(
        CliRun.run(
            "verify", "--secret", SEED20, "--code", threeAhead, "--time", time, "--behind", "3"));
  }

  @Test
  void verify_zeroWindow_acceptsOnlyTheCurrentStep() {
    String time = Long.toString(T);

    assertSuccess(
        CliRun.run(
            "verify",
            "--secret",
            SEED20,
            "--code",
            codeAtStep(1_000_000),
            "--time",
            time,
            "--behind",
            "0",
            "--ahead",
            "0"),
        "valid step=1000000 drift=0");
    assertInvalid(
        CliRun.run(
            "verify",
            "--secret",
            SEED20,
            "--code",
            codeAtStep(999_999),
            "--time",
            time,
            "--behind",
            "0",
            "--ahead",
            "0"));
  }

  @Test
  void verify_withoutTime_usesTheClock() {
    Clock clock = Clock.fixed(Instant.ofEpochSecond(T), ZoneOffset.UTC);

    assertSuccess(
        CliRun.runWith("", clock, "verify", "--secret", SEED20, "--code", codeAtStep(1_000_000)),
        "valid step=1000000 drift=0");
  }

  @Test
  void verify_codeWithSpaces_isAccepted() {
    String code = codeAtStep(1_000_000);
    String spaced = " " + code.substring(0, 3) + " " + code.substring(3) + " ";

    assertSuccess(
        CliRun.run("verify", "--secret", SEED20, "--code", spaced, "--time", Long.toString(T)),
        "valid step=1000000 drift=0");
  }

  @Test
  void verify_wrongCode_printsInvalidAndExitsOne() {
    String wrong = codeAtStep(1_000_000).equals("000000") ? "000001" : "000000";

    assertInvalid(
        CliRun.run("verify", "--secret", SEED20, "--code", wrong, "--time", Long.toString(T)));
  }

  @Test
  void verify_sha256EightDigitsPeriodAndT0_matchTheGenerator() {
    TotpParameters parameters =
        new TotpParameters(
            HmacAlgorithm.SHA256, 8, Duration.ofSeconds(60), Instant.ofEpochSecond(1000));
    TotpGenerator generator = TotpGenerator.create(OtpSecret.fromBase32(SEED32), parameters);
    Instant at = Instant.ofEpochSecond(1_700_000_000L);
    long step = generator.stepAt(at);

    CliRun run =
        CliRun.run(
            "verify",
            "--secret",
            SEED32,
            "--code",
            generator.generateAtStep(step - 1),
            "--algorithm",
            "SHA256",
            "--digits",
            "8",
            "--period",
            "60",
            "--t0",
            "1000",
            "--time",
            "1700000000");

    assertSuccess(run, "valid step=" + (step - 1) + " drift=-1");
  }

  @Test
  void verify_legacy80BitSecretAndSecretFromStandardInput_work() {
    TotpGenerator legacy =
        TotpGenerator.create(OtpSecret.fromBase32("JBSWY3DPEHPK3PXP"), TotpParameters.DEFAULT);

    assertSuccess(
        CliRun.runWithStdin(
            "JBSWY3DPEHPK3PXP\n",
            "verify",
            "--secret",
            "-",
            "--code",
            legacy.generateAtStep(1_000_000),
            "--time",
            Long.toString(T)),
        "valid step=1000000 drift=0");
  }

  @Test
  void verify_stepZero_noNegativeStepsInTheWindow() {
    assertSuccess(
        CliRun.run("verify", "--secret", SEED20, "--code", codeAtStep(0), "--time", "0"),
        "valid step=0 drift=0");
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        bad("--code must be 6 digits (spaces are ignored)", "--code", "28708"),
        bad("--code must be 6 digits (spaces are ignored)", "--code", "2870820"),
        bad("--code must be 6 digits (spaces are ignored)", "--code", "+28708"),
        bad("--code must be 6 digits (spaces are ignored)", "--code", "-28708"),
        bad("--code must be 6 digits (spaces are ignored)", "--code", "28708a"),
        bad("--code must be 6 digits (spaces are ignored)", "--code", "２８７０８２"),
        bad("--code must be 6 digits (spaces are ignored)", "--code", "287\t082"),
        bad("--code must be 6 digits (spaces are ignored)", "--code", ""),
        bad("--code must be 8 digits (spaces are ignored)", "--code", "287082", "--digits", "8"),
        bad("--behind must be 0 to 10 but was 11", "--code", "287082", "--behind", "11"),
        bad("--ahead must be 0 to 10 but was -1", "--code", "287082", "--ahead", "-1"),
        bad("--ahead must be a whole number", "--code", "287082", "--ahead", "one"),
        bad("--digits must be 6 to 8 but was 5", "--code", "287082", "--digits", "5"),
        bad("--period must be 1 to 3600 seconds but was 0", "--code", "287082", "--period", "0"),
        bad("--algorithm must be SHA1, SHA256 or SHA512", "--code", "287082", "--algorithm", "MD5"),
        bad("--time must be 0 or more but was -5", "--code", "287082", "--time", "-5"),
        bad(
            "--time must not be before --t0 but was 5 < 10",
            "--code",
            "287082",
            "--time",
            "5",
            "--t0",
            "10"),
        bad(
            "unexpected argument; verify takes options only (see totp verify --help)",
            "--code",
            "287082",
            "287082"));
  }

  private static Arguments bad(String expectedError, String... args) {
    return Arguments.of(expectedError, List.of(args));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badInput")
  void verify_badInput_exitsTwoWithOneErrorLineNeverTheCodeOrSecret(
      String expectedError, List<String> args) {
    List<String> all = new java.util.ArrayList<>(List.of("verify", "--secret", MARKER));
    all.addAll(args);

    CliRun run = CliRun.run(all.toArray(String[]::new));

    assertBadInput(run, expectedError);
    assertNeverShows(run, MARKER);
    assertThat(run.err()).doesNotContain("287082").doesNotContain("28708");
  }

  @Test
  void verify_missingOptions_areNamed() {
    assertBadInput(CliRun.run("verify"), "missing required options: '--secret=S', '--code=CODE'");
    assertBadInput(
        CliRun.run("verify", "--secret", SEED20), "missing required option: '--code=CODE'");
    assertBadInput(
        CliRun.run("verify", "--code", "287082"), "missing required option: '--secret=S'");
  }

  @Test
  void verify_badSecret_namesThePositionNotTheSecret() {
    CliRun run = CliRun.run("verify", "--secret", MARKER + "8", "--code", "287082");

    assertBadInput(run, "--secret: invalid Base32 character at position 33");
  }
}
