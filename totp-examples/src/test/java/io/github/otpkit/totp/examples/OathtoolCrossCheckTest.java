package io.github.otpkit.totp.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.testsupport.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks {@code totp code} and {@code totp hotp} against oathtool (OATH Toolkit), an
 * independent implementation, on seeded random cases. Our CLI gets the key in Base32, oathtool in
 * hex, so the Base32 decoding is checked too.
 */
class OathtoolCrossCheckTest {
  private static final long SEED = 0x6f617468L;
  private static final int CASES = 40;
  private static final String[] ALGORITHMS = {"SHA1", "SHA256", "SHA512"};

  private static Path oathtool = Path.of("/usr/bin/oathtool");

  @BeforeAll
  static void findOathtool() {
    oathtool = Requirements.tool("/usr/bin/oathtool", "oathtool");
  }

  @Test
  void code_matchesOathtoolTotp_onSeededRandomCases() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < CASES; i++) {
      byte[] key = randomKey(random);
      String algorithm = ALGORITHMS[random.nextInt(ALGORITHMS.length)];
      int digits = 6 + random.nextInt(3);
      long period = random.nextBoolean() ? 30 : 1 + random.nextInt(300);
      long t0 = random.nextBoolean() ? 0 : random.nextLong(2_000_000_000L);
      long time = t0 + random.nextLong(1L << 36);
      String context =
          String.format(
              "case %d of seed %d: %d-byte key, %s, %d digits, period %d, t0 %d, time %d",
              i, SEED, key.length, algorithm, digits, period, t0, time);

      CliRun ours =
          CliRun.run(
              "code",
              "--secret",
              base32(key),
              "--algorithm",
              algorithm,
              "--digits",
              Integer.toString(digits),
              "--period",
              Long.toString(period),
              "--t0",
              Long.toString(t0),
              "--time",
              Long.toString(time));
      String theirs =
          oathtool(
              "--totp=" + algorithm.toLowerCase(java.util.Locale.ROOT),
              "--digits=" + digits,
              "--time-step-size=" + period + "s",
              "--start-time=@" + t0,
              "--now=@" + time,
              HexFormat.of().formatHex(key));

      assertThat(ours.status()).as(context).isZero();
      assertThat(ours.out().strip()).as(context).isEqualTo(theirs).matches("[0-9]{" + digits + "}");
    }
  }

  @Test
  void hotp_matchesOathtoolHotp_onSeededRandomCases() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    for (int i = 0; i < CASES; i++) {
      byte[] key = randomKey(random);
      int digits = 6 + random.nextInt(3);
      long counter = random.nextBoolean() ? random.nextInt(1000) : random.nextLong(1L << 48);
      String context =
          String.format(
              "case %d of seed %d: %d-byte key, %d digits, counter %d",
              i, SEED + 1, key.length, digits, counter);

      // oathtool computes HOTP with HMAC-SHA-1 only.
      CliRun ours =
          CliRun.run(
              "hotp",
              "--secret",
              base32(key),
              "--digits",
              Integer.toString(digits),
              "--counter",
              Long.toString(counter));
      String theirs =
          oathtool(
              "--hotp",
              "--digits=" + digits,
              "--counter=" + counter,
              HexFormat.of().formatHex(key));

      assertThat(ours.status()).as(context).isZero();
      assertThat(ours.out().strip()).as(context).isEqualTo(theirs);
    }
  }

  @Test
  void verify_acceptsOathtoolCodesInTheWindowOnly_onSeededRandomCases() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED + 2);
    for (int i = 0; i < CASES / 2; i++) {
      byte[] key = randomKey(random);
      String algorithm = ALGORITHMS[random.nextInt(ALGORITHMS.length)];
      int digits = 6 + random.nextInt(3);
      long period = random.nextBoolean() ? 30 : 1 + random.nextInt(300);
      long time = 3 * period + random.nextLong(1L << 34);
      long currentStep = time / period;
      int offset = random.nextInt(5) - 2; // -2 to 2; the default window is 1 and 1
      String context =
          String.format(
              "case %d of seed %d: %d-byte key, %s, %d digits, period %d, time %d, offset %d",
              i, SEED + 2, key.length, algorithm, digits, period, time, offset);
      String theirs =
          oathtool(
              "--totp=" + algorithm.toLowerCase(java.util.Locale.ROOT),
              "--digits=" + digits,
              "--time-step-size=" + period + "s",
              "--now=@" + (time + offset * period),
              HexFormat.of().formatHex(key));

      CliRun ours =
          CliRun.run(
              "verify",
              "--secret",
              base32(key),
              "--code",
              theirs,
              "--algorithm",
              algorithm,
              "--digits",
              Integer.toString(digits),
              "--period",
              Long.toString(period),
              "--time",
              Long.toString(time));

      if (Math.abs(offset) <= 1) {
        assertThat(ours.status()).as(context).isZero();
        assertThat(ours.out().strip())
            .as(context)
            .isEqualTo("valid step=" + (currentStep + offset) + " drift=" + offset);
      } else {
        assertThat(ours.status()).as(context).isEqualTo(1);
        assertThat(ours.out().strip()).as(context).isEqualTo("invalid");
      }
    }
  }

  private static byte[] randomKey(SplittableRandom random) {
    // 10 bytes (legacy 80-bit secrets) to 64 bytes, including lengths that are no multiple of 5
    // (Base32 with a partial last group).
    byte[] key = new byte[10 + random.nextInt(55)];
    random.nextBytes(key);
    return key;
  }

  private static String base32(byte[] key) {
    return new String(new Base32().encode(key), StandardCharsets.US_ASCII).replace("=", "");
  }

  private static String oathtool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(oathtool.toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("oathtool finished").isTrue();
    String text = new String(output, StandardCharsets.UTF_8).strip();
    assertThat(process.exitValue()).as("oathtool exit status, output: %s", text).isZero();
    return text;
  }
}
