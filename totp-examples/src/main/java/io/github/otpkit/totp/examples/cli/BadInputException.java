package io.github.otpkit.totp.examples.cli;

/**
 * Bad input found while a command runs: the tool prints {@code error: } and the message, and exits
 * with status 2.
 *
 * <p>The message says what is wrong and never contains a secret, a code or an otpauth URI.
 */
final class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String safeMessage;

  BadInputException(String message) {
    super(message);
    this.safeMessage = message;
  }

  /** The message, never null. */
  String safeMessage() {
    return safeMessage;
  }
}
