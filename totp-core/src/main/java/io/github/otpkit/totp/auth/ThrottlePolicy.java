package io.github.otpkit.totp.auth;

import io.github.otpkit.totp.store.AccountState;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a verifier slows down and optionally stops repeated wrong codes on one account (RFC 4226
 * section 7.3).
 *
 * <p>The state lives in the {@code AccountStateStore}, keyed per account, so it holds across
 * sessions, browsers and nodes. Every attempt is charged to the account <em>before</em> its code is
 * checked, with a compare-and-set on the failure count and last failure time, so parallel guesses
 * cannot slip past the back-off; a successful code resets the count. With {@code f} consecutive
 * failures:
 *
 * <ul>
 *   <li>{@code f < freeFailures}: the next attempt is allowed at once;
 *   <li>otherwise the next attempt is allowed {@code baseDelay * 2^(f - freeFailures)}, at most
 *       {@code maxDelay}, after the last failure; earlier attempts get {@link
 *       VerificationResult.Throttled}, even with a correct code, and are not charged;
 *   <li>if {@code lockoutAfter > 0} and {@code f >= lockoutAfter}: every attempt gets {@link
 *       VerificationResult.Locked} until {@code AccountStateStore.resetFailures} (for example after
 *       a recovery code or an administrator's check).
 * </ul>
 *
 * <h2>Guessing bound of the defaults</h2>
 *
 * {@link #DEFAULT} allows 3 free failures, then waits 1, 2, 4, ... 512 seconds and from then on 15
 * minutes between attempts. An attacker who knows the password and always retries the moment it is
 * allowed gets 107 attempts in the first 24 hours and 96 in each day after. With a window of 3
 * steps and 6 digits each attempt succeeds with probability at most 3 / 10^6, so one account falls
 * with probability at most 107 * 3 / 10^6 = 3.2 * 10^-4 in the first day (1 in 3,100), about 0.87 %
 * in 30 days and about 10.5 % in a year of uninterrupted guessing. Portals should therefore alert
 * on repeated failures (see {@link TwoFactorListener}) or add a lock-out: {@code
 * DEFAULT.withLockoutAfter(20)} caps a locked-out account at 20 attempts in total, a chance of at
 * most 6 * 10^-5.
 *
 * <h2>Security considerations</h2>
 *
 * Per-account throttling lets anyone who knows the password delay the real user's sign-in; offer
 * recovery codes, and prefer delays to lock-outs where that matters more than the numbers above. A
 * refused attempt is not charged, so hammering a throttled account does not extend its delay.
 *
 * @param freeFailures consecutive failures allowed without delay, 0 to {@value #MAX_FREE_FAILURES},
 *     3 by default
 * @param baseDelay the delay after the first failure beyond {@code freeFailures}, positive, 1
 *     second by default; each further failure doubles it
 * @param maxDelay the longest delay, from {@code baseDelay} to one day, 15 minutes by default
 * @param lockoutAfter consecutive failures after which the account is locked, or {@value
 *     #NO_LOCKOUT} for no lock-out (the default)
 */
public record ThrottlePolicy(
    int freeFailures, Duration baseDelay, Duration maxDelay, int lockoutAfter) {

  /** The largest value of {@code freeFailures}: 100. */
  public static final int MAX_FREE_FAILURES = 100;

  /** The longest delay: one day. */
  public static final Duration MAX_DELAY = Duration.ofDays(1);

  /** The value of {@code lockoutAfter} that means no lock-out: 0. */
  public static final int NO_LOCKOUT = 0;

  /** 3 free failures, then 1 second doubling up to 15 minutes, no lock-out. */
  public static final ThrottlePolicy DEFAULT =
      new ThrottlePolicy(3, Duration.ofSeconds(1), Duration.ofMinutes(15), NO_LOCKOUT);

  /**
   * Validates the policy.
   *
   * @param freeFailures consecutive failures allowed before the first delay
   * @param baseDelay the delay after the first failure past the free ones
   * @param maxDelay the longest delay
   * @param lockoutAfter consecutive failures that lock the account, or {@link #NO_LOCKOUT}
   * @throws IllegalArgumentException if a value is out of range
   */
  public ThrottlePolicy {
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (freeFailures < 0 || freeFailures > MAX_FREE_FAILURES) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "freeFailures must be 0 to %d but was %d",
              MAX_FREE_FAILURES,
              freeFailures));
    }
    if (baseDelay.isNegative() || baseDelay.isZero()) {
      throw new IllegalArgumentException("baseDelay must be positive but was " + baseDelay);
    }
    if (maxDelay.compareTo(MAX_DELAY) > 0) {
      throw new IllegalArgumentException(
          "maxDelay must be at most " + MAX_DELAY + " but was " + maxDelay);
    }
    if (baseDelay.compareTo(maxDelay) > 0) {
      throw new IllegalArgumentException(
          "baseDelay must not exceed maxDelay but was " + baseDelay + " > " + maxDelay);
    }
    if (lockoutAfter < 0) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "lockoutAfter must be 0 (no lock-out) or more but was %d",
              lockoutAfter));
    }
  }

  /**
   * A fixed pause: the first {@code failures} consecutive failures are free, and after that every
   * attempt must wait {@code pause} after the previous failure. No lock-out.
   *
   * <p>For example {@code pauseAfter(5, Duration.ofSeconds(60))} refuses attempts after 5
   * consecutive failures, for 60 seconds after each further failure.
   *
   * @param failures consecutive failures allowed without delay, 0 to {@value #MAX_FREE_FAILURES}
   * @param pause the wait after each failure beyond them, positive, at most one day
   * @return the policy
   * @throws IllegalArgumentException if a value is out of range
   */
  public static ThrottlePolicy pauseAfter(int failures, Duration pause) {
    return new ThrottlePolicy(failures, pause, pause, NO_LOCKOUT);
  }

  /**
   * Returns a copy with another number of free failures.
   *
   * @param newFreeFailures 0 to {@value #MAX_FREE_FAILURES}
   * @return the new policy
   */
  public ThrottlePolicy withFreeFailures(int newFreeFailures) {
    return new ThrottlePolicy(newFreeFailures, baseDelay, maxDelay, lockoutAfter);
  }

  /**
   * Returns a copy with other delays.
   *
   * @param newBaseDelay the first delay, positive
   * @param newMaxDelay the longest delay, from {@code newBaseDelay} to one day
   * @return the new policy
   */
  public ThrottlePolicy withDelays(Duration newBaseDelay, Duration newMaxDelay) {
    return new ThrottlePolicy(freeFailures, newBaseDelay, newMaxDelay, lockoutAfter);
  }

  /**
   * Returns a copy that locks the account after a number of consecutive failures.
   *
   * @param failures 1 or more, or {@value #NO_LOCKOUT} for no lock-out
   * @return the new policy
   */
  public ThrottlePolicy withLockoutAfter(int failures) {
    return new ThrottlePolicy(freeFailures, baseDelay, maxDelay, failures);
  }

  /**
   * Returns the wait required after the last failure when an account has a number of consecutive
   * failures.
   *
   * @param failures consecutive failures, 0 or more
   * @return zero below {@code freeFailures}, else {@code baseDelay * 2^(failures - freeFailures)}
   *     capped at {@code maxDelay}
   */
  public Duration delayAfter(int failures) {
    if (failures < freeFailures) {
      return Duration.ZERO;
    }
    Duration delay = baseDelay;
    for (int i = freeFailures; i < failures && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }

  /**
   * Tells whether an account with a number of consecutive failures is locked.
   *
   * @param failures consecutive failures
   * @return {@code true} if lock-out is on and {@code failures >= lockoutAfter}
   */
  public boolean isLockedOut(int failures) {
    return lockoutAfter != NO_LOCKOUT && failures >= lockoutAfter;
  }

  /**
   * Judges an attempt on an account: refused by the lock-out, refused by the back-off delay, or
   * allowed. This is the judgement every code and recovery code passes before it is checked; a
   * portal can use it for other guessable secrets of the same account (a password form), charging a
   * failure with {@link AccountState#charged} through {@code AccountStateStore.updateState}.
   *
   * @param state the account's state, as read
   * @param at the time of the attempt
   * @return {@link VerificationResult.Locked} or {@link VerificationResult.Throttled} to answer
   *     with, or empty if the attempt may go ahead
   */
  public Optional<VerificationResult> refusal(AccountState state, Instant at) {
    return Optional.ofNullable(refusal(state, at, true));
  }

  /**
   * Judges an attempt; {@code honourLockout} is {@code false} for recovery codes, the way out of a
   * lock-out, which are too long to guess.
   */
  @Nullable VerificationResult refusal(AccountState state, Instant at, boolean honourLockout) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(at, "at");
    int failures = state.failures();
    if (honourLockout && isLockedOut(failures)) {
      return new VerificationResult.Locked();
    }
    Instant lastFailureAt = state.lastFailureAt();
    if (failures < freeFailures || lastFailureAt == null) {
      return null;
    }
    Instant retryAt = lastFailureAt.plus(delayAfter(failures));
    return at.isBefore(retryAt)
        ? new VerificationResult.Throttled(retryAt, Duration.between(at, retryAt))
        : null;
  }
}
