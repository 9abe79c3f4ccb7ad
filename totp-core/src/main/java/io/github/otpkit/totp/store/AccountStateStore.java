package io.github.otpkit.totp.store;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Stores each account's {@link AccountState} with one atomic operation, compare-and-set: the
 * service-provider interface behind replay protection and throttling.
 *
 * <p>An attempt reads the state ({@link #loadState}), judges it (throttled? which steps are still
 * unused?), checks the code, and writes the outcome with {@link #updateState}: the accepted step,
 * or one more failure. The write succeeds only if the stored state is still the one that was read,
 * so that two requests carrying the same code can never both pass, and parallel guesses can never
 * slip past throttling or lose a failure: the loser reads again and is judged again. In SQL that is
 * one conditional statement, {@code UPDATE s SET ... WHERE account_id = ? AND last_step = ? AND
 * failures = ? AND last_failure_at = ? AND drift = ?}.
 *
 * <p>Account ids are 1 to {@value #MAX_ACCOUNT_ID_LENGTH} characters in every store ({@link
 * #checkAccountId}); they are not secret. Implementations must be thread-safe, and safe across
 * processes if several nodes share them. Every method throws {@link StateStoreException} when the
 * storage cannot be read or written: callers then fail closed.
 */
public interface AccountStateStore {
  /** The longest account id: 255 characters. */
  int MAX_ACCOUNT_ID_LENGTH = 255;

  /**
   * Checks an account id against the one rule every store and every entry point applies.
   *
   * @param accountId the account id
   * @return the account id
   * @throws NullPointerException if it is {@code null}
   * @throws IllegalArgumentException if it is empty or longer than {@value #MAX_ACCOUNT_ID_LENGTH}
   *     characters
   */
  @CanIgnoreReturnValue
  static String checkAccountId(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    if (accountId.isEmpty() || accountId.length() > MAX_ACCOUNT_ID_LENGTH) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "accountId must be 1 to %d characters long but was %d",
              MAX_ACCOUNT_ID_LENGTH,
              accountId.length()));
    }
    return accountId;
  }

  /**
   * Reads an account's state.
   *
   * @param accountId the account
   * @return the stored state, or {@link AccountState#initial(String)} if there is none
   * @throws StateStoreException if the store cannot be read
   */
  AccountState loadState(String accountId);

  /**
   * Replaces the account's state with {@code next}, only if the stored state still equals {@code
   * expected} (an account without a stored state has the {@linkplain AccountState#initial initial}
   * state): one atomic compare-and-set.
   *
   * @param expected the state the caller read and judged
   * @param next the state to store
   * @return {@code true} if stored; {@code false}, with nothing changed, if the stored state
   *     differs from {@code expected}
   * @throws IllegalArgumentException if the two states belong to different accounts
   * @throws StateStoreException if the store cannot be updated
   */
  boolean updateState(AccountState expected, AccountState next);

  /**
   * Runs {@code work}, letting the calls that the current thread makes on this store meanwhile
   * share what a round trip needs, such as one database connection: an attempt's read and its write
   * then cost one connection from the pool instead of two. A session is not a transaction: each
   * call still commits (or fails) on its own, with the atomicity its method promises. Sessions may
   * nest; the inner one joins the outer one.
   *
   * <p>The attempt pipeline of the verifiers and of {@code TwoFactorService} runs each attempt in a
   * session. The default runs {@code work} as it is, which is right for stores without connections;
   * a store that wraps another should delegate.
   *
   * @param <T> what {@code work} returns
   * @param work the calls to make
   * @return what {@code work} returns
   * @throws StateStoreException if the store fails; whatever {@code work} throws passes through
   */
  default <T> T session(Supplier<T> work) {
    return work.get();
  }

  /**
   * Clears the account's failure count (for example an administrator's unlock), keeping the last
   * used step and the drift; nothing happens to an account without stored state.
   *
   * @param accountId the account
   * @throws StateStoreException if the store cannot be read or updated
   */
  default void resetFailures(String accountId) {
    checkAccountId(accountId);
    for (int i = 0; i < 16; i++) {
      AccountState state = loadState(accountId);
      if (state.failures() == 0 && state.lastFailureAt() == null) {
        return;
      }
      if (updateState(state, state.withoutFailures())) {
        return;
      }
    }
    throw new StateStoreException("resetFailures lost 16 races in a row; try again");
  }

  /**
   * Replaces an account's state with a fresh one whose last used step is {@code lastUsedStep}, for
   * example when an HOTP token is enrolled at a counter ({@code counter - 1}).
   *
   * @param accountId the account
   * @param lastUsedStep the step or counter to treat as used, or {@link AccountState#NONE}
   * @throws IllegalArgumentException if {@code lastUsedStep} is below {@link AccountState#NONE}
   * @throws StateStoreException if the store cannot be updated
   */
  void resetState(String accountId, long lastUsedStep);

  /**
   * Removes the account's state.
   *
   * @param accountId the account
   * @throws StateStoreException if the store cannot be updated
   */
  void deleteState(String accountId);
}
