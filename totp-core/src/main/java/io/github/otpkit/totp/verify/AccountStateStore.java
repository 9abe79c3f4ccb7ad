package io.github.otpkit.totp.verify;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Stores per-account verification state with atomic operations; the service-provider interface
 * behind replay protection and throttling.
 *
 * <p>Every mutating operation is a single compare-and-set, so that two requests carrying the same
 * code can never both pass, and parallel guesses can never slip past throttling or lose a failure
 * count. Each maps to one conditional SQL statement:
 *
 * <ul>
 *   <li>{@link #tryChargeAttempt}: {@code UPDATE s SET failures = ? + 1, last_failure_at = ? WHERE
 *       account_id = ? AND failures = ? AND last_failure_at = ?} ({@code IS NULL} for no failure
 *       time)
 *   <li>{@link #tryMarkUsed}: {@code UPDATE s SET last_step = ?, drift = ?, failures = 0,
 *       last_failure_at = NULL WHERE account_id = ? AND last_step < ?}
 * </ul>
 *
 * <p>A store creates an account's state on first use (as {@link AccountState#initial}).
 * Implementations must be thread-safe, and safe across processes if they are shared by several
 * nodes.
 */
public interface AccountStateStore {

  /**
   * Reads an account's state.
   *
   * @param accountId the account
   * @return the stored state, or {@link AccountState#initial(String)} if there is none
   * @throws StateStoreException if the store cannot be read
   */
  AccountState load(String accountId);

  /**
   * Charges one attempt against the account before a code is checked: atomically sets the failure
   * count to {@code expectedFailures + 1} and the last failure time to {@code at}, only if the
   * stored failure count and last failure time are still {@code expectedFailures} and {@code
   * expectedLastFailureAt}. A later successful {@link #tryMarkUsed} resets both.
   *
   * <p>Both values are compared, not the count alone: the throttling verdict depends on both, and a
   * state that was charged, reset by a success and charged again meanwhile can be back at the same
   * count with a later failure time, which must not pass for the state that was judged.
   *
   * @param accountId the account
   * @param expectedFailures the failure count that the caller read and judged not throttled
   * @param expectedLastFailureAt the last failure time that the caller read with it, or {@code
   *     null} if there was none
   * @param at the time of the attempt
   * @return {@code true} if the attempt was charged, {@code false} if the state changed meanwhile
   * @throws StateStoreException if the store cannot be updated
   */
  boolean tryChargeAttempt(
      String accountId, int expectedFailures, @Nullable Instant expectedLastFailureAt, Instant at);

  /**
   * Records an accepted step or counter: atomically sets the last used step to {@code step}, the
   * drift to {@code driftSteps} and the failure count to zero, only if the stored last used step is
   * below {@code step}.
   *
   * @param accountId the account
   * @param step the accepted time step or HOTP counter
   * @param driftSteps the observed drift to remember
   * @return {@code true} if the step was recorded, {@code false} if it (or a later one) was already
   *     used
   * @throws StateStoreException if the store cannot be updated
   */
  boolean tryMarkUsed(String accountId, long step, int driftSteps);

  /**
   * Clears the failure count, for example after a recovery code or an administrator's unlock.
   *
   * @param accountId the account
   * @throws StateStoreException if the store cannot be updated
   */
  void resetFailures(String accountId);

  /**
   * Replaces an account's state with a fresh one whose last used step is {@code lastUsedStep}, for
   * example when an HOTP token is enrolled at a counter or an authenticator is replaced.
   *
   * @param accountId the account
   * @param lastUsedStep the step or counter to treat as used, or {@link AccountState#NONE}
   * @throws StateStoreException if the store cannot be updated
   */
  void reset(String accountId, long lastUsedStep);

  /**
   * Removes all state of an account, for example when two-factor authentication is disabled.
   *
   * @param accountId the account
   * @throws StateStoreException if the store cannot be updated
   */
  void delete(String accountId);
}
