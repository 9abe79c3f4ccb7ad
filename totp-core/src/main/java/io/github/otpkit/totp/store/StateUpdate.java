package io.github.otpkit.totp.store;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The write that records an accepted proof: a compare-and-set of the account's state and, when the
 * proof was a recovery code, the spending of that code. An {@link EnrollmentStore} applies it
 * atomically together with the change the proof allows (confirming a new authenticator, disabling,
 * new recovery codes), or not at all.
 *
 * @param expected the state that was read and judged; the write happens only if it is still stored
 * @param next the state to store
 * @param recoveryCodeId the {@link RecoveryCodeHash#id()} of the recovery code to spend, which must
 *     still be unused; or {@code null} if the proof was a code
 * @param at the time of the attempt (when a recovery code was used)
 */
public record StateUpdate(
    AccountState expected, AccountState next, @Nullable String recoveryCodeId, Instant at) {

  /**
   * Validates the update.
   *
   * @param expected the state read
   * @param next the state to store
   * @param recoveryCodeId the recovery code to spend, or {@code null}
   * @param at the time of the attempt
   * @throws IllegalArgumentException if the states belong to different accounts
   */
  public StateUpdate {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(at, "at");
    if (!expected.accountId().equals(next.accountId())) {
      throw new IllegalArgumentException("expected and next must be states of the same account");
    }
  }

  /**
   * Returns the account the update belongs to.
   *
   * @return the account id
   */
  public String accountId() {
    return expected.accountId();
  }
}
