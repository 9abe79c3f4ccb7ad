package io.github.otpkit.totp.examples.portal;

import io.github.otpkit.totp.auth.VerificationResult;
import io.github.otpkit.totp.examples.portal.PortalDatabase.UserRow;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a typed password, throttled per account: at sign-in (the user may not exist) and before a
 * change to two-factor authentication (the signed-in user types it again).
 *
 * <p>Unknown usernames cost the same PBKDF2 time as wrong passwords and are throttled the same way,
 * so neither the answer nor its timing tells which usernames exist.
 *
 * <p>Thread-safe.
 */
final class PasswordCheck {
  /** The outcome of a check. */
  sealed interface Outcome {}

  /** The password is right; the account's failure count was cleared. */
  record Right(UserRow user) implements Outcome {
    /** Leaves the password hash out. */
    @Override
    public String toString() {
      return "Right[" + user.id() + "]";
    }
  }

  /** Wrong password or unknown user. */
  record Wrong() implements Outcome {}

  /** Refused without checking: too many recent failures. */
  record Refused(VerificationResult refusal) implements Outcome {}

  private final PasswordHasher hasher;
  private final PasswordThrottle throttle;
  private final Pattern usernames;
  private final int maxPassword;

  PasswordCheck(
      PasswordHasher hasher, PasswordThrottle throttle, Pattern usernames, int maxPassword) {
    this.hasher = hasher;
    this.throttle = throttle;
    this.usernames = usernames;
    this.maxPassword = maxPassword;
  }

  /**
   * Checks a password.
   *
   * @param user the account, if the name exists
   * @param typedName the name as typed, for throttling names without an account
   * @param password the password as typed
   * @param now the time of the attempt
   * @return the outcome
   */
  Outcome check(Optional<UserRow> user, String typedName, String password, Instant now) {
    boolean plausible = usernames.matcher(typedName).matches() && password.length() <= maxPassword;
    String key =
        user.map(u -> PasswordThrottle.accountKey(u.id()))
            .orElse(PasswordThrottle.unknownKey(typedName));
    if (user.isPresent() || plausible) {
      Optional<VerificationResult> refusal = throttle.charge(key, user.isPresent(), now);
      if (refusal.isPresent()) {
        return new Refused(refusal.get());
      }
    }
    if (user.isEmpty() || password.length() > maxPassword) {
      hasher.spendEquivalentTime(password.length() <= maxPassword ? password : "x");
      return new Wrong();
    }
    if (!hasher.matches(password, user.get().passwordHash())) {
      return new Wrong();
    }
    throttle.succeeded(key);
    return new Right(user.get());
  }
}
