package io.github.otpkit.totp.enrollment;

import io.github.otpkit.totp.verify.VerificationResult;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a step of the two-factor lifecycle that needs proof: activating a new
 * authenticator, using a recovery code, disabling two-factor authentication, or regenerating
 * recovery codes. A wrong code is a {@link Failure}, never an exception.
 *
 * <pre>{@code
 * TwoFactorResult result = service.confirmEnrollment(accountId, code);
 * if (result instanceof TwoFactorResult.Success success) {
 *   success.newRecoveryCodes().ifPresent(codes -> showOnce(codes.revealCodes()));
 * } else {
 *   showError(result.message());
 * }
 * }</pre>
 */
public sealed interface TwoFactorResult {

  /**
   * Tells whether the step succeeded.
   *
   * @return {@code true} for a {@link Success}
   */
  boolean isSuccess();

  /**
   * Returns a short sentence for the end user, e.g. {@code This code was already used. Wait for
   * the next one.}; it never contains a code or a secret.
   *
   * @return the message
   */
  String message();

  /** Why a step failed. */
  enum Reason {
    /** Two-factor authentication is not enabled for the account. */
    NOT_ENABLED,
    /** No enrollment is in progress (never started, cancelled, replaced or confirmed already). */
    NO_ENROLLMENT,
    /** The enrollment in progress has expired; start again. */
    EXPIRED,
    /** The input is not a code (or recovery code) at all. */
    MALFORMED,
    /** The code or recovery code is wrong. */
    INVALID,
    /** The code's time step, or the recovery code, was already used. */
    ALREADY_USED,
    /** Too many recent failures: wait until {@link Failure#retryAfter()}. */
    THROTTLED,
    /** The lock-out of the throttle policy was reached: only a recovery code works. */
    LOCKED
  }

  /**
   * The step succeeded.
   *
   * @param message a short sentence for the end user
   * @param recoveryCodes new recovery codes to show the user exactly once, or {@code null} if the
   *     step issued none
   * @param recoveryCodesLeft unused recovery codes of the account after the step
   */
  record Success(String message, @Nullable RecoveryCodes recoveryCodes, int recoveryCodesLeft)
      implements TwoFactorResult {
    /**
     * Validates the result.
     *
     * @param message a short sentence for the end user
     * @param recoveryCodes new recovery codes, or {@code null}
     * @param recoveryCodesLeft unused recovery codes after the step, 0 or more
     */
    public Success {
      Objects.requireNonNull(message, "message");
      if (recoveryCodesLeft < 0) {
        throw new IllegalArgumentException(
            "recoveryCodesLeft must be 0 or more but was " + recoveryCodesLeft);
      }
    }

    /**
     * Returns the new recovery codes, if the step issued any.
     *
     * @return the codes to show once
     */
    public Optional<RecoveryCodes> newRecoveryCodes() {
      return Optional.ofNullable(recoveryCodes);
    }

    @Override
    public boolean isSuccess() {
      return true;
    }
  }

  /**
   * The step failed; nothing was changed (except that the attempt counts towards throttling).
   *
   * @param reason why
   * @param message a short sentence for the end user
   * @param retryAfter for {@link Reason#THROTTLED}, when the next attempt is allowed; otherwise
   *     {@code null}
   */
  record Failure(Reason reason, String message, @Nullable Instant retryAfter)
      implements TwoFactorResult {
    /**
     * Validates the result.
     *
     * @param reason why
     * @param message a short sentence for the end user
     * @param retryAfter when the next attempt is allowed, or {@code null}
     */
    public Failure {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }

    /**
     * Turns a rejected verification into a failure with the same reason and message.
     *
     * @param result a verification result that is not accepted
     * @return the failure
     * @throws IllegalArgumentException if the result is accepted
     */
    public static Failure of(VerificationResult result) {
      Objects.requireNonNull(result, "result");
      Reason reason =
          switch (result.kind()) {
            case MALFORMED -> Reason.MALFORMED;
            case INVALID -> Reason.INVALID;
            case ALREADY_USED -> Reason.ALREADY_USED;
            case THROTTLED -> Reason.THROTTLED;
            case LOCKED -> Reason.LOCKED;
            case ACCEPTED -> throw new IllegalArgumentException("the result is accepted");
          };
      Instant retryAfter =
          result instanceof VerificationResult.Throttled throttled ? throttled.retryAfter() : null;
      return new Failure(reason, result.message(), retryAfter);
    }

    @Override
    public boolean isSuccess() {
      return false;
    }
  }
}
