package io.github.otpkit.totp.enrollment;

import java.time.Instant;
import java.util.Objects;

/**
 * An audit event of the two-factor lifecycle. It names the account and what happened, never a
 * secret, a code or a recovery code.
 *
 * @param accountId the account
 * @param type what happened
 * @param at when it happened
 */
public record TwoFactorEvent(String accountId, Type type, Instant at) {

  /** What happened. */
  public enum Type {
    /** A first authenticator was offered (pending until confirmed). */
    ENROLLMENT_STARTED,
    /** A replacement authenticator was offered; the current one keeps working until confirmed. */
    REPLACEMENT_STARTED,
    /** Two-factor authentication was switched on by a correct first code. */
    ENABLED,
    /** A replacement authenticator was confirmed and now replaces the old one. */
    REPLACED,
    /** A setup in progress was cancelled. */
    ENROLLMENT_CANCELLED,
    /** Two-factor authentication was switched off. */
    DISABLED,
    /** A code was accepted at sign-in or for a protected action. */
    CODE_ACCEPTED,
    /** A recovery code was used (and is now spent). */
    RECOVERY_CODE_USED,
    /** New recovery codes replaced the old ones. */
    RECOVERY_CODES_REGENERATED,
    /** A wrong or malformed code or recovery code. */
    FAILURE,
    /** A code of an already used time step, or a spent recovery code. */
    REPLAY,
    /** An attempt refused by the back-off delay. */
    THROTTLED,
    /** An attempt refused by the lock-out. */
    LOCKED
  }

  /**
   * Validates the event.
   *
   * @param accountId the account
   * @param type what happened
   * @param at when it happened
   */
  public TwoFactorEvent {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
  }
}
