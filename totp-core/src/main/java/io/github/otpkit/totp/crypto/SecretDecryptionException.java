package io.github.otpkit.totp.crypto;

import io.github.otpkit.totp.OtpException;

/**
 * Thrown when a stored secret cannot be decrypted: it is malformed, it names a key id that the
 * {@link SecretCipher} does not hold, or it fails authentication because it was modified, copied
 * from another account, or encrypted with another key under the same key id.
 *
 * <p>The message says which of these three cases applies and nothing more: never the account's
 * secret, never key material, never which byte was wrong. Treat the exception as a sign of data
 * corruption or tampering; verification must fail closed.
 */
public final class SecretDecryptionException extends OtpException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which check failed, without secret material
   */
  public SecretDecryptionException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message which check failed, without secret material
   * @param cause the underlying failure
   */
  public SecretDecryptionException(String message, Throwable cause) {
    super(message, cause);
  }
}
