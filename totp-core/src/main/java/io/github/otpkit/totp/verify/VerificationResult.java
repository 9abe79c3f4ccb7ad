package io.github.otpkit.totp.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of a verification: {@link Accepted}, or a rejection with its reason.
 *
 * <p>Never a bare boolean: a portal shows a different message for a mistyped code, a replayed code
 * and a throttled account. Each result has a short {@link #message()} for the end user, in English,
 * with numbers formatted in {@link Locale#ROOT}; and a {@link #kind()} to {@code switch} over on
 * Java 17:
 *
 * <pre>{@code
 * String page = switch (result.kind()) {
 *   case ACCEPTED -> "welcome";
 *   case MALFORMED, INVALID, ALREADY_USED, THROTTLED, LOCKED -> "error: " + result.message();
 * };
 * }</pre>
 *
 * <p>Results never contain the code or the secret. All implementations are immutable records.
 */
public sealed interface VerificationResult {

  /** The kinds of results, one per record. */
  enum Kind {
    /** The code was correct and its step or counter had not been used: {@link Accepted}. */
    ACCEPTED,
    /** The input was not exactly the expected number of ASCII digits: {@link Malformed}. */
    MALFORMED,
    /** The code matched no acceptable step or counter: {@link Invalid}. */
    INVALID,
    /** The code was correct for a step or counter that was already used: {@link AlreadyUsed}. */
    ALREADY_USED,
    /** Too many recent failures; the code was not checked: {@link Throttled}. */
    THROTTLED,
    /** Too many consecutive failures; the code was not checked: {@link Locked}. */
    LOCKED
  }

  /**
   * Returns the kind of this result, for a {@code switch}.
   *
   * @return the kind
   */
  Kind kind();

  /**
   * Returns a short message for the end user, e.g. {@code This code was already used. Wait for
   * the next one.}
   *
   * @return the message, in English, without the code
   */
  String message();

  /**
   * Tells whether the code was accepted.
   *
   * @return {@code true} only for {@link Accepted}
   */
  default boolean isAccepted() {
    return kind() == Kind.ACCEPTED;
  }

  /**
   * The code was correct and has now been used up.
   *
   * @param step the matched TOTP time step or HOTP counter, now the account's last used one
   * @param driftSteps for TOTP, the matched step minus the step of the verification time (negative
   *     when the device is behind); for HOTP, the matched counter minus the expected one
   */
  record Accepted(long step, int driftSteps) implements VerificationResult {
    /**
     * Validates the result.
     *
     * @param step the matched step or counter, 0 or more
     * @param driftSteps the matched step minus the expected one
     * @throws IllegalArgumentException if the step is negative
     */
    public Accepted {
      if (step < 0) {
        throw new IllegalArgumentException("step must be 0 or more but was " + step);
      }
    }

    @Override
    public Kind kind() {
      return Kind.ACCEPTED;
    }

    @Override
    public String message() {
      return "Code accepted.";
    }
  }

  /**
   * The input is not a code: after removing ASCII spaces it is not exactly {@code expectedDigits}
   * ASCII digits. It was never compared; it counts as an attempt for throttling.
   *
   * @param expectedDigits the code length the verifier expects, 6 to 8
   */
  record Malformed(int expectedDigits) implements VerificationResult {
    /**
     * Validates the result.
     *
     * @param expectedDigits the code length the verifier expects, 6 to 8
     * @throws IllegalArgumentException if {@code expectedDigits} is not 6 to 8
     */
    public Malformed {
      if (expectedDigits < 6 || expectedDigits > 8) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT, "expectedDigits must be 6 to 8 but was %d", expectedDigits));
      }
    }

    @Override
    public Kind kind() {
      return Kind.MALFORMED;
    }

    @Override
    public String message() {
      return String.format(Locale.ROOT, "Enter the %d-digit code from your app.", expectedDigits);
    }
  }

  /** The code is wrong: it matches no acceptable step or counter. */
  record Invalid() implements VerificationResult {
    @Override
    public Kind kind() {
      return Kind.INVALID;
    }

    @Override
    public String message() {
      return "This code is not correct. Check it and try again.";
    }
  }

  /**
   * The code is correct for a step or counter that was already used (RFC 6238 section 5.2): a
   * replay, a double submission, or an older code after a newer one.
   */
  record AlreadyUsed() implements VerificationResult {
    @Override
    public Kind kind() {
      return Kind.ALREADY_USED;
    }

    @Override
    public String message() {
      return "This code was already used. Wait for the next one.";
    }
  }

  /**
   * Too many recent failures: no code is checked before {@code retryAfter}, not even a correct one.
   *
   * @param retryAfter the earliest time at which the next attempt is allowed
   * @param delay how long that was after the refused attempt, zero or more
   */
  record Throttled(Instant retryAfter, Duration delay) implements VerificationResult {
    /**
     * Validates the result.
     *
     * @param retryAfter the earliest time of the next allowed attempt
     * @param delay how long that was after the refused attempt, zero or more
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public Throttled {
      Objects.requireNonNull(retryAfter, "retryAfter");
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative but was " + delay);
      }
    }

    /**
     * Returns how long to wait from a given time.
     *
     * @param now the current time
     * @return the time from {@code now} to {@link #retryAfter()}, zero if that has passed
     */
    public Duration retryAfter(Instant now) {
      Objects.requireNonNull(now, "now");
      Duration left = Duration.between(now, retryAfter);
      return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * Returns {@link #delay()} in whole seconds, rounded up, at least 1: the number to show.
     *
     * @return seconds to wait, 1 or more
     */
    public long waitSeconds() {
      long seconds = delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
      return Math.max(1, seconds);
    }

    @Override
    public Kind kind() {
      return Kind.THROTTLED;
    }

    @Override
    public String message() {
      long seconds = waitSeconds();
      return String.format(
          Locale.ROOT,
          "Too many attempts: try again in %d %s.",
          seconds,
          seconds == 1 ? "second" : "seconds");
    }
  }

  /**
   * Too many consecutive failures: the account's codes are locked until the failures are reset
   * ({@link AccountStateStore#resetFailures}), for example after a recovery code.
   */
  record Locked() implements VerificationResult {
    @Override
    public Kind kind() {
      return Kind.LOCKED;
    }

    @Override
    public String message() {
      return "Too many attempts. Codes are locked for this account: use a recovery code.";
    }
  }
}
