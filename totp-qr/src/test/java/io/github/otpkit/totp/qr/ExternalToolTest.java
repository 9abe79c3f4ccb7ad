package io.github.otpkit.totp.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The skip-or-fail rule for missing command-line tools, checked in whichever mode this runs. */
class ExternalToolTest {
  @Test
  void require_missingTool_skipsLocallyButFailsWhenCiIsSet() {
    ExternalTool missing = new ExternalTool("otpkit-no-such-tool", "otpkit-no-such-package");

    if (System.getenv("CI") != null) {
      assertThatThrownBy(missing::require)
          .isInstanceOf(AssertionError.class)
          .hasMessage(
              "otpkit-no-such-tool not found on PATH; install the Debian package"
                  + " otpkit-no-such-package (CI is set, so this check may not be skipped)");
    } else {
      assertThatThrownBy(missing::require)
          .isInstanceOf(TestAbortedException.class)
          .hasMessageContaining(
              "otpkit-no-such-tool not found on PATH; install the Debian package"
                  + " otpkit-no-such-package");
    }
  }

  @Test
  void require_presentTool_returnsItsPath() {
    ExternalTool shell = new ExternalTool("sh", "dash");

    assertThat(shell.require()).isExecutable();
  }
}
