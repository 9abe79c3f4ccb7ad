package io.github.otpkit.totp.verify;

import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.internal.CodeSource;
import io.github.otpkit.totp.internal.HmacKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * What TOTP and HOTP verification share: the secret rule, throttling (charge before checking),
 * events and logging. Immutable and thread-safe.
 */
final class Attempts {
  /**
   * How often an attempt re-reads the state after losing the compare-and-set of its charge. Each
   * lost round means another attempt on the same account was charged meanwhile, so a bound this
   * size is only reached by a flood of parallel attempts, which is then refused as throttled.
   */
  static final int MAX_CHARGE_TRIES = 16;

  static final VerificationResult INVALID = new VerificationResult.Invalid();
  static final VerificationResult ALREADY_USED = new VerificationResult.AlreadyUsed();
  static final VerificationResult LOCKED = new VerificationResult.Locked();

  private final AccountStateStore store;
  private final ThrottlePolicy policy;
  private final @Nullable VerificationListener listener;
  private final Logger log;
  private final boolean allowLegacyShortSecrets;

  Attempts(
      AccountStateStore store,
      ThrottlePolicy policy,
      @Nullable VerificationListener listener,
      Logger log,
      boolean allowLegacyShortSecrets) {
    this.store = store;
    this.policy = policy;
    this.listener = listener;
    this.log = log;
    this.allowLegacyShortSecrets = allowLegacyShortSecrets;
  }

  AccountStateStore store() {
    return store;
  }

  ThrottlePolicy policy() {
    return policy;
  }

  /** The account's state before this attempt was charged, or the refusal of the attempt. */
  record Admission(AccountState state, @Nullable VerificationResult refusal) {}

  /** Rejects secrets shorter than 16 bytes unless the builder opted in for legacy imports. */
  void checkSecret(OtpSecret secret) {
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

  static void checkAccountId(String accountId) {
    if (accountId.isEmpty()) {
      throw new IllegalArgumentException("accountId must not be empty");
    }
  }

  /** Prepares the key once for this call and wipes the copy of its bytes. */
  static CodeSource prepare(HmacKeys keys, OtpSecret secret, int digits) {
    byte[] key = secret.revealBytes();
    try {
      return keys.prepare(key, digits);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * Charges one attempt against the account before its code is checked, unless the account is
   * locked or throttled. The charge is a compare-and-set on the failure count that was read and
   * judged; if another attempt was charged meanwhile, the state is read and judged again.
   */
  Admission admit(String accountId, Instant at) {
    AccountState state;
    int tries = 0;
    do {
      state = store.load(accountId);
      int failures = state.failures();
      if (policy.isLockedOut(failures)) {
        return new Admission(state, LOCKED);
      }
      Instant retryAt = policy.retryAt(failures, state.lastFailureAt());
      if (retryAt != null && at.isBefore(retryAt)) {
        return new Admission(
            state, new VerificationResult.Throttled(retryAt, Duration.between(at, retryAt)));
      }
      if (store.tryChargeAttempt(accountId, failures, at)) {
        return new Admission(state, null);
      }
    } while (++tries < MAX_CHARGE_TRIES);
    // A flood of parallel attempts on one account: refuse rather than spin.
    Duration wait = policy.baseDelay();
    return new Admission(state, new VerificationResult.Throttled(at.plus(wait), wait));
  }

  /** Reports a refusal from {@link #admit}. */
  VerificationResult refused(String accountId, Admission admission, Instant at) {
    VerificationResult refusal = admission.refusal();
    if (refusal == null) {
      throw new IllegalStateException("the attempt was admitted");
    }
    int failures = admission.state().failures();
    if (refusal instanceof VerificationResult.Throttled throttled) {
      if (log.isInfoEnabled()) {
        log.info(
            "code attempt refused for account {}: throttled until {} after {} consecutive failures",
            safe(accountId),
            throttled.retryAfter(),
            failures);
      }
    } else if (log.isWarnEnabled()) {
      log.warn(
          "code attempt refused for account {}: locked after {} consecutive failures",
          safe(accountId),
          failures);
    }
    notify(accountId, refusal.kind(), at, VerificationEvent.NO_STEP, failures, false);
    return refusal;
  }

  /** Reports an admitted attempt whose code was malformed, wrong or already used. */
  VerificationResult failed(
      String accountId, VerificationResult result, Admission admission, Instant at, long step) {
    int failures = admission.state().failures() + 1;
    switch (result.kind()) {
      case ALREADY_USED -> {
        if (log.isWarnEnabled()) {
          log.warn(
              "replayed code for account {}: step {} was already used ({} consecutive failures)",
              safe(accountId),
              step,
              failures);
        }
      }
      case MALFORMED -> {
        if (log.isInfoEnabled()) {
          log.info(
              "malformed code for account {} ({} consecutive failures)",
              safe(accountId),
              failures);
        }
      }
      default -> {
        if (log.isInfoEnabled()) {
          log.info(
              "wrong code for account {} ({} consecutive failures)", safe(accountId), failures);
        }
      }
    }
    notify(accountId, result.kind(), at, step, failures, false);
    return result;
  }

  /** Reports an accepted code. */
  VerificationResult accepted(
      String accountId, VerificationResult.Accepted result, Instant at, boolean resync) {
    if (resync) {
      if (log.isInfoEnabled()) {
        log.info(
            "HOTP counter of account {} resynchronised to {}", safe(accountId), result.step());
      }
    } else if (log.isDebugEnabled()) {
      log.debug(
          "code accepted for account {} at step {} (drift {} steps)",
          safe(accountId),
          result.step(),
          result.driftSteps());
    }
    notify(accountId, VerificationResult.Kind.ACCEPTED, at, result.step(), 0, resync);
    return result;
  }

  private void notify(
      String accountId,
      VerificationResult.Kind kind,
      Instant at,
      long step,
      int failures,
      boolean resync) {
    VerificationListener l = listener;
    if (l == null) {
      return;
    }
    try {
      l.onEvent(new VerificationEvent(accountId, kind, at, step, failures, resync));
    } catch (RuntimeException e) {
      log.warn(
          "verification listener failed for account {}; the result stands", safe(accountId), e);
    }
  }

  /**
   * The account id as it may appear in a log line: control characters are replaced, so that an
   * id cannot forge log lines.
   */
  static String safe(String accountId) {
    for (int i = 0; i < accountId.length(); i++) {
      char c = accountId.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        StringBuilder sb = new StringBuilder(accountId.length());
        for (int j = 0; j < accountId.length(); j++) {
          char d = accountId.charAt(j);
          sb.append(d < 0x20 || d == 0x7f ? '?' : d);
        }
        return sb.toString();
      }
    }
    return accountId;
  }
}
