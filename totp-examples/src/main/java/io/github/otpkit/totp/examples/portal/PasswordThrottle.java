package io.github.otpkit.totp.examples.portal;

import io.github.otpkit.totp.auth.ThrottlePolicy;
import io.github.otpkit.totp.auth.VerificationResult;
import io.github.otpkit.totp.store.AccountState;
import io.github.otpkit.totp.store.AccountStateStore;
import io.github.otpkit.totp.store.StateStoreException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Throttles password sign-ins per account under a {@link ThrottlePolicy} (RFC 4226 section 7.3 asks
 * it for codes; a password form is a guessing target just as well).
 *
 * <p>Every attempt is charged <em>before</em> the password is checked, so parallel guesses cannot
 * slip past the back-off; a right password resets the count.
 *
 * <ul>
 *   <li>Accounts that exist are judged by the library's {@link ThrottlePolicy#refusal} and charged
 *       with one compare-and-set of their {@link AccountState} in the portal's database (ids {@code
 *       password:USER_ID}, next to the two-factor state, which uses the bare user id), so the
 *       back-off survives a restart. A store failure is thrown on: the sign-in fails closed (an
 *       error page), it never goes ahead unthrottled.
 *   <li>Names without an account are throttled the same way, so that "Too many attempts" does not
 *       tell which usernames exist. On the embedded database, in a map of this class's own: the
 *       {@value #MAX_UNKNOWN_NAMES} most recently tried names, the least recently tried one
 *       forgotten beyond that. Forgetting is safe here (an unknown name protects no account and has
 *       no replay state), and it keeps every new name throttled however many names an attacker
 *       tries; a store that refuses new names when full would leave them unthrottled instead.
 *   <li>On a database that several nodes share, names without an account are charged in the store
 *       like accounts (ids {@code password?NAME}): a map per node would let an attacker spread
 *       attempts over the nodes, and an account that is throttled after 5 failures in total beside
 *       a name that is not would tell which usernames exist. The price: one small row per name ever
 *       tried, which a real portal would delete after a while.
 * </ul>
 *
 * <p>Thread-safe.
 */
final class PasswordThrottle {
  /** How many names without an account are remembered. */
  static final int MAX_UNKNOWN_NAMES = 10_000;

  /** How often a charge reads again after losing its compare-and-set to a parallel attempt. */
  private static final int MAX_TRIES = 16;

  private final ThrottlePolicy policy;
  private final AccountStateStore accounts;
  private final boolean unknownNamesInStore;
  private final Map<String, AccountState> unknownNames;

  PasswordThrottle(ThrottlePolicy policy, AccountStateStore accounts) {
    this(policy, accounts, false);
  }

  /**
   * A throttle whose unknown names are kept in the store too when {@code unknownNamesInStore} (a
   * database that several nodes share), in memory otherwise.
   */
  PasswordThrottle(ThrottlePolicy policy, AccountStateStore accounts, boolean unknownNamesInStore) {
    this(policy, accounts, MAX_UNKNOWN_NAMES, unknownNamesInStore);
  }

  PasswordThrottle(ThrottlePolicy policy, AccountStateStore accounts, int maxUnknownNames) {
    this(policy, accounts, maxUnknownNames, false);
  }

  private PasswordThrottle(
      ThrottlePolicy policy,
      AccountStateStore accounts,
      int maxUnknownNames,
      boolean unknownNamesInStore) {
    this.policy = policy;
    this.accounts = accounts;
    this.unknownNamesInStore = unknownNamesInStore;
    // Access order: a name's entry moves to the end whenever it is tried, so the eldest entry is
    // the least recently tried name.
    this.unknownNames =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, AccountState> eldest) {
            return size() > maxUnknownNames;
          }
        };
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
    if (known || unknownNamesInStore) {
      for (int i = 0; i < MAX_TRIES; i++) {
        AccountState state = accounts.loadState(key);
        Optional<VerificationResult> refusal = policy.refusal(state, now);
        if (refusal.isPresent() || accounts.updateState(state, state.charged(now))) {
          return refusal;
        }
      }
      // A flood of parallel attempts on one account: refuse rather than spin.
      return Optional.of(
          new VerificationResult.Throttled(now.plus(policy.baseDelay()), policy.baseDelay()));
    }
    synchronized (unknownNames) {
      AccountState state = unknownNames.getOrDefault(key, AccountState.initial(key));
      // Refused attempts are not charged, as for codes: hammering does not extend the wait.
      Optional<VerificationResult> refusal = policy.refusal(state, now);
      if (refusal.isEmpty()) {
        unknownNames.put(key, state.charged(now));
      }
      return refusal;
    }
  }

  /** Clears an account's count after a right password. */
  void succeeded(String key) {
    accounts.resetFailures(key);
  }

  /** How many names without an account are remembered now. */
  int unknownNamesRemembered() {
    synchronized (unknownNames) {
      return unknownNames.size();
    }
  }
}
