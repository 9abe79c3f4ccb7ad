package io.github.otpkit.totp;

/**
 * Root of the unchecked exceptions that otpkit throws for malformed input such as an invalid Base32
 * secret or an invalid otpauth URI.
 *
 * <p>Messages say where the input is wrong and what was expected; they never contain a secret, a
 * code, a recovery code or an otpauth URI, so they are safe to log and to show. A wrong code is
 * never an exception: verification returns a result. Misuse of the API (a {@code null} argument, a
 * parameter out of range) raises the standard {@link NullPointerException}, {@link
 * IllegalArgumentException} or {@link IllegalStateException}.
 */
public class OtpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that contains no secret material.
   *
   * @param message what was wrong with the input
   */
  public OtpException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message that contains no secret material and a cause.
   *
   * @param message what was wrong
   * @param cause the underlying failure
   */
  public OtpException(String message, Throwable cause) {
    super(message, cause);
  }
}
