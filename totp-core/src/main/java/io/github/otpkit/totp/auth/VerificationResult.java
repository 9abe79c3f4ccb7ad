package io.github.otpkit.totp.auth;

import io.github.otpkit.totp.store.AccountState;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of every method that takes a code or a recovery code: {@link Accepted}, or a refusal
 * with its reason. One vocabulary for the verifiers and for {@link TwoFactorService}.
 *
 * <p>Never a bare boolean and never an exception for what a user typed or for the account's state:
 * a portal shows a different message for a mistyped code, a replayed code, a throttled account and
 * an account whose two-factor authentication was switched off in another tab. Each result has a
 * short {@link #message()} for the end user, in English, with numbers formatted in {@link
 * Locale#ROOT}; and a {@link #kind()} to {@code switch} over on Java 17:
 *
 * <pre>{@code
 * String page = switch (result.kind()) {
 *   case ACCEPTED -> "welcome";
 *   case NOT_ENABLED -> "welcome";   // 2FA is off for this account: the password was enough
 *   default -> "error: " + result.message();
 * };
 * }</pre>
 *
 * <p>Results never contain a code, a recovery code or a secret, only new recovery codes that an
 * operation issued ({@link Accepted#newRecoveryCodes()}), redacted in {@code toString()}. All
 * implementations are immutable records.
 */
public sealed interface VerificationResult {

  /** The kinds of results, one per record. */
  enum Kind {
    /** The code or recovery code was correct and is now used up: {@link Accepted}. */
    ACCEPTED,
    /** The input does not have the shape of a code or recovery code: {@link Malformed}. */
    MALFORMED,
    /** The code or recovery code is wrong: {@link Invalid}. */
    INVALID,
    /** The code's step or counter, or the recovery code, was already used: {@link AlreadyUsed}. */
    ALREADY_USED,
    /** Too many recent failures; the input was not checked: {@link Throttled}. */
    THROTTLED,
    /** Too many consecutive failures; codes were not checked: {@link Locked}. */
    LOCKED,
    /** Two-factor authentication is not on for the account: {@link NotEnabled}. */
    NOT_ENABLED,
    /** No new authenticator is being set up: {@link NoEnrollment}. */
    NO_ENROLLMENT,
    /** The setup of a new authenticator expired: {@link Expired}. */
    EXPIRED
  }

  /** What the user typed as proof. */
  enum Proof {
    /** A code from the authenticator app (or an HOTP token). */
    CODE,
    /** A single-use recovery code. */
    RECOVERY_CODE
  }

  /**
   * Returns the kind of this result, for a {@code switch}.
   *
   * @return the kind
   */
  Kind kind();

  /**
   * Returns a short message for the end user, e.g. {@code This code was already used. Wait for the
   * next one.}
   *
   * @return the message, in English, without any code
   */
  String message();

  /**
   * Tells whether the code or recovery code was accepted.
   *
   * @return {@code true} only for {@link Accepted}
   */
  default boolean isAccepted() {
    return kind() == Kind.ACCEPTED;
  }

  /**
   * The code or recovery code was correct and has now been used up, and what it allowed was done.
   *
   * @param proof what was accepted
   * @param step for a code, the matched TOTP time step or HOTP counter, now the account's last used
   *     one; for a recovery code, {@link AccountState#NONE}
   * @param driftSteps for a TOTP code, the matched step minus the step of the verification time
   *     (negative when the device is behind); for HOTP, the matched counter minus the expected one;
   *     0 for a recovery code
   * @param recoveryCodes recovery codes that the operation issued, to show once, or {@code null}
   * @param message a short sentence for the end user
   */
  record Accepted(
      Proof proof, long step, int driftSteps, @Nullable RecoveryCodes recoveryCodes, String message)
      implements VerificationResult {
    /** The message of a code accepted at sign-in. */
    static final String CODE_ACCEPTED = "Code accepted.";

    /**
     * Validates the result.
     *
     * @param proof what was accepted
     * @param step the matched step or counter, or {@link AccountState#NONE} for a recovery code
     * @param driftSteps the drift in steps
     * @param recoveryCodes new recovery codes, or {@code null}
     * @param message a short sentence for the end user
     * @throws IllegalArgumentException if a code's step is negative, or a recovery code has a step
     */
    public Accepted {
      Objects.requireNonNull(proof, "proof");
      Objects.requireNonNull(message, "message");
      if (proof == Proof.CODE && step < 0) {
        throw new IllegalArgumentException("step must be 0 or more but was " + step);
      }
      if (proof == Proof.RECOVERY_CODE && step != AccountState.NONE) {
        throw new IllegalArgumentException("a recovery code has no step but was " + step);
      }
    }

    /**
     * A code accepted at {@code step}, with the message {@code Code accepted.}
     *
     * @param step the matched step or counter
     * @param driftSteps the drift in steps
     * @return the result
     */
    public static Accepted code(long step, int driftSteps) {
      return new Accepted(Proof.CODE, step, driftSteps, null, CODE_ACCEPTED);
    }

    /**
     * Returns the recovery codes the operation issued: on the first activation and on regeneration.
     *
     * @return the codes to show once, or empty
     */
    public Optional<RecoveryCodes> newRecoveryCodes() {
      return Optional.ofNullable(recoveryCodes);
    }

    /** Returns the same result with another message and new recovery codes. */
    Accepted with(@Nullable RecoveryCodes codes, String newMessage) {
      return new Accepted(proof, step, driftSteps, codes, newMessage);
    }

    @Override
    public Kind kind() {
      return Kind.ACCEPTED;
    }
  }

  /**
   * The input does not have the shape of a code or recovery code (for a code: after removing ASCII
   * spaces, not exactly {@code expectedLength} ASCII digits). It was never compared; it counts as
   * an attempt for throttling.
   *
   * @param proof what was expected
   * @param expectedLength for a code, its digits (6 to 8); for a recovery code, {@value
   *     RecoveryCodes#CODE_LENGTH}
   */
  record Malformed(Proof proof, int expectedLength) implements VerificationResult {
    /**
     * Validates the result.
     *
     * @param proof what was expected
     * @param expectedLength the expected length
     * @throws IllegalArgumentException if the length does not fit the proof
     */
    public Malformed {
      Objects.requireNonNull(proof, "proof");
      boolean valid =
          proof == Proof.CODE
              ? expectedLength >= 6 && expectedLength <= 8
              : expectedLength == RecoveryCodes.CODE_LENGTH;
      if (!valid) {
        throw new IllegalArgumentException(
            proof == Proof.CODE
                ? String.format(
                    Locale.ROOT,
                    "expectedLength must be 6 to 8 for a code but was %d",
                    expectedLength)
                : String.format(
                    Locale.ROOT,
                    "expectedLength must be %d for a recovery code but was %d",
                    RecoveryCodes.CODE_LENGTH,
                    expectedLength));
      }
    }

    /**
     * A malformed code.
     *
     * @param digits the code length, 6 to 8
     * @return the result
     */
    public static Malformed code(int digits) {
      return new Malformed(Proof.CODE, digits);
    }

    /**
     * A malformed recovery code.
     *
     * @return the result
     */
    public static Malformed recoveryCode() {
      return new Malformed(Proof.RECOVERY_CODE, RecoveryCodes.CODE_LENGTH);
    }

    @Override
    public Kind kind() {
      return Kind.MALFORMED;
    }

    @Override
    public String message() {
      return proof == Proof.CODE
          ? String.format(Locale.ROOT, "Enter the %d-digit code from your app.", expectedLength)
          : "Enter one of your recovery codes: 16 letters and digits, like XXXX-XXXX-XXXX-XXXX.";
    }
  }

  /**
   * The code matches no acceptable step or counter, or the recovery code matches none of the
   * account's codes.
   *
   * @param proof what was typed
   */
  record Invalid(Proof proof) implements VerificationResult {
    /**
     * Validates the result.
     *
     * @param proof what was typed
     */
    public Invalid {
      Objects.requireNonNull(proof, "proof");
    }

    @Override
    public Kind kind() {
      return Kind.INVALID;
    }

    @Override
    public String message() {
      return proof == Proof.CODE
          ? "This code is not correct. Check it and try again."
          : "This recovery code is not correct. Check it and try again.";
    }
  }

  /**
   * The code is correct for a step or counter that was already used (RFC 6238 section 5.2: a
   * replay, a double submission, or an older code after a newer one), or the recovery code was
   * already used.
   *
   * @param proof what was typed
   */
  record AlreadyUsed(Proof proof) implements VerificationResult {
    /**
     * Validates the result.
     *
     * @param proof what was typed
     */
    public AlreadyUsed {
      Objects.requireNonNull(proof, "proof");
    }

    @Override
    public Kind kind() {
      return Kind.ALREADY_USED;
    }

    @Override
    public String message() {
      return proof == Proof.CODE
          ? "This code was already used. Wait for the next one."
          : "This recovery code was already used. Each code works once.";
    }
  }

  /**
   * Too many recent failures: nothing is checked before {@code retryAfter}, not even a correct
   * code.
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
   * Too many consecutive failures: the account's codes are locked until the failures are cleared,
   * by a recovery code or by an administrator ({@code AccountStateStore.resetFailures}).
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

  /**
   * Two-factor authentication is not on for the account (never enabled, or switched off meanwhile,
   * for example in another tab). Nothing was checked or charged.
   */
  record NotEnabled() implements VerificationResult {
    @Override
    public Kind kind() {
      return Kind.NOT_ENABLED;
    }

    @Override
    public String message() {
      return "Two-factor authentication is not on for this account.";
    }
  }

  /**
   * No new authenticator is being set up (never started, cancelled, replaced by a newer setup, or
   * confirmed already). Nothing was checked or charged.
   */
  record NoEnrollment() implements VerificationResult {
    @Override
    public Kind kind() {
      return Kind.NO_ENROLLMENT;
    }

    @Override
    public String message() {
      return "No authenticator is being set up. Start again to get a new QR code.";
    }
  }

  /** The setup of a new authenticator expired before its first code. Nothing was checked. */
  record Expired() implements VerificationResult {
    @Override
    public Kind kind() {
      return Kind.EXPIRED;
    }

    @Override
    public String message() {
      return "The setup has expired. Start again to get a new QR code.";
    }
  }
}
