package io.github.otpkit.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

  @Test
  void accountId_replacesControlCharactersOnly() {
    assertThat(LogSafe.accountId("a\u001fb\u007fc\nd")).isEqualTo("a?b?c?d");
    assertThat(LogSafe.accountId(" alice ~\u0080é")).isEqualTo(" alice ~\u0080é");
  }
}
