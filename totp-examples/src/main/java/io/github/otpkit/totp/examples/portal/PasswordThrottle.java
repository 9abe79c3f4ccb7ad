package io.github.otpkit.totp.examples.portal;

import io.github.otpkit.totp.verify.AccountState;
import io.github.otpkit.totp.verify.AccountStateStore;
import io.github.otpkit.totp.verify.InMemoryAccountStateStore;
import io.github.otpkit.totp.verify.StateStoreException;
import io.github.otpkit.totp.verify.ThrottlePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Throttles password sign-ins per account, the way the library's verifiers throttle codes: the
 * same {@link ThrottlePolicy} and the same compare-and-set on the failure count in an {@link
 * AccountStateStore} (RFC 4226 section 7.3 asks it for codes; a password form is a guessing target
 * just as well).
 *
 * <p>Every attempt is charged <em>before</em> the password is checked, so parallel guesses cannot
 * slip past the back-off; a right password resets the count. Accounts that exist are throttled in
 * the portal's database (ids {@code password:USER_ID}, next to the two-factor state), so the
 * back-off survives a restart. Names that do not exist are throttled the same way in memory
 * (bounded), so that "Too many attempts" does not tell which usernames exist; when that store is
 * full, unknown names are no longer throttled (they protect no account).
 *
 * <p>Thread-safe.
 */
final class PasswordThrottle {
  private static final int MAX_UNKNOWN_NAMES = 10_000;
  private static final int MAX_RACES = 8;

  private final ThrottlePolicy policy;
  private final AccountStateStore accounts;
  private final AccountStateStore unknownNames = new InMemoryAccountStateStore(MAX_UNKNOWN_NAMES);

  PasswordThrottle(ThrottlePolicy policy, AccountStateStore accounts) {
    this.policy = policy;
    this.accounts = accounts;
  }

  /** The key of an existing account. */
  static String accountKey(long userId) {
    return "password:" + userId;
  }

  /** The key of a name that has no account. */
  static String unknownKey(String username) {
    return "password?" + username.toLowerCase(Locale.ROOT);
  }

  /**
   * Charges an attempt, or refuses it.
   *
   * @param key {@link #accountKey} or {@link #unknownKey}
   * @param known whether the account exists
   * @param now the time of the attempt
   * @return empty if the attempt may go ahead (it is charged), or how long to wait
   */
  Optional<Duration> charge(String key, boolean known, Instant now) {
    AccountStateStore store = known ? accounts : unknownNames;
    try {
      for (int i = 0; i < MAX_RACES; i++) {
        AccountState state = store.load(key);
        Instant lastFailure = state.lastFailureAt();
        if (state.failures() >= policy.freeFailures() && lastFailure != null) {
          Instant allowedAt = lastFailure.plus(policy.delayAfter(state.failures()));
          if (now.isBefore(allowedAt)) {
            return Optional.of(Duration.between(now, allowedAt));
          }
        }
        if (store.tryChargeAttempt(key, state.failures(), now)) {
          return Optional.empty();
        }
      }
      // Lost every race: many attempts at once on one account. Refuse this one.
      return Optional.of(Duration.ofSeconds(1));
    } catch (StateStoreException e) {
      if (!known) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Resets an account's count after a right password. */
  void succeeded(String key) {
    accounts.resetFailures(key);
  }

  /** Says how long to wait, in whole seconds rounded up, at least 1. */
  static String message(Duration wait) {
    long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
    seconds = Math.max(1, seconds);
    return String.format(
        Locale.ROOT,
        "Too many attempts. Try again in %d %s.",
        seconds,
        seconds == 1 ? "second" : "seconds");
  }
}
