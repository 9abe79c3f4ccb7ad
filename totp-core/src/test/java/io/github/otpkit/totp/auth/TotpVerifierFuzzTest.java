package io.github.otpkit.totp.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.store.InMemoryStore;
import java.time.Duration;
import java.time.Instant;

/**
 * Coverage-guided fuzzing of {@link TotpVerifier#verify(String, OtpSecret, CharSequence, Instant)}
 * with Jazzer: arbitrary text around (or instead of) the right code. A plain {@code mvn verify}
 * runs the saved inputs in {@code src/test/resources/.../TotpVerifierFuzzTestInputs}; {@code
 * JAZZER_FUZZ=1} fuzzes (see the README's Quality section).
 */
class TotpVerifierFuzzTest {
  private static final OtpSecret SECRET = OtpSecret.fromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");

  /**
   * A code is accepted only if, after removing ASCII spaces, it is exactly the digits of a step in
   * the window; text that is not {@code digits} ASCII digits is malformed; nothing throws.
   */
  @FuzzTest(maxDuration = "60s")
  void verify_acceptsOnlyTheExactDigitsOfAStepInTheWindow(FuzzedDataProvider data) {
    int digits = data.consumeInt(6, 8);
    HmacAlgorithm algorithm = data.pickValue(HmacAlgorithm.values());
    TotpParameters parameters =
        new TotpParameters(algorithm, digits, Duration.ofSeconds(30), Instant.EPOCH);
    TotpGenerator generator = TotpGenerator.create(SECRET, parameters);
    long step = generator.stepAt(AT);
    int offset = data.consumeInt(-2, 2);
    boolean withRightCode = data.consumeBoolean();
    String before = data.consumeString(8);
    String after = data.consumeRemainingAsString();
    String code =
        withRightCode ? before + generator.generateAtStep(step + offset) + after : before + after;

    VerificationResult result =
        TotpVerifier.builder(InMemoryStore.create())
            .parameters(parameters)
            .build()
            .verify("fuzz", SECRET, code, AT);

    String stripped = code.replace(" ", "");
    if (stripped.length() != digits || !stripped.chars().allMatch(c -> c >= '0' && c <= '9')) {
      assertThat(result).isEqualTo(VerificationResult.Malformed.code(digits));
      return;
    }
    VerificationResult expected = new VerificationResult.Invalid(VerificationResult.Proof.CODE);
    for (int d = -1; d <= 1; d++) {
      if (stripped.equals(generator.generateAtStep(step + d))) {
        expected = VerificationResult.Accepted.code(step + d, d);
        break;
      }
    }
    assertThat(result).isEqualTo(expected);
  }
}
