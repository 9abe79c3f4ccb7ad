package io.github.otpkit.totp.auth;

/**
 * Receives the {@link TwoFactorEvent}s of a {@link TwoFactorService}, {@link TotpVerifier} or
 * {@link HotpVerifier}, for example to write an audit trail, count outcomes or alert on repeated
 * failures. Called synchronously on the thread of the request, after the outcome is stored; an
 * exception it throws is logged and does not change the outcome.
 */
@FunctionalInterface
public interface TwoFactorListener {
  /**
   * Called once per event.
   *
   * @param event what happened; it contains no secret, code or recovery code
   */
  void onEvent(TwoFactorEvent event);
}
