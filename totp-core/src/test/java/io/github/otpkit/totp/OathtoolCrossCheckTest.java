package io.github.otpkit.totp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.testsupport.Requirements;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks our codes against oathtool (OATH Toolkit, Debian package {@code oathtool}), an
 * independent C implementation, over seeded random cases.
 *
 * <p>TOTP cases pass the time as {@code -N @<unix seconds>}: oathtool 2.6.7 accepts times far
 * beyond year 9999 (checked up to {@code @9000000000000000}), so steps past 2^32 are reached for
 * every period. T0 goes in as {@code -S @<unix seconds>}. Each call uses {@code -w 4}, which prints
 * the codes of the current step and the 4 after it, so one process checks 5 codes. HOTP cases use
 * {@code --hotp -c <counter>}, which oathtool computes with SHA-1 only; HOTP with SHA-256/512 is
 * the same computation as TOTP at that step, which the TOTP cases cover. The key goes on the
 * command line as hex: it is a random test key, nothing secret.
 */
class OathtoolCrossCheckTest {
  private static final long SEED = 0x5EED_0004L;
  private static final int WINDOW = 4;
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final long TWO_TO_32 = 1L << 32;

  private static Path oathtool = Path.of("oathtool");

  @BeforeAll
  static void findOathtool() {
    oathtool = Requirements.tool("oathtool", "oathtool");
  }

  private static List<String> codes(List<String> command) throws Exception {
    ExternalTools.Result result = ExternalTools.run(command, null, Map.of(), TIMEOUT);
    assertThat(result.exitCode()).as("oathtool exit status; stderr: %s", result.stderr()).isZero();
    return result.stdout().lines().toList();
  }

  private static long pickStep(SplittableRandom random, int i) {
    return switch (i) {
      case 0 -> 0;
      case 1 -> TWO_TO_32 - 3; // the window crosses 2^32
      case 2 -> TWO_TO_32;
      case 3 -> Integer.MAX_VALUE - 2L; // the window crosses 2^31
      default ->
          switch (random.nextInt(5)) {
            case 0 -> random.nextLong(1000);
            case 1 -> random.nextLong(TWO_TO_32 - 10, TWO_TO_32 + 10);
            case 2 -> random.nextLong(60_000_000L); // now-ish: up to about year 2027 at 15 s
            case 3 -> random.nextLong(TWO_TO_32, 1L << 36);
            default -> random.nextLong(1L << 36, 1L << 42);
          };
    };
  }

  @Test
  void totp_randomCases_agreeWithOathtool() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    HmacAlgorithm[] algorithms = {HmacAlgorithm.SHA1, HmacAlgorithm.SHA256, HmacAlgorithm.SHA512};
    long[] periods = {15, 30, 60};
    int compared = 0;
    for (int i = 0; i < 240; i++) {
      HmacAlgorithm algorithm = algorithms[random.nextInt(algorithms.length)];
      int digits = 6 + random.nextInt(3);
      long period = periods[random.nextInt(periods.length)];
      long t0 = i % 4 == 3 ? random.nextLong(2_000_000_000L) : 0;
      byte[] key = new byte[10 + random.nextInt(55)];
      random.nextBytes(key);
      long step = pickStep(random, i);
      long time = t0 + step * period + random.nextLong(period);

      TotpParameters parameters =
          new TotpParameters(
              algorithm, digits, Duration.ofSeconds(period), Instant.ofEpochSecond(t0));
      TotpGenerator ours = TotpGenerator.create(OtpSecret.fromBytes(key), parameters);
      List<String> theirs =
          codes(
              List.of(
                  oathtool.toString(),
                  "--totp=" + algorithm.uriName(),
                  "--digits=" + digits,
                  "--time-step-size=" + period + "s",
                  "--start-time=@" + t0,
                  "--now=@" + time,
                  "--window=" + WINDOW,
                  HexFormat.of().formatHex(key)));
      String context =
          String.format(
              Locale.ROOT,
              "seed=%d case=%d %s digits=%d period=%d t0=%d time=%d step=%d keyBytes=%d",
              SEED,
              i,
              algorithm,
              digits,
              period,
              t0,
              time,
              step,
              key.length);
      assertThat(ours.stepAt(Instant.ofEpochSecond(time))).as(context).isEqualTo(step);
      assertThat(theirs).as(context).hasSize(WINDOW + 1);
      assertThat(ours.generate(Instant.ofEpochSecond(time))).as(context).isEqualTo(theirs.get(0));
      for (int w = 0; w <= WINDOW; w++) {
        assertThat(ours.generateAtStep(step + w)).as(context + " +" + w).isEqualTo(theirs.get(w));
        compared++;
      }
    }
    assertThat(compared).isEqualTo(240 * (WINDOW + 1));
  }

  @Test
  void hotp_randomCounters_agreeWithOathtool() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    int compared = 0;
    for (int i = 0; i < 100; i++) {
      int digits = 6 + random.nextInt(3);
      byte[] key = new byte[10 + random.nextInt(55)];
      random.nextBytes(key);
      long counter =
          switch (i) {
            case 0 -> 0;
            case 1 -> Long.MAX_VALUE - WINDOW;
            case 2 -> TWO_TO_32 - 2;
            default ->
                random.nextBoolean()
                    ? random.nextLong(1_000_000)
                    : random.nextLong(Long.MAX_VALUE - WINDOW);
          };
      HotpGenerator ours =
          HotpGenerator.create(OtpSecret.fromBytes(key), HotpParameters.DEFAULT.withDigits(digits));
      List<String> theirs =
          codes(
              List.of(
                  oathtool.toString(),
                  "--hotp",
                  "--digits=" + digits,
                  "--counter=" + counter,
                  "--window=" + WINDOW,
                  HexFormat.of().formatHex(key)));
      String context =
          String.format(
              Locale.ROOT,
              "seed=%d case=%d digits=%d counter=%d keyBytes=%d",
              SEED + 1,
              i,
              digits,
              counter,
              key.length);
      assertThat(theirs).as(context).hasSize(WINDOW + 1);
      for (int w = 0; w <= WINDOW; w++) {
        assertThat(ours.generate(counter + w)).as(context + " +" + w).isEqualTo(theirs.get(w));
        compared++;
      }
    }
    assertThat(compared).isEqualTo(100 * (WINDOW + 1));
  }

  @Test
  void parsedUri_codesAgreeWithOathtoolOnTheBase32Secret() throws Exception {
    // The URI path end to end: our parser's secret, given to oathtool as Base32 (-b).
    OtpAuthUri uri =
        OtpAuthUri.parse(
            "otpauth://totp/Photo%20Portal:alice?secret=gezd+gnbv+gy3t+qojq+gezd+gnbv+gy3t+qojq"
                + "&algorithm=SHA256&digits=8&period=60");
    TotpGenerator ours = TotpGenerator.create(uri.secret(), uri.totpParameters());
    List<String> theirs =
        codes(
            List.of(
                oathtool.toString(),
                "--totp=SHA256",
                "--digits=8",
                "--time-step-size=60s",
                "--now=@1700000000",
                "--base32",
                uri.secret().revealBase32()));
    assertThat(ours.generate(Instant.ofEpochSecond(1_700_000_000L))).isEqualTo(theirs.get(0));
  }
}
