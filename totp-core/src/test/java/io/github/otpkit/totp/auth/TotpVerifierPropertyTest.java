package io.github.otpkit.totp.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.PropertySeed;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.store.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property tests of code verification over seeded random inputs (see {@link PropertySeed}): only
 * the exact digits of a step in the window are ever accepted, everything else is a result, never an
 * exception.
 */
class TotpVerifierPropertyTest {
  private static final java.util.List<HmacAlgorithm> ALGORITHMS =
      java.util.List.of(HmacAlgorithm.values());
  private static final int CASES = PropertySeed.cases(1_500);
  private static final String NOT_DIGITS =
      "+-.,x\t\u00a0\u0660\u0661\u06f1\u0966\uff10\uff11\u2070\u00b9\u00bd\u2160\ud835\udfce";

  @Test
  void verify_ofTheRightCodeAndItsNearMisses_acceptsOnlyTheExactDigits() {
    SplittableRandom random = PropertySeed.random("nearMisses");
    for (int i = 0; i < CASES; i++) {
      String what = PropertySeed.describe("nearMisses", i);
      int digits = random.nextInt(6, 9);
      TotpParameters parameters =
          new TotpParameters(
              ALGORITHMS.get(random.nextInt(ALGORITHMS.size())),
              digits,
              Duration.ofSeconds(random.nextInt(1, 121)),
              Instant.EPOCH);
      OtpSecret secret = OtpSecret.generate(random.nextInt(OtpSecret.MIN_BYTES, 41));
      Instant at = Instant.ofEpochSecond(random.nextLong(0, 1L << 40));
      TotpGenerator generator = TotpGenerator.create(secret, parameters);
      long step = generator.stepAt(at);
      String right = generator.generateAtStep(step);
      String candidate = nearMiss(random, right);

      VerificationResult result = freshVerifier(parameters).verify("alice", secret, candidate, at);

      String stripped = candidate.replace(" ", "");
      boolean wellFormed =
          stripped.length() == digits && stripped.chars().allMatch(c -> c >= '0' && c <= '9');
      if (!wellFormed) {
        assertThat(result).as(what).isEqualTo(VerificationResult.Malformed.code(digits));
      } else if (stripped.equals(right)) {
        assertThat(result).as(what).isEqualTo(VerificationResult.Accepted.code(step, 0));
      } else if (stripped.equals(generator.generateAtStep(step - 1))) {
        assertThat(result).as(what).isEqualTo(VerificationResult.Accepted.code(step - 1, -1));
      } else if (stripped.equals(generator.generateAtStep(step + 1))) {
        assertThat(result).as(what).isEqualTo(VerificationResult.Accepted.code(step + 1, 1));
      } else {
        assertThat(result)
            .as(what)
            .isEqualTo(new VerificationResult.Invalid(VerificationResult.Proof.CODE));
      }
    }
  }

  @Test
  void verify_ofRandomText_isNeverAnException() {
    SplittableRandom random = PropertySeed.random("randomText");
    TotpParameters parameters = TotpParameters.DEFAULT;
    OtpSecret secret = OtpSecret.generate();
    for (int i = 0; i < CASES; i++) {
      String what = PropertySeed.describe("randomText", i);
      StringBuilder sb = new StringBuilder();
      int length = random.nextInt(0, 12);
      for (int j = 0; j < length; j++) {
        sb.append(
            (char)
                (random.nextBoolean() ? random.nextInt('0', '9' + 1) : random.nextInt(0, 0x10000)));
      }
      String text = sb.toString();
      Instant at = Instant.ofEpochSecond(random.nextLong(0, 1L << 40));

      VerificationResult result = freshVerifier(parameters).verify("alice", secret, text, at);

      String stripped = text.replace(" ", "");
      if (stripped.length() != 6 || !stripped.chars().allMatch(c -> c >= '0' && c <= '9')) {
        assertThat(result).as(what).isEqualTo(VerificationResult.Malformed.code(6));
      } else {
        assertThat(result)
            .as(what)
            .isInstanceOfAny(VerificationResult.Invalid.class, VerificationResult.Accepted.class);
        if (result instanceof VerificationResult.Accepted accepted) {
          assertThat(TotpGenerator.create(secret, parameters).generateAtStep(accepted.step()))
              .as(what)
              .isEqualTo(stripped);
        }
      }
    }
  }

  private static TotpVerifier freshVerifier(TotpParameters parameters) {
    return TotpVerifier.builder(InMemoryStore.create()).parameters(parameters).build();
  }

  /** The right code, changed in one of the ways people and attackers change codes. */
  private static String nearMiss(SplittableRandom random, String right) {
    StringBuilder sb = new StringBuilder(right);
    int at = random.nextInt(right.length());
    switch (random.nextInt(9)) {
      case 0 -> {
        return right;
      }
      case 1 ->
          sb.setCharAt(at, (char) ('0' + (right.charAt(at) - '0' + random.nextInt(1, 10)) % 10));
      case 2 -> sb.deleteCharAt(at);
      case 3 -> sb.insert(at, (char) random.nextInt('0', '9' + 1));
      case 4 -> sb.insert(random.nextInt(right.length() + 1), ' ').insert(0, ' ').append(' ');
      case 5 -> sb.setCharAt(at, NOT_DIGITS.charAt(random.nextInt(NOT_DIGITS.length())));
      case 6 -> sb.insert(0, random.nextBoolean() ? '+' : '-');
      case 7 -> {
        // the same digits in another script: full-width, Arabic-Indic, Devanagari
        int base = new int[] {0xff10, 0x0660, 0x0966}[random.nextInt(3)];
        sb.setCharAt(at, (char) (base + right.charAt(at) - '0'));
      }
      default -> sb.setLength(0);
    }
    return sb.toString();
  }
}
