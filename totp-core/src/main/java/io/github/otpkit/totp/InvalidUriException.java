package io.github.otpkit.totp;

/**
 * Thrown when an otpauth URI cannot be parsed, or a URI cannot be built from the given parts.
 *
 * <p>The message says which part is wrong (scheme, type, label, a parameter), never the URI, since
 * the URI carries the secret.
 */
public final class InvalidUriException extends OtpException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which part of the URI is wrong, without the URI itself
   */
  public InvalidUriException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message which part of the URI is wrong, without the URI itself
   * @param cause the underlying failure (its message must not contain the URI either)
   */
  public InvalidUriException(String message, Throwable cause) {
    super(message, cause);
  }
}
