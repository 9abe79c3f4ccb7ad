package io.github.otpkit.totp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.auth.VerificationResult;
import io.github.otpkit.totp.testsupport.Requirements;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks that every benchmark method computes the right thing (otpkit, the floor and each peer
 * agree), so that the timings compare equal work. Nothing here measures time.
 */
class BenchmarkResultsTest {

  @Test
  void generate_everyLibraryAndTheFloor_sameCode() throws Exception {
    GenerateBenchmark b = new GenerateBenchmark();
    String expected = Fixtures.totpCode(Fixtures.STEP);
    int value = Integer.parseInt(expected);

    assertThat(b.otpkit()).isEqualTo(expected);
    assertThat(b.otpkitValue()).isEqualTo(value);
    assertThat(b.floor()).isEqualTo(value);
    assertThat(b.javaOtp()).isEqualTo(value);
    assertThat(b.javaOtpString()).isEqualTo(expected);
    assertThat(b.googleAuth()).isEqualTo(value);
    assertThat(b.javaTotp()).isEqualTo(expected);
    assertThat(b.otpJava()).isEqualTo(expected);
  }

  @Test
  void fixtures_rfc4226Key_matchesAppendixDVector() {
    // RFC 4226 appendix D: HOTP(K, 1) = 287082 for K = "12345678901234567890".
    assertThat(Fixtures.hotpCode(1)).isEqualTo("287082");
    assertThat(Floor.prepare(Fixtures.SECRET_BYTES).code(1)).isEqualTo(287_082);
  }

  @ParameterizedTest
  @ValueSource(strings = {"valid", "wrong"})
  void verify_everyLibraryAndTheFloor_agree(String code) throws Exception {
    VerifyBenchmark b = new VerifyBenchmark();
    b.code = code;
    b.setUp();
    boolean valid = code.equals("valid");
    OptionalLong expected = valid ? OptionalLong.of(Fixtures.STEP) : OptionalLong.empty();

    assertThat(b.floor()).isEqualTo(valid);
    assertThat(b.otpkit()).isEqualTo(expected);
    assertThat(b.otpkitFromBase32()).isEqualTo(expected);
    assertThat(b.googleAuth()).isEqualTo(valid);
    assertThat(b.javaTotp()).isEqualTo(valid);
    assertThat(b.otpJava()).isEqualTo(valid);
    assertThat(b.javaOtp()).isEqualTo(valid);
  }

  @Test
  void verify_wrongCode_matchesNoStepOfTheWindow() {
    VerifyBenchmark b = new VerifyBenchmark();
    b.code = "wrong";
    b.setUp();

    for (long step = Fixtures.STEP - 1; step <= Fixtures.STEP + 1; step++) {
      assertThat(b.typed).isNotEqualTo(Fixtures.totpCode(step));
    }
  }

  @Test
  void verifyWithStore_validAcrossRoundsAndRestart_alwaysAcceptedAtItsStep() {
    VerifyWithStoreBenchmark b = new VerifyWithStoreBenchmark();
    b.setUpTrial();
    b.setUpIteration();
    int calls = 3 * VerifyWithStoreBenchmark.ACCOUNTS + 5;

    for (int n = 0; n < calls; n++) {
      VerificationResult result = b.valid();
      long round = n / VerifyWithStoreBenchmark.ACCOUNTS;
      assertThat(result)
          .as("call %d", n)
          .isEqualTo(VerificationResult.Accepted.code(Fixtures.STEP + round, 0));
    }
    assertThat(b.validStore.size()).isEqualTo(VerifyWithStoreBenchmark.ACCOUNTS);

    // Past the precomputed steps the benchmark starts over with an empty store.
    b.calls = VerifyWithStoreBenchmark.ACCOUNTS * VerifyWithStoreBenchmark.STEPS;
    assertThat(b.valid()).isEqualTo(VerificationResult.Accepted.code(Fixtures.STEP, 0));
    assertThat(b.validStore.size()).isEqualTo(1);
  }

  @Test
  void verifyWithStore_wrongManyTimes_alwaysInvalidNeverThrottled() {
    VerifyWithStoreBenchmark b = new VerifyWithStoreBenchmark();
    b.setUpTrial();
    b.setUpIteration();
    int rounds = 3;

    for (int n = 0; n < rounds * VerifyWithStoreBenchmark.ACCOUNTS; n++) {
      assertThat(b.wrong()).as("call %d", n).isInstanceOf(VerificationResult.Invalid.class);
    }
    for (String account : b.accounts) {
      assertThat(b.wrongStore.loadState(account).failures()).isEqualTo(rounds);
    }

    // Past the precomputed times the benchmark starts over with an empty store.
    b.wrongCalls = VerifyWithStoreBenchmark.ACCOUNTS * VerifyWithStoreBenchmark.STEPS;
    assertThat(b.wrong()).isInstanceOf(VerificationResult.Invalid.class);
    assertThat(b.wrongStore.size()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"valid", "wrong"})
  void hotp_everyLibraryAndTheFloor_agree(String code) {
    HotpVerifyBenchmark b = new HotpVerifyBenchmark();
    b.code = code;
    b.setUp();
    boolean valid = code.equals("valid");

    assertThat(b.floor()).isEqualTo(valid);
    assertThat(b.otpkit())
        .isEqualTo(valid ? OptionalLong.of(Fixtures.COUNTER + 3) : OptionalLong.empty());
    assertThat(b.otpJava()).isEqualTo(valid);
  }

