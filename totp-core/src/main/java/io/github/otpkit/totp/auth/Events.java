package io.github.otpkit.totp.auth;

import io.github.otpkit.totp.auth.VerificationResult.Proof;
import io.github.otpkit.totp.internal.LogSafe;
import io.github.otpkit.totp.store.AccountState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * The one place where security events are logged and handed to the listener, for the verifiers and
 * the service alike. Every line names the account through {@link LogSafe} and never contains a
 * code, a recovery code or a secret. A listener that throws is logged; the outcome stands.
 *
 * <p>Immutable and thread-safe.
 */
final class Events {
  private final Logger log;
  private final @Nullable TwoFactorListener listener;

  Events(Logger log, @Nullable TwoFactorListener listener) {
    this.log = log;
    this.listener = listener;
  }

  /** An attempt refused by the lock-out or the back-off, unchecked. */
  void refused(String accountId, VerificationResult refusal, int failures, Instant at) {
    if (refusal instanceof VerificationResult.Throttled throttled) {
      if (log.isInfoEnabled()) {
        log.info(
            "attempt refused for account {}: throttled until {} after {} consecutive failures",
            LogSafe.accountId(accountId),
            throttled.retryAfter(),
            failures);
      }
      emit(accountId, TwoFactorEvent.Type.THROTTLED, at, AccountState.NONE, failures);
    } else {
      if (log.isWarnEnabled()) {
        log.warn(
            "attempt refused for account {}: locked after {} consecutive failures",
            LogSafe.accountId(accountId),
            failures);
      }
      emit(accountId, TwoFactorEvent.Type.LOCKED, at, AccountState.NONE, failures);
    }
  }

  /** A checked attempt that failed and was charged: malformed, wrong, or already used. */
  void failed(
      String accountId,
      VerificationResult result,
      Proof proof,
      long step,
      int failures,
      Instant at) {
    String what = proof == Proof.CODE ? "code" : "recovery code";
    switch (result.kind()) {
      case ALREADY_USED -> {
        if (log.isWarnEnabled()) {
          if (proof == Proof.CODE) {
            log.warn(
                "replayed code for account {}: step {} was already used ({} consecutive failures)",
                LogSafe.accountId(accountId),
                step,
                failures);
          } else {
            log.warn(
                "spent recovery code for account {} ({} consecutive failures)",
                LogSafe.accountId(accountId),
                failures);
          }
        }
        emit(accountId, TwoFactorEvent.Type.REPLAYED, at, step, failures);
      }
      case MALFORMED -> {
        if (log.isInfoEnabled()) {
          log.info(
              "malformed {} for account {} ({} consecutive failures)",
              what,
              LogSafe.accountId(accountId),
              failures);
        }
        emit(accountId, TwoFactorEvent.Type.MALFORMED, at, AccountState.NONE, failures);
      }
      default -> {
        if (log.isInfoEnabled()) {
          log.info(
              "wrong {} for account {} ({} consecutive failures)",
              what,
              LogSafe.accountId(accountId),
              failures);
        }
        emit(accountId, TwoFactorEvent.Type.INVALID, at, AccountState.NONE, failures);
      }
    }
  }

  /** An accepted code or recovery code. */
  void accepted(String accountId, VerificationResult.Accepted result, boolean resync, Instant at) {
    if (result.proof() == Proof.RECOVERY_CODE) {
      if (log.isInfoEnabled()) {
        log.info("recovery code used for account {}", LogSafe.accountId(accountId));
      }
      emit(accountId, TwoFactorEvent.Type.RECOVERY_CODE_USED, at, AccountState.NONE, 0);
    } else if (resync) {
      if (log.isInfoEnabled()) {
        log.info(
            "HOTP counter of account {} resynchronised to {}",
            LogSafe.accountId(accountId),
            result.step());
      }
      emit(accountId, TwoFactorEvent.Type.RESYNCHRONIZED, at, result.step(), 0);
    } else {
      if (log.isDebugEnabled()) {
        log.debug(
            "code accepted for account {} at step {} (drift {} steps)",
            LogSafe.accountId(accountId),
            result.step(),
            result.driftSteps());
      }
      emit(accountId, TwoFactorEvent.Type.CODE_ACCEPTED, at, result.step(), 0);
    }
  }

  /** A change of the account's second factor or of a setup in progress. */
  void changed(String accountId, TwoFactorEvent.Type type, Instant at) {
    if (log.isInfoEnabled()) {
      log.info("{} for account {}", describe(type), LogSafe.accountId(accountId));
    }
    emit(accountId, type, at, AccountState.NONE, 0);
  }

  /** An error that makes an operation fail closed, such as a secret that does not decrypt. */
  void error(String accountId, String what) {
    log.error("{} for account {}; refusing", what, LogSafe.accountId(accountId));
  }

  /** The summary of a key rotation run; it names no account. */
  void rotated(String keyId, int reencrypted, int skipped, int failed, boolean complete) {
    if (log.isInfoEnabled()) {
      log.info(
          "key rotation to key id {}: {} secrets re-encrypted, {} changed meanwhile, {} accounts"
              + " failed, {}",
          LogSafe.accountId(keyId),
          reencrypted,
          skipped,
          failed,
          complete ? "complete" : "NOT complete: secrets remain under other keys");
    }
  }

  private static String describe(TwoFactorEvent.Type type) {
    return switch (type) {
      case ENROLLMENT_STARTED -> "two-factor enrollment started";
      case REPLACEMENT_STARTED -> "two-factor replacement started";
      case ENROLLMENT_CANCELLED -> "two-factor setup cancelled";
      case ENABLED -> "two-factor authentication enabled";
      case REPLACED -> "two-factor authentication moved to a new authenticator";
      case DISABLED -> "two-factor authentication disabled";
      case RECOVERY_CODES_REGENERATED -> "recovery codes regenerated";
      case IMPORTED -> "authenticator imported";
      default -> type.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    };
  }

  private void emit(
      String accountId, TwoFactorEvent.Type type, Instant at, long step, int failures) {
    TwoFactorListener l = listener;
    if (l == null) {
      return;
    }
    try {
      l.onEvent(new TwoFactorEvent(accountId, type, at, step, failures));
    } catch (RuntimeException e) {
      log.warn(
          "two-factor listener failed for account {}; the outcome stands",
          LogSafe.accountId(accountId),
          e);
    }
  }
}
