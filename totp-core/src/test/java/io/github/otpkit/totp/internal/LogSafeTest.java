package io.github.otpkit.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogSafeTest {

  @Test
  void accountId_replacesControlCharacters_keepsPrintableText() {
    assertThat(LogSafe.accountId("a\u001fb\u007fc\nd")).isEqualTo("a?b?c?d");
    assertThat(LogSafe.accountId(" alice ~é 日本 \u00a0")).isEqualTo(" alice ~é 日本 \u00a0");
  }

  /**
   * Regression (security review item 5): the C1 controls, NEL among them, and the Unicode line and
   * paragraph separators passed through, so an account id could still split a log line in viewers
   * that honour them.
   */
  @ParameterizedTest
  @ValueSource(chars = {'\u0080', '\u0085', '\u009b', '\u009f', '\u2028', '\u2029'})
  void accountId_c1AndUnicodeLineSeparators_replaced(char separator) {
    assertThat(LogSafe.accountId("mallory" + separator + "FORGED")).isEqualTo("mallory?FORGED");
  }
}