  @Test
  void base32_everyDecoder_sameKey() {
    Base32Benchmark b = new Base32Benchmark();

    assertThat(b.otpkit().revealBytes()).isEqualTo(Fixtures.SECRET_BYTES);
    assertThat(b.commonsCodec()).isEqualTo(Fixtures.SECRET_BYTES);
    assertThat(b.commonsCodecReused()).isEqualTo(Fixtures.SECRET_BYTES);
  }

  @Test
  void qr_otpkitAndZxing_sameMatrixAndSamePixels() throws Exception {
    QrBenchmark b = new QrBenchmark();
    b.setUp();
    int modules = b.code.size();
    int quiet = 4;
    int scale = 6;

    assertThat(b.pixels).isEqualTo((modules + 2 * quiet) * scale);
    assertThat(b.matrix.getWidth()).isEqualTo(b.pixels);
    for (int y = 0; y < modules; y++) {
      for (int x = 0; x < modules; x++) {
        int px = (x + quiet) * scale + scale / 2;
        int py = (y + quiet) * scale + scale / 2;
        assertThat(b.matrix.get(px, py)).as("module %d,%d", x, y).isEqualTo(b.code.isDark(x, y));
      }
    }
    assertThat(b.encodeOtpkit().size()).isEqualTo(modules);
    assertThat(b.encodeZxing()).isEqualTo(b.matrix);

    BufferedImage ours = read(b.pngOtpkit());
    BufferedImage theirs = read(b.pngZxing());
    assertSamePixels(ours, theirs);
    assertSamePixels(read(b.pngZxingNoCache(new QrBenchmark.NoImageIoCache())), theirs);
    assertThat(read(b.pngJavaTotp()).getWidth()).isEqualTo(b.pixels);
    assertThat(b.svgOtpkit()).startsWith("<svg").contains("<path").isEqualTo(b.svgOtpkitFromUri());
  }

  @Test
  void qr_endToEndFromUri_sameTextAndSamePixelsAsTheMatrixCases() throws Exception {
    QrBenchmark b = new QrBenchmark();
    b.setUp();

    // The end-to-end cases start from the OtpAuthUri, whose text is the one the other cases encode.
    assertThat(b.uri.revealUriString()).isEqualTo(b.text);
    BufferedImage expected = read(b.pngOtpkit());
    byte[] ours = b.pngOtpkitFromUri();
    assertThat(ours).isEqualTo(b.pngOtpkit());
    assertSamePixels(read(ours), expected);
    assertSamePixels(read(b.pngZxingFromUri()), expected);
    assertSamePixels(read(b.pngZxingFromUriNoCache(new QrBenchmark.NoImageIoCache())), expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "file"})
  void jdbc_manyCallsTwoThreads_allAcceptedAtTheirSteps(String db) throws Exception {
    JdbcStoreBenchmark b = new JdbcStoreBenchmark();
    b.db = db;
    b.setUp();
    try {
      JdbcStoreBenchmark.Caller first = new JdbcStoreBenchmark.Caller();
      first.setUp(b);
      JdbcStoreBenchmark.Caller second = new JdbcStoreBenchmark.Caller();
      second.setUp(b);
      int calls = 2 * JdbcStoreBenchmark.ACCOUNTS + 3;
      for (int n = 0; n < calls; n++) {
        long step = Fixtures.STEP + n / JdbcStoreBenchmark.ACCOUNTS;
        VerificationResult accepted = VerificationResult.Accepted.code(step, 0);
        assertThat(b.oneThread(first)).as("call %d", n).isEqualTo(accepted);
        assertThat(b.eightThreads(second)).as("call %d", n).isEqualTo(accepted);
      }
      // Past the precomputed steps a caller moves on to fresh accounts.
      first.calls = JdbcStoreBenchmark.ACCOUNTS * JdbcStoreBenchmark.STEPS;
      assertThat(b.oneThread(first)).isEqualTo(VerificationResult.Accepted.code(Fixtures.STEP, 0));
    } finally {
      b.tearDown();
    }
    if (b.folder != null) {
      assertThat(b.folder).doesNotExist();
    }
  }

