package io.github.otpkit.totp.auth;

import io.github.otpkit.totp.store.AccountState;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A security event of two-factor authentication, for audit trails and alerts: every attempt with a
 * code or recovery code (from {@link TwoFactorService} and from the verifiers alike) and every
 * change of an account's second factor. It names the account and what happened, never a secret, a
 * code or a recovery code.
 *
 * @param accountId the account
 * @param type what happened
 * @param at when it happened
 * @param step the time step or HOTP counter the event concerns (accepted, or already used), or
 *     {@link AccountState#NONE}
 * @param failures the account's consecutive failures after the event (attempts only; 0 otherwise)
 */
public record TwoFactorEvent(String accountId, Type type, Instant at, long step, int failures) {

  /** What happened. */
  public enum Type {
    /** A code was accepted (at sign-in, as a first code, or as proof for a change). */
    CODE_ACCEPTED,
    /** A recovery code was accepted and is now spent. */
    RECOVERY_CODE_USED,
    /** An HOTP token was resynchronised with two consecutive codes. */
    RESYNCHRONIZED,
    /** The input was not a code or recovery code at all. */
    MALFORMED,
    /** A wrong code or recovery code. */
    INVALID,
    /** A code of an already used time step or counter, or a spent recovery code. */
    REPLAYED,
    /** An attempt refused by the back-off delay, unchecked. */
    THROTTLED,
    /** An attempt refused by the lock-out, unchecked. */
    LOCKED,
    /** A first authenticator was offered (pending until confirmed). */
    ENROLLMENT_STARTED,
    /** A replacement authenticator was offered after proof of the current factor. */
    REPLACEMENT_STARTED,
    /** A setup in progress was cancelled. */
    ENROLLMENT_CANCELLED,
    /** Two-factor authentication was switched on by a correct first code. */
    ENABLED,
    /** A replacement authenticator was confirmed and now replaces the old one. */
    REPLACED,
    /** Two-factor authentication was switched off. */
    DISABLED,
    /** New recovery codes replaced the old ones. */
    RECOVERY_CODES_REGENERATED,
    /** An authenticator from another system was imported as the active one. */
    IMPORTED;

    /**
     * Tells whether an event of this type changed the account's second factor (the portal should
     * then end the user's other sessions).
     *
     * @return {@code true} for enabled, replaced, disabled, new recovery codes and imported
     */
    public boolean changesFactor() {
      return this == ENABLED
          || this == REPLACED
          || this == DISABLED
          || this == RECOVERY_CODES_REGENERATED
          || this == IMPORTED;
    }
  }

  /**
   * Validates the event.
   *
   * @param accountId the account
   * @param type what happened
   * @param at when it happened
   * @param step the step or counter, or {@link AccountState#NONE}
   * @param failures consecutive failures, 0 or more
   * @throws IllegalArgumentException if {@code step} is below {@link AccountState#NONE} or {@code
   *     failures} is negative
   */
  public TwoFactorEvent {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
    if (step < AccountState.NONE) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "step must be -1 or more but was %d", step));
    }
    if (failures < 0) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "failures must be 0 or more but was %d", failures));
    }
  }

  /**
   * An event without a step and without failures.
   *
   * @param accountId the account
   * @param type what happened
   * @param at when it happened
   * @return the event
   */
  public static TwoFactorEvent of(String accountId, Type type, Instant at) {
    return new TwoFactorEvent(accountId, type, at, AccountState.NONE, 0);
  }
}
