package io.github.otpkit.totp;

/**
 * Thrown when a secret is not valid Base32, or is too short or too long.
 *
 * <p>The message names the position or the rule that failed, never the secret itself, e.g. {@code
 * invalid Base32 character at position 7}.
 */
public final class InvalidSecretException extends OtpException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the rule that failed, without any part of the secret
   */
  public InvalidSecretException(String message) {
    super(message);
  }
}
