package io.github.otpkit.totp.auth;

import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.auth.VerificationResult.Proof;
import io.github.otpkit.totp.internal.CodeSource;
import io.github.otpkit.totp.internal.HmacKeys;
import io.github.otpkit.totp.store.AccountState;
import io.github.otpkit.totp.store.AccountStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The one path every code and recovery code takes, in the verifiers and in every proof of the
 * service (sign-in, first code, new phone, new recovery codes, disable):
 *
 * <ol>
 *   <li><b>read</b> the account once: its state, and what the check needs (the credential);
 *   <li><b>preconditions</b> that cost nothing: two-factor authentication off, no setup, expired;
 *   <li><b>admit</b>: a locked or throttled account is refused without looking at the input, and
 *       without writing anything;
 *   <li><b>check</b>: the input, parsed once by the caller, is compared with every candidate;
 *   <li><b>record</b> the outcome with one conditional write: the acceptance (and what it allows),
 *       or one more failure; it applies only if the state is still the one that was read.
 * </ol>
 *
 * <p>The outcome is reported only after its write succeeded. A write that lost against a concurrent
 * attempt on the same account changes nothing: the attempt reads again and is judged again, so
 * every reported outcome was charged, parallel guesses cannot slip past the back-off, and of two
 * requests with one code exactly one is accepted. After {@value #MAX_TRIES} lost rounds (a flood of
 * parallel attempts on one account) the attempt is refused as throttled rather than spun.
 *
 * <p>Immutable and thread-safe.
 */
final class AttemptPipeline {
  /** How often an attempt reads again after losing its write to a concurrent one. */
  static final int MAX_TRIES = 16;

  private final ThrottlePolicy policy;
  private final Events events;
  private final AccountStateStore store;

  AttemptPipeline(ThrottlePolicy policy, Events events, AccountStateStore store) {
    this.policy = policy;
    this.events = events;
    this.store = store;
  }

  /** Prepares the key once for one check and wipes the copy of its bytes. */
  static CodeSource prepare(HmacKeys keys, OtpSecret secret, int digits) {
    byte[] key = secret.revealBytes();
    try {
      return keys.prepare(key, digits);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * Rejects secrets shorter than 16 bytes (RFC 4226 R6) unless legacy secrets are allowed.
   *
   * @throws IllegalArgumentException if the secret is too short
   */
  static void checkSecret(OtpSecret secret, boolean allowLegacyShortSecrets) {
    if (!allowLegacyShortSecrets && !secret.isStrong()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "secret must be at least %d bytes (128 bits, RFC 4226 R6) to verify codes but was %d"
                  + " bytes; call allowLegacyShortSecrets() on the builder to verify legacy imports",
              OtpSecret.MIN_BYTES,
              secret.length()));
    }
  }

  ThrottlePolicy policy() {
    return policy;
  }

  Events events() {
    return events;
  }

  /** What one kind of attempt reads, checks and writes; the pipeline runs the rest. */
  interface Attempt<S> {
    /** Reads what the attempt needs, in one read. */
    S read();

    /** The verification state in what was read. */
    AccountState state(S read);

    /** A result that ends the attempt before admission, uncharged and unlogged; or null. */
    default @Nullable VerificationResult precondition(S read) {
      return null;
    }

    /** What the user typed: a code or a recovery code. */
    Proof proof();

    /** Whether the lock-out applies (not to recovery codes, the way out of it). */
    default boolean honoursLockout() {
      return proof() == Proof.CODE;
    }

    /** Compares the (already parsed) input with every candidate. */
    Check check(S read, AccountState state);

    /** Writes an acceptance conditionally; false if the state changed since it was read. */
    boolean recordAcceptance(S read, AccountState state, Check match);

    /** The result of a recorded acceptance. */
    VerificationResult.Accepted accepted(S read, Check match);

    /** Writes one more failure conditionally; false if the state changed since it was read. */
    boolean recordFailure(AccountState expected, AccountState charged);

    /** Whether an acceptance is an HOTP resynchronisation (for the event). */
    default boolean isResync() {
      return false;
    }
  }

  /**
   * The outcome of a check: a match (step, drift and the recovery code it spends), or the failure
   * to report with the step it concerns.
   *
   * @param failure the failure, or {@code null} for a match
   * @param step the matched or already used step, or {@link AccountState#NONE}
   * @param drift the drift of a matched code in steps
   * @param recoveryCodeId the recovery code a match spends, or {@code null}
   */
  record Check(
      @Nullable VerificationResult failure, long step, int drift, @Nullable String recoveryCodeId) {
    static Check matched(long step, int drift) {
      return new Check(null, step, drift, null);
    }

    static Check recoveryCode(String codeId) {
      return new Check(null, AccountState.NONE, 0, codeId);
    }

    static Check failed(VerificationResult failure) {
      return new Check(failure, AccountState.NONE, 0, null);
    }

    static Check used(Proof proof, long step) {
      return new Check(new VerificationResult.AlreadyUsed(proof), step, 0, null);
    }

    boolean isMatch() {
      return failure == null;
    }
  }

  /**
   * Runs one attempt, in one {@linkplain AccountStateStore#session session} of the store: its read
   * and its write (and a read again after a lost write) share one connection.
   *
   * @param accountId the account, for events and logs
   * @param at the time of the attempt
   * @param attempt what to read, check and write
   * @return the outcome, reported after it was stored
   */
  <S> VerificationResult run(String accountId, Instant at, Attempt<S> attempt) {
    Outcome outcome = store.session(() -> runInSession(accountId, at, attempt));
    // Logged and handed to the listener after the session, so that a slow listener never holds
    // a connection of the store.
    outcome.report().run();
    return outcome.result();
  }

  /** A stored outcome and the events that report it. */
  private record Outcome(VerificationResult result, Runnable report) {}

  private <S> Outcome runInSession(String accountId, Instant at, Attempt<S> attempt) {
    AccountState state = AccountState.initial(accountId);
    for (int i = 0; i < MAX_TRIES; i++) {
      S read = attempt.read();
      VerificationResult early = attempt.precondition(read);
      if (early != null) {
        return new Outcome(early, () -> {});
      }
      state = attempt.state(read);
      VerificationResult refusal = policy.refusal(state, at, attempt.honoursLockout());
      if (refusal != null) {
        int failures = state.failures();
        return new Outcome(refusal, () -> events.refused(accountId, refusal, failures, at));
      }
      Check check = attempt.check(read, state);
      VerificationResult failure = check.failure();
      if (failure == null) {
        if (attempt.recordAcceptance(read, state, check)) {
          VerificationResult.Accepted accepted = attempt.accepted(read, check);
          boolean resync = attempt.isResync();
          return new Outcome(accepted, () -> events.accepted(accountId, accepted, resync, at));
        }
        continue;
      }
      AccountState charged = state.charged(at);
      if (attempt.recordFailure(state, charged)) {
        Proof proof = attempt.proof();
        return new Outcome(
            failure,
            () -> events.failed(accountId, failure, proof, check.step(), charged.failures(), at));
      }
    }
    // A flood of parallel attempts on one account: refuse rather than spin.
    Duration wait = policy.baseDelay();
    VerificationResult refusal = new VerificationResult.Throttled(at.plus(wait), wait);
    int failures = state.failures();
    return new Outcome(refusal, () -> events.refused(accountId, refusal, failures, at));
  }
}
