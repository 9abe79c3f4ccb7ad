package io.github.otpkit.totp.verify;

/**
 * Receives the security events of a verifier, for example to write an audit log or to alert on
 * repeated failures.
 *
 * <p>Called synchronously on the verifying thread after the outcome is decided and stored; keep it
 * fast. An exception thrown by the listener is logged and does not change the result.
 * Implementations must be thread-safe: one verifier serves many threads.
 */
@FunctionalInterface
public interface VerificationListener {

  /**
   * Handles one event.
   *
   * @param event what happened, without the code
   */
  void onEvent(VerificationEvent event);
}
