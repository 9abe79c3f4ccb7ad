package io.github.otpkit.totp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of {@link OtpSecret#fromBase32(CharSequence)} with Jazzer. A plain {@code
 * mvn verify} runs the saved inputs in {@code src/test/resources/.../OtpSecretFuzzTestInputs};
 * {@code JAZZER_FUZZ=1} fuzzes (see the README's Quality section).
 */
class OtpSecretFuzzTest {

  /**
   * Any text is either a secret exactly as the documented grammar reads it (checked against an
   * independent model), or an {@link InvalidSecretException} whose message does not quote it.
   */
  @FuzzTest(maxDuration = "60s")
  @DictionaryEntries({"=", "-", " ", "JBSWY3DPEHPK3PXP", "======", "AAAAAAAA", "7777"})
  void fromBase32_acceptsExactlyTheDocumentedGrammar(byte[] input) {
    check(new String(input, StandardCharsets.UTF_8));
    check(new String(input, StandardCharsets.ISO_8859_1));
  }

  private static void check(String text) {
    byte[] expected = Base32Model.decode(text);
    OtpSecret secret;
    try {
      secret = OtpSecret.fromBase32(text);
    } catch (InvalidSecretException e) {
      assertThat(expected).as("a valid text was rejected: %s", e.getMessage()).isNull();
      String canonical = Base32Model.canonical(text);
      if (canonical.length() >= 8) {
        assertThat(e.getMessage()).doesNotContain(canonical);
      }
      return;
    }
    if (expected == null) {
      throw new AssertionError("an invalid text was accepted");
    }
    assertThat(secret.revealBytes()).isEqualTo(expected);
    assertThat(secret.revealBase32()).isEqualTo(Base32Model.canonical(text));
    assertThat(secret.toString()).doesNotContain(secret.revealBase32());
  }
}
