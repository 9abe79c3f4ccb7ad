package io.github.otpkit.totp.store;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything a decision about one account needs, read at once by {@link EnrollmentStore#load}: the
 * active credential, a pending one, the verification state and the number of unused recovery codes;
 * and, from {@link EnrollmentStore#loadWithRecoveryCodes}, the stored recovery codes.
 *
 * @param accountId the account
 * @param active the authenticator the account signs in with, or {@code null} if two-factor
 *     authentication is off
 * @param pending an authenticator awaiting its first code, or {@code null}; it may have expired
 * @param state the account's verification state ({@link AccountState#initial} if none is stored)
 * @param unusedRecoveryCodes how many stored recovery codes are still unused
 * @param recoveryCodes the stored recovery codes, used ones included, if they were read ({@link
 *     EnrollmentStore#loadWithRecoveryCodes}); otherwise empty. Unmodifiable.
 */
public record EnrollmentSnapshot(
    String accountId,
    @Nullable ActiveCredential active,
    @Nullable PendingCredential pending,
    AccountState state,
    int unusedRecoveryCodes,
    List<RecoveryCodeHash> recoveryCodes) {

  /**
   * Validates the snapshot and copies the list.
   *
   * @param accountId the account
   * @param active the active credential, or {@code null}
   * @param pending the pending credential, or {@code null}
   * @param state the verification state of the same account
   * @param unusedRecoveryCodes the number of unused recovery codes, 0 or more
   * @param recoveryCodes the stored recovery codes, or an empty list if they were not read
   * @throws IllegalArgumentException if the state belongs to another account, the count is
   *     negative, or the codes were read and their unused count differs from {@code
   *     unusedRecoveryCodes}
   */
  public EnrollmentSnapshot {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(state, "state");
    recoveryCodes = List.copyOf(Objects.requireNonNull(recoveryCodes, "recoveryCodes"));
    if (!state.accountId().equals(accountId)) {
      throw new IllegalArgumentException("state must belong to the snapshot's account");
    }
    if (unusedRecoveryCodes < 0) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "unusedRecoveryCodes must be 0 or more but was %d",
              unusedRecoveryCodes));
    }
    if (!recoveryCodes.isEmpty() && unused(recoveryCodes) != unusedRecoveryCodes) {
      throw new IllegalArgumentException(
          "unusedRecoveryCodes must equal the number of unused codes in recoveryCodes");
    }
  }

  /**
   * Returns a snapshot of an account that has nothing stored.
   *
   * @param accountId the account
   * @return an empty snapshot
   */
  public static EnrollmentSnapshot empty(String accountId) {
    return new EnrollmentSnapshot(
        accountId, null, null, AccountState.initial(accountId), 0, List.of());
  }

  /**
   * Returns a snapshot whose unused count is computed from the given codes.
   *
   * @param accountId the account
   * @param active the active credential, or {@code null}
   * @param pending the pending credential, or {@code null}
   * @param state the verification state
   * @param recoveryCodes all stored recovery codes of the account
   * @return the snapshot
   */
  public static EnrollmentSnapshot withRecoveryCodes(
      String accountId,
      @Nullable ActiveCredential active,
      @Nullable PendingCredential pending,
      AccountState state,
      List<RecoveryCodeHash> recoveryCodes) {
    return new EnrollmentSnapshot(
        accountId, active, pending, state, unused(recoveryCodes), recoveryCodes);
  }

  /**
   * Tells whether two-factor authentication is on.
   *
   * @return {@code true} if there is an active credential
   */
  public boolean isEnabled() {
    return active != null;
  }

  /**
   * Returns the active credential.
   *
   * @return the active credential, or empty if two-factor authentication is off
   */
  public Optional<ActiveCredential> activeCredential() {
    return Optional.ofNullable(active);
  }

  /**
   * Returns the pending credential.
   *
   * @return the pending credential (possibly expired), or empty
   */
  public Optional<PendingCredential> pendingCredential() {
    return Optional.ofNullable(pending);
  }

  private static int unused(List<RecoveryCodeHash> codes) {
    int n = 0;
    for (RecoveryCodeHash code : codes) {
      if (!code.isUsed()) {
        n++;
      }
    }
    return n;
  }
}
