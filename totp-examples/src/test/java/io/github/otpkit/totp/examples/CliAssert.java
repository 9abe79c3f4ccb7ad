package io.github.otpkit.totp.examples;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on a {@link CliRun} that every CLI test shares. */
final class CliAssert {
  private CliAssert() {}

  /** Exit 0, exactly {@code expectedOut} and a line break on standard output, nothing on error. */
  static void assertSuccess(CliRun run, String expectedOut) {
    assertThat(run.err()).as("standard error").isEmpty();
    assertThat(run.out()).isEqualTo(expectedOut + System.lineSeparator());
    assertThat(run.status()).isZero();
  }

  /** Exit 2, nothing on standard output, exactly one {@code error: } line on standard error. */
  static void assertBadInput(CliRun run, String expectedError) {
    assertThat(run.out()).as("standard output").isEmpty();
    assertThat(run.err()).isEqualTo("error: " + expectedError + System.lineSeparator());
    assertThat(run.status()).isEqualTo(2);
  }

  /** No 8-character piece of {@code secret} anywhere in the run's output. */
  static void assertNeverShows(CliRun run, String secret) {
    for (int i = 0; i + 8 <= secret.length(); i++) {
      String piece = secret.substring(i, i + 8);
      assertThat(run.err()).as("standard error").doesNotContain(piece);
      assertThat(run.out()).as("standard output").doesNotContain(piece);
    }
  }

  /** The lines of a text, without their line breaks. */
  static String[] lines(String text) {
    return text.isEmpty() ? new String[0] : text.split("\\R", -1);
  }
}
