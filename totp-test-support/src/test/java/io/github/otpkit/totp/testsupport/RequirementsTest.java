package io.github.otpkit.totp.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The skip-or-fail rule on a made-up machine, so that both branches run wherever this runs. */
class RequirementsTest {
  private final FakeHost host = new FakeHost();
  private final Requirements requirements = new Requirements(host);

  @Test
  void tool_onPath_returnsTheFirstExecutableWhateverCiSays() {
    host.environment.put("PATH", "/opt/none::/usr/local/bin:/usr/bin");
    host.executables.add(Path.of("/usr/local/bin/oathtool"));
    host.executables.add(Path.of("/usr/bin/oathtool"));

    assertThat(requirements.requireTool("oathtool", "oathtool", List.of()))
        .isEqualTo(Path.of("/usr/local/bin/oathtool"));
    host.environment.put("CI", "true");
    assertThat(requirements.requireTool("oathtool", "oathtool", List.of()))
        .isEqualTo(Path.of("/usr/local/bin/oathtool"));
  }

  @Test
  void tool_missingLocally_skipsWithTheReason() {
    host.environment.put("PATH", "/usr/bin");

    assertThatThrownBy(() -> requirements.requireTool("oathtool", "oathtool", List.of()))
        .isExactlyInstanceOf(TestAbortedException.class)
        .hasMessage("no oathtool on PATH: install the Debian package oathtool to run this test");
  }

  @Test
  void tool_missingInCi_failsNamingTheTool() {
    host.environment.put("PATH", "/usr/bin");
    host.environment.put("CI", "true");

    assertThatThrownBy(() -> requirements.requireTool("zbarimg", "zbar-tools", List.of()))
        .isExactlyInstanceOf(AssertionFailedError.class)
        .hasMessage(
            "no zbarimg on PATH: install the Debian package zbar-tools to run this test"
                + " (CI is set, so this test must not be skipped)");
  }

  @Test
  void tool_absolutePath_isCheckedThereAndNotOnPath() {
    host.environment.put("PATH", "/usr/local/bin");
    host.executables.add(Path.of("/usr/local/bin/chromium"));

    assertThatThrownBy(() -> requirements.requireTool("/usr/bin/chromium", "chromium", List.of()))
        .isExactlyInstanceOf(TestAbortedException.class)
        .hasMessage("no /usr/bin/chromium: install the Debian package chromium to run this test");
    host.executables.add(Path.of("/usr/bin/chromium"));
    assertThat(requirements.requireTool("/usr/bin/chromium", "chromium", List.of()))
        .isEqualTo(Path.of("/usr/bin/chromium"));
  }

  @Test
  void tool_withProbe_takesTheFirstCandidateThatPassesIt() {
    host.environment.put("PATH", "/usr/local/bin:/usr/bin");
    host.executables.add(Path.of("/usr/local/bin/python3"));
    host.executables.add(Path.of("/usr/bin/python3"));
    host.succeeding.add(List.of("/usr/bin/python3", "-c", "import pyotp"));

    assertThat(requirements.requireTool("python3", "python3-pyotp", List.of("-c", "import pyotp")))
        .isEqualTo(Path.of("/usr/bin/python3"));
    assertThat(host.ran)
        .containsExactly(
            List.of("/usr/local/bin/python3", "-c", "import pyotp"),
            List.of("/usr/bin/python3", "-c", "import pyotp"));
  }

  @Test
  void tool_probeFailsEverywhere_messageNamesTheProbe() {
    host.environment.put("PATH", "/usr/bin");
    host.executables.add(Path.of("/usr/bin/python3"));
    host.environment.put("CI", "1");

    assertThatThrownBy(
            () ->
                requirements.requireTool("python3", "python3-pyotp", List.of("-c", "import pyotp")))
        .isExactlyInstanceOf(AssertionFailedError.class)
        .hasMessage(
            "no python3 that runs with -c import pyotp on PATH: install the Debian package"
                + " python3-pyotp to run this test (CI is set, so this test must not be skipped)");
  }

  @Test
  void tool_noPathVariable_isMissing() {
    assertThat(requirements.findTool("sh", List.of())).isEmpty();
  }

  @Test
  void env_setAndNotBlank_returnsTheValue() {
    host.environment.put("OTPKIT_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1/otpkit");

    assertThat(requirements.requireEnv("OTPKIT_TEST_POSTGRES_URL", "a PostgreSQL database"))
        .isEqualTo("jdbc:postgresql://127.0.0.1/otpkit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " "})
  void env_blank_countsAsMissing(String value) {
    host.environment.put("OTPKIT_TEST_MARIADB_URL", value);

    assertThatThrownBy(() -> requirements.requireEnv("OTPKIT_TEST_MARIADB_URL", ""))
        .isExactlyInstanceOf(TestAbortedException.class)
        .hasMessage("OTPKIT_TEST_MARIADB_URL is not set: set it to run this test");
  }

  @Test
  void env_missingInCi_failsNamingTheVariable() {
    host.environment.put("CI", "true");

    assertThatThrownBy(
            () -> requirements.requireEnv("OTPKIT_TEST_POSTGRES_URL", "a PostgreSQL database"))
        .isExactlyInstanceOf(AssertionFailedError.class)
        .hasMessage(
            "OTPKIT_TEST_POSTGRES_URL is not set (a PostgreSQL database): set it to run this test"
                + " (CI is set, so this test must not be skipped)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "1", "yes", "TRUE"})
  void ci_setToAnythingButEmptyOrFalse_isCi(String value) {
    host.environment.put("CI", value);

    assertThat(requirements.ci()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "false", "FALSE", "False"})
  void ci_emptyOrFalse_isNotCi(String value) {
    host.environment.put("CI", value);

    assertThat(requirements.ci()).isFalse();
  }

  @Test
  void ci_unset_isNotCi() {
    assertThat(requirements.ci()).isFalse();
  }
}
