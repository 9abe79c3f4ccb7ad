package io.github.otpkit.totp.store;

import io.github.otpkit.totp.OtpException;

/**
 * Thrown when an {@link AccountStateStore} cannot read or write state, for example because the
 * database is down. Verification fails closed: no code is accepted while the store is unavailable.
 */
public final class StateStoreException extends OtpException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, without secrets
   * @param cause the underlying failure
   */
  public StateStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception.
   *
   * @param message what failed, without secrets
   */
  public StateStoreException(String message) {
    super(message);
  }
}
