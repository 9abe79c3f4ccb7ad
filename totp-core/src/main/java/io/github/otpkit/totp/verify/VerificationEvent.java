package io.github.otpkit.totp.verify;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A security event of a verification, for audit logs and alerts. It never contains the code or
 * the secret.
 *
 * @param accountId the account
 * @param kind the result of the attempt
 * @param at the time of the attempt
 * @param step the accepted step or counter for {@code ACCEPTED}, the already used one for
 *     {@code ALREADY_USED}, otherwise {@link #NO_STEP}
 * @param failures the account's consecutive failures after this attempt (0 after an accepted code;
 *     the count that caused the refusal for {@code THROTTLED} and {@code LOCKED})
 * @param resynchronization {@code true} for an HOTP resynchronisation (RFC 4226 section 7.4)
 */
public record VerificationEvent(
    String accountId,
    VerificationResult.Kind kind,
    Instant at,
    long step,
    int failures,
    boolean resynchronization) {

  /** The value of {@link #step()} when no step applies: -1. */
  public static final long NO_STEP = -1;

  /**
   * Validates the event.
   *
   * @param accountId the account
   * @param kind the result of the attempt
   * @param at the time of the attempt
   * @param step the step or counter concerned, or {@link #NO_STEP}
   * @param failures the account's consecutive failures after this attempt, 0 or more
   * @param resynchronization whether this was an HOTP resynchronisation
   * @throws IllegalArgumentException if {@code step} is below {@link #NO_STEP} or {@code failures}
   *     is negative
   */
  public VerificationEvent {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
    if (step < NO_STEP) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "step must be -1 or more but was %d", step));
    }
    if (failures < 0) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "failures must be 0 or more but was %d", failures));
    }
  }
}
