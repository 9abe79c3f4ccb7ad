package io.github.otpkit.totp.examples.portal;

import io.github.otpkit.totp.verify.AccountStateStore;
import io.github.otpkit.totp.verify.AttemptGate;
import io.github.otpkit.totp.verify.InMemoryAccountStateStore;
import io.github.otpkit.totp.verify.StateStoreException;
import io.github.otpkit.totp.verify.ThrottlePolicy;
import io.github.otpkit.totp.verify.VerificationResult;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Throttles password sign-ins per account with the library's {@link AttemptGate}: the same {@link
 * ThrottlePolicy} and the same compare-and-set on the failure state that guard codes (RFC 4226
 * section 7.3 asks it for codes; a password form is a guessing target just as well).
 *
 * <p>Every attempt is charged <em>before</em> the password is checked, so parallel guesses cannot
 * slip past the back-off; a right password resets the count. Accounts that exist are throttled in
 * the portal's database (ids {@code password:USER_ID}, next to the two-factor state, which uses
 * the bare user id), so the back-off survives a restart. Names without an account are throttled
 * the same way in memory (bounded), so that "Too many attempts" does not tell which usernames
 * exist; when that store is full, unknown names are no longer throttled (they protect no account).
 *
 * <p>Thread-safe.
 */
final class PasswordThrottle {
  private static final int MAX_UNKNOWN_NAMES = 10_000;

  private final AccountStateStore accounts;
  private final AttemptGate accountGate;
  private final AttemptGate unknownGate;

  PasswordThrottle(ThrottlePolicy policy, AccountStateStore accounts) {
    this.accounts = accounts;
    this.accountGate = AttemptGate.of(accounts, policy);
    this.unknownGate = AttemptGate.of(new InMemoryAccountStateStore(MAX_UNKNOWN_NAMES), policy);
  }

  /** The throttle key of an existing account. */
  static String accountKey(long userId) {
    return "password:" + userId;
  }

  /** The throttle key of a name that has no account. */
  static String unknownKey(String username) {
    return "password?" + username.toLowerCase(Locale.ROOT);
  }

  /**
   * Charges an attempt, or refuses it.
   *
   * @param key {@link #accountKey} or {@link #unknownKey}
   * @param known whether the account exists
   * @param now the time of the attempt
   * @return empty if the attempt may go ahead (it is charged), or the refusal to show
   * @throws StateStoreException if the database fails (the sign-in fails closed)
   */
  Optional<VerificationResult> charge(String key, boolean known, Instant now) {
    if (known) {
      return Optional.ofNullable(accountGate.admit(key, now).refusal());
    }
    try {
      return Optional.ofNullable(unknownGate.admit(key, now).refusal());
    } catch (StateStoreException e) {
      return Optional.empty();
    }
  }

  /** Clears an account's count after a right password. */
  void succeeded(String key) {
    accounts.resetFailures(key);
  }
}
