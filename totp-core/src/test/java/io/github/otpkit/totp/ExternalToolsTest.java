package io.github.otpkit.totp;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The skip-or-fail rule that every cross-check against an external tool relies on. */
class ExternalToolsTest {

  @Test
  void requireOrSkip_toolPresent_proceedsWhateverCiSays() {
    assertThatCode(() -> ExternalTools.requireOrSkip(true, "oathtool", "apt-get install oathtool", null))
        .doesNotThrowAnyException();
    assertThatCode(() -> ExternalTools.requireOrSkip(true, "oathtool", "apt-get install oathtool", "true"))
        .doesNotThrowAnyException();
  }

  @Test
  void requireOrSkip_toolMissingWithoutCi_skipsWithReason() {
    assertThatThrownBy(
            () -> ExternalTools.requireOrSkip(false, "oathtool", "apt-get install oathtool", null))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining(
            "oathtool is not installed (apt-get install oathtool); cross-check skipped because CI is"
                + " not set");
  }

  @Test
  void requireOrSkip_toolMissingOnCi_fails() {
    assertThatThrownBy(
            () -> ExternalTools.requireOrSkip(false, "oathtool", "apt-get install oathtool", "true"))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage(
            "oathtool is required because the environment variable CI is set; install it:"
                + " apt-get install oathtool");
    assertThatThrownBy(() -> ExternalTools.requireOrSkip(false, "pyotp", "hint", ""))
        .isInstanceOf(AssertionFailedError.class);
  }
}
