package io.github.otpkit.totp.verify;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one account's verification state, as stored by an {@link AccountStateStore}.
 *
 * @param accountId the account's identifier (not secret; it appears in logs and events)
 * @param lastUsedStep the last accepted TOTP time step or HOTP counter, or {@link #NONE}; only a
 *     later step or counter is accepted next (RFC 6238 section 5.2)
 * @param failures consecutive failed attempts since the last success (RFC 4226 section 7.3)
 * @param lastFailureAt when the last failed attempt was charged, or {@code null} if there is none
 * @param driftSteps the clock drift observed at the last success, in steps (RFC 6238 section 6)
 */
public record AccountState(
    String accountId,
    long lastUsedStep,
    int failures,
    @Nullable Instant lastFailureAt,
    int driftSteps) {

  /** The value of {@link #lastUsedStep()} before any code has been accepted. */
  public static final long NONE = -1;

  /**
   * Validates the snapshot.
   *
   * @param accountId the account's identifier
   * @param lastUsedStep the last accepted step or counter, or {@link #NONE}
   * @param failures consecutive failed attempts
   * @param lastFailureAt when the last failure was charged, or {@code null}
   * @param driftSteps the observed drift in steps
   * @throws IllegalArgumentException if {@code lastUsedStep} is below {@link #NONE} or
   *     {@code failures} is negative
   */
  public AccountState {
    Objects.requireNonNull(accountId, "accountId");
    if (lastUsedStep < NONE) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "lastUsedStep must be -1 or more but was %d", lastUsedStep));
    }
    if (failures < 0) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "failures must be 0 or more but was %d", failures));
    }
  }

  /**
   * The state of an account that has never verified a code.
   *
   * @param accountId the account's identifier
   * @return a state with no used step, no failures and no drift
   */
  public static AccountState initial(String accountId) {
    return new AccountState(accountId, NONE, 0, null, 0);
  }
}
