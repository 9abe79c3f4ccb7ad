package io.github.otpkit.totp.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One account's verification state: the last used time step or counter (replay protection), the
 * consecutive failures (throttling) and the observed clock drift.
 *
 * <p>A store changes it only by a compare-and-set of the whole value ({@link
 * AccountStateStore#updateState}): an attempt reads the state, decides, and writes the next state
 * only if the stored one is still the one it read. The methods below compute next states; none of
 * them changes anything stored.
 *
 * <p>Instants are kept to the microsecond, the precision of SQL timestamp columns, so that every
 * store returns what it was given and compares equal what it stored.
 *
 * @param accountId the account's identifier (not secret; it appears in logs and events), 1 to
 *     {@value AccountStateStore#MAX_ACCOUNT_ID_LENGTH} characters
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
   * Validates the state and truncates {@code lastFailureAt} to microseconds.
   *
   * @param accountId the account's identifier
   * @param lastUsedStep the last accepted step or counter, or {@link #NONE}
   * @param failures consecutive failed attempts
   * @param lastFailureAt when the last failure was charged, or {@code null}
   * @param driftSteps the observed drift in steps
   * @throws IllegalArgumentException if the account id is empty or too long, {@code lastUsedStep}
   *     is below {@link #NONE} or {@code failures} is negative
   */
  public AccountState {
    AccountStateStore.checkAccountId(accountId);
    if (lastUsedStep < NONE) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "lastUsedStep must be -1 or more but was %d", lastUsedStep));
    }
    if (failures < 0) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "failures must be 0 or more but was %d", failures));
    }
    lastFailureAt = lastFailureAt == null ? null : lastFailureAt.truncatedTo(ChronoUnit.MICROS);
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

  /**
   * Tells whether this is the state of an account that has never verified a code.
   *
   * @return {@code true} if it equals {@link #initial(String)} of its account
   */
  public boolean isInitial() {
    return lastUsedStep == NONE && failures == 0 && lastFailureAt == null && driftSteps == 0;
  }

  /**
   * Returns the state after one more failed attempt at {@code at}.
   *
   * @param at the time of the attempt
   * @return the same state with one more failure, charged at {@code at}
   */
  public AccountState charged(Instant at) {
    Objects.requireNonNull(at, "at");
    int next = failures == Integer.MAX_VALUE ? failures : failures + 1;
    return new AccountState(accountId, lastUsedStep, next, at, driftSteps);
  }

  /**
   * Returns the state after a code of {@code step} was accepted: that step is the last used one,
   * the failures are cleared and the drift is remembered.
   *
   * @param step the accepted time step or counter, 0 or more
   * @param drift the drift to remember, in steps
   * @return the next state
   * @throws IllegalArgumentException if {@code step} is negative
   */
  public AccountState accepted(long step, int drift) {
    if (step < 0) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "step must be 0 or more but was %d", step));
    }
    return new AccountState(accountId, step, 0, null, drift);
  }

  /**
   * Returns the state with the failures cleared (after a recovery code, or an administrator's
   * unlock); the last used step and the drift stay.
   *
   * @return the next state
   */
  public AccountState withoutFailures() {
    return new AccountState(accountId, lastUsedStep, 0, null, driftSteps);
  }
}
