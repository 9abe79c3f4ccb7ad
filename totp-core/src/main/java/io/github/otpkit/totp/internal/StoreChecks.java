package io.github.otpkit.totp.internal;

import io.github.otpkit.totp.enrollment.EnrollmentStore;
import io.github.otpkit.totp.enrollment.RecoveryCodeHash;
import io.github.otpkit.totp.verify.AccountState;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** Argument checks shared by every store implementation, so that all behave the same. */
public final class StoreChecks {
  private StoreChecks() {}

  /**
   * Checks an account id.
   *
   * @param accountId the id
   * @return the id
   * @throws NullPointerException if it is {@code null}
   * @throws IllegalArgumentException if it is empty or longer than 255 characters
   */
  public static String accountId(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    if (accountId.isEmpty() || accountId.length() > EnrollmentStore.MAX_ACCOUNT_ID_LENGTH) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "accountId must be 1 to %d characters long but was %d",
              EnrollmentStore.MAX_ACCOUNT_ID_LENGTH,
              accountId.length()));
    }
    return accountId;
  }

  /**
   * Checks a step or counter to mark as used.
   *
   * @param name the parameter's name
   * @param step the step
   * @return the step
   * @throws IllegalArgumentException if it is negative
   */
  public static long step(String name, long step) {
    if (step < 0) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "%s must be 0 or more but was %d", name, step));
    }
    return step;
  }

  /**
   * Checks a last used step to reset to.
   *
   * @param lastUsedStep the step or {@link AccountState#NONE}
   * @return the step
   * @throws IllegalArgumentException if it is below {@link AccountState#NONE}
   */
  public static long lastUsedStep(long lastUsedStep) {
    if (lastUsedStep < AccountState.NONE) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "lastUsedStep must be -1 or more but was %d", lastUsedStep));
    }
    return lastUsedStep;
  }

  /**
   * Checks an expected failure count.
   *
   * @param expectedFailures the count
   * @return the count
   * @throws IllegalArgumentException if it is negative or cannot be incremented
   */
  public static int expectedFailures(int expectedFailures) {
    if (expectedFailures < 0 || expectedFailures == Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "expectedFailures must be 0 to %d but was %d",
              Integer.MAX_VALUE - 1,
              expectedFailures));
    }
    return expectedFailures;
  }

  /**
   * Checks a list of recovery codes to store.
   *
   * @param codes the codes
   * @return an unmodifiable copy
   * @throws IllegalArgumentException if there are too many or two share an id
   */
  public static List<RecoveryCodeHash> recoveryCodes(List<RecoveryCodeHash> codes) {
    List<RecoveryCodeHash> copy = List.copyOf(codes);
    if (copy.size() > EnrollmentStore.MAX_RECOVERY_CODES) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "at most %d recovery codes can be stored but %d were given",
              EnrollmentStore.MAX_RECOVERY_CODES,
              copy.size()));
    }
    Set<String> ids = new HashSet<>();
    for (RecoveryCodeHash code : copy) {
      if (!ids.add(code.id())) {
        throw new IllegalArgumentException("recovery code ids must be unique");
      }
    }
    return copy;
  }

  /**
   * Checks a limit for a listing.
   *
   * @param limit the limit
   * @return the limit
   * @throws IllegalArgumentException if it is below 1
   */
  public static int limit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "limit must be 1 or more but was %d", limit));
    }
    return limit;
  }
}
