package io.github.otpkit.totp.verify;

import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.internal.CodeSource;
import io.github.otpkit.totp.internal.HmacKeys;
import io.github.otpkit.totp.internal.LogSafe;
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

  static final VerificationResult INVALID = new VerificationResult.Invalid();
  static final VerificationResult ALREADY_USED = new VerificationResult.AlreadyUsed();

  private final AccountStateStore store;
  private final ThrottlePolicy policy;
  private final @Nullable VerificationListener listener;
  private final Logger log;
  private final boolean allowLegacyShortSecrets;
  private final AttemptGate gate;

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
    this.gate = AttemptGate.of(store, policy);
  }

  AccountStateStore store() {
    return store;
  }

  ThrottlePolicy policy() {
    return policy;
  }

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
   * locked or throttled. The charge is a compare-and-set on the failure count and last failure
   * time that were read and judged; if the state changed meanwhile, it is read and judged again.
   */
  AttemptGate.Admission admit(String accountId, Instant at) {
    return gate.admit(accountId, at);
  }

  VerificationResult refused(String accountId, AttemptGate.Admission admission, Instant at) {
    VerificationResult refusal = admission.refusal();
    if (refusal == null) {
      throw new IllegalStateException("the attempt was admitted");
    }
    int failures = admission.state().failures();
    if (refusal instanceof VerificationResult.Throttled throttled) {
      if (log.isInfoEnabled()) {
        log.info(
            "code attempt refused for account {}: throttled until {} after {} consecutive failures",
            LogSafe.accountId(accountId),
            throttled.retryAfter(),
            failures);
      }
    } else if (log.isWarnEnabled()) {
      log.warn(
          "code attempt refused for account {}: locked after {} consecutive failures",
          LogSafe.accountId(accountId),
          failures);
    }
    notify(accountId, refusal.kind(), at, VerificationEvent.NO_STEP, failures, false);
    return refusal;
  }

  /** Reports an admitted attempt whose code was malformed, wrong or already used. */
  VerificationResult failed(
      String accountId, VerificationResult result, AttemptGate.Admission admission, Instant at, long step) {
    int failures = admission.state().failures() + 1;
    switch (result.kind()) {
      case ALREADY_USED -> {
        if (log.isWarnEnabled()) {
          log.warn(
              "replayed code for account {}: step {} was already used ({} consecutive failures)",
              LogSafe.accountId(accountId),
              step,
              failures);
        }
      }
      case MALFORMED -> {
        if (log.isInfoEnabled()) {
          log.info(
              "malformed code for account {} ({} consecutive failures)",
              LogSafe.accountId(accountId),
              failures);
        }
      }
      default -> {
        if (log.isInfoEnabled()) {
          log.info(
              "wrong code for account {} ({} consecutive failures)", LogSafe.accountId(accountId), failures);
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
            "HOTP counter of account {} resynchronised to {}", LogSafe.accountId(accountId), result.step());
      }
    } else if (log.isDebugEnabled()) {
      log.debug(
          "code accepted for account {} at step {} (drift {} steps)",
          LogSafe.accountId(accountId),
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
          "verification listener failed for account {}; the result stands",
          LogSafe.accountId(accountId),
          e);
    }
  }
}
