package io.github.otpkit.totp.enrollment;

/**
 * Receives the audit events of a {@link TwoFactorService}, for example to write an audit trail or
 * to alert on repeated failures. Called synchronously on the thread of the request; an exception
 * it throws is logged and does not change the outcome.
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
