package io.github.otpkit.totp.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Charges attempts against an account under a {@link ThrottlePolicy} before a secret is checked:
 * the gate that {@link TotpVerifier} and {@link HotpVerifier} pass every code through, available
 * for other secrets checked against the same account (the first code of a new authenticator, a
 * recovery code), so that all of them share one failure count (RFC 4226 section 7.3).
 *
 * <p>An admitted attempt has already been counted as a failure in the store; a later successful
 * {@link AccountStateStore#tryMarkUsed} or {@link AccountStateStore#resetFailures} clears the
 * count. The charge is a compare-and-set on the failure count and last failure time that were
 * judged not throttled, so parallel attempts cannot slip past the back-off, not even when the count
 * went up, back to zero on a success and up again to the judged value meanwhile.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable and thread-safe, if the store is.
 */
public final class AttemptGate {
  /** How often a charge is retried when parallel attempts change the count under it. */
  static final int MAX_CHARGE_TRIES = 16;

  private final AccountStateStore store;
  private final ThrottlePolicy policy;

  private AttemptGate(AccountStateStore store, ThrottlePolicy policy) {
    this.store = store;
    this.policy = policy;
  }

  /**
   * Creates a gate.
   *
   * @param store the account state store that holds the failure counts
   * @param policy the throttle policy
   * @return the gate
   */
  public static AttemptGate of(AccountStateStore store, ThrottlePolicy policy) {
    return new AttemptGate(
        Objects.requireNonNull(store, "store"), Objects.requireNonNull(policy, "policy"));
  }

  /**
   * The outcome of asking to make an attempt.
   *
   * @param state the account state read when the decision was made
   * @param refusal {@code null} if the attempt was admitted and charged, otherwise the
   *     {@link VerificationResult.Throttled} or {@link VerificationResult.Locked} to answer with
   */
  public record Admission(AccountState state, @Nullable VerificationResult refusal) {
    /**
     * Validates the admission.
     *
     * @param state the account state read when the decision was made
     * @param refusal the refusal, or {@code null} if admitted
     */
    public Admission {
      Objects.requireNonNull(state, "state");
    }

    /**
     * Tells whether the attempt was admitted (and charged).
     *
     * @return {@code true} if the caller may now check the secret
     */
    public boolean isAdmitted() {
      return refusal == null;
    }
  }

  /**
   * Admits and charges an attempt unless the account is locked out or in a back-off delay.
   *
   * @param accountId the account
   * @param at the time of the attempt
   * @return the admission
   * @throws StateStoreException if the store fails
   */
  public Admission admit(String accountId, Instant at) {
    return admit(accountId, at, true);
  }

  /**
   * Admits and charges an attempt unless the account is in a back-off delay, even if it is locked
   * out: for recovery codes, which are the way out of a lock-out and are too long to guess.
   *
   * @param accountId the account
   * @param at the time of the attempt
   * @return the admission
   * @throws StateStoreException if the store fails
   */
  public Admission admitDespiteLockout(String accountId, Instant at) {
    return admit(accountId, at, false);
  }

  private Admission admit(String accountId, Instant at, boolean honourLockout) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(at, "at");
    AccountState state = AccountState.initial(accountId);
    for (int i = 0; i < MAX_CHARGE_TRIES; i++) {
      state = store.load(accountId);
      int failures = state.failures();
      if (honourLockout && policy.isLockedOut(failures)) {
        return new Admission(state, new VerificationResult.Locked());
      }
      Instant retryAt = policy.retryAt(failures, state.lastFailureAt());
      if (retryAt != null && at.isBefore(retryAt)) {
        return new Admission(
            state, new VerificationResult.Throttled(retryAt, Duration.between(at, retryAt)));
      }
      if (store.tryChargeAttempt(accountId, failures, state.lastFailureAt(), at)) {
        return new Admission(state, null);
      }
    }
    // A flood of parallel attempts on one account: refuse rather than spin.
    Duration wait = policy.baseDelay();
    return new Admission(state, new VerificationResult.Throttled(at.plus(wait), wait));
  }
}