  /**
   * The PostgreSQL sign-in benchmark on 1,000 accounts: every call of every case is accepted at its
   * step, the floor reads and writes the same rows, housekeeping finds nothing to remove. Needs the
   * database of CI (skipped locally without it, failed in CI without it).
   */
  @Test
  void postgresSignIn_everyCallAcceptedAtItsStep_floorAndHousekeepingRun() throws Exception {
    String url = System.getenv(PostgresSignInBenchmark.URL_VARIABLE);
    if (url == null || url.isBlank()) {
      url = System.getenv(PostgresSignInBenchmark.TEST_URL_VARIABLE);
    }
    if (url == null || url.isBlank()) {
      url = Requirements.env(PostgresSignInBenchmark.TEST_URL_VARIABLE, "a PostgreSQL database");
    }
    PostgresSignInBenchmark b = new PostgresSignInBenchmark();
    b.accounts = 1000;
    b.setUp();
    try {
      PostgresSignInBenchmark.Caller first = new PostgresSignInBenchmark.Caller();
      first.setUp(b);
      PostgresSignInBenchmark.Caller second = new PostgresSignInBenchmark.Caller();
      second.setUp(b);
      int calls = 2 * PostgresSignInBenchmark.PER_CALLER + 3;
      for (int n = 0; n < calls; n++) {
        long step = Fixtures.STEP + 1 + n / PostgresSignInBenchmark.PER_CALLER;
        VerificationResult accepted = VerificationResult.Accepted.code(step, 0);
        assertThat(b.signInOneThread(first)).as("call %d", n).isEqualTo(accepted);
        assertThat(b.signInEightThreads(second)).as("call %d", n).isEqualTo(accepted);
      }
      assertThat(b.floorOneThread(first)).isGreaterThan(Fixtures.STEP);
      assertThat(b.deleteExpiredEnrollments()).isZero();
      // The plans that the report shows: the store's own housekeeping statements, explained.
      assertThat(b.housekeepingPlans)
          .contains("-- DELETE FROM " + b.prefix + "enrollment")
          .contains("-- UPDATE " + b.prefix + "enrollment")
          .contains("Delete on " + b.prefix + "enrollment");
    } finally {
      b.tearDown();
    }
  }

  /**
   * The README's performance figures are the committed report's: report.py ends docs/benchmarks.md
   * with the README block between two markers, and README.md must carry the same block
   * (totp-benchmarks/readme-figures.py copies it). A README edited by hand, or a new report without
   * the README updated, fails the build. A report written before report.py had the block cannot be
   * checked, so the test is skipped then; it never times anything.
   */
  @Test
  void readme_benchmarkFigures_areTheCommittedReports() throws IOException {
    String readme = Files.readString(MODULE.resolveSibling("README.md"));
    String report = Files.readString(MODULE.resolveSibling("docs").resolve("benchmarks.md"));

    Optional<String> figures = figuresBlock(readme);
    assertThat(figures).as("README.md has one benchmark figures block").isPresent();
    Optional<String> reported = figuresBlock(report);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        reported.isPresent(),
        "docs/benchmarks.md predates the README figures block: run totp-benchmarks/run.sh, then"
            + " totp-benchmarks/readme-figures.py");
    assertThat(figures.get())
        .as(
            "README.md's benchmark figures must be docs/benchmarks.md's: run"
                + " totp-benchmarks/readme-figures.py")
        .isEqualTo(reported.get());
  }

  @Test
  void figuresBlock_markersMissingOrTwice_empty() {
    String block = BEGIN + " x -->\n| a |\n" + END;

    assertThat(figuresBlock("text\n" + block + "\nmore")).contains(block);
    assertThat(figuresBlock("no block")).isEmpty();
    assertThat(figuresBlock(END + "\n" + BEGIN)).isEmpty();
    assertThat(figuresBlock(block + block)).isEmpty();
  }

  /** This module's folder (surefire's basedir), one below the repository root. */
  private static final Path MODULE =
      Path.of(System.getProperty("basedir", System.getProperty("user.dir", ".")))
          .toAbsolutePath()
          .normalize();

  private static final String BEGIN = "<!-- benchmark-figures:begin";
  private static final String END = "<!-- benchmark-figures:end -->";

  /** The one block from the begin marker to the end marker, both included. */
  static Optional<String> figuresBlock(String text) {
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin || text.indexOf(BEGIN, begin + 1) >= 0) {
      return Optional.empty();
    }
    return Optional.of(text.substring(begin, end + END.length()));
  }

  private static BufferedImage read(byte[] png) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image).isNotNull();
    return image;
  }

  private static void assertSamePixels(BufferedImage a, BufferedImage b) {
    assertThat(a.getWidth()).isEqualTo(b.getWidth());
    assertThat(a.getHeight()).isEqualTo(b.getHeight());
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        assertThat(a.getRGB(x, y) & 0xffffff)
            .as("pixel %d,%d", x, y)
            .isEqualTo(b.getRGB(x, y) & 0xffffff);
      }
    }
  }
}
