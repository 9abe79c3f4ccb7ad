package io.github.otpkit.totp.enrollment;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything an {@link EnrollmentStore} holds about one account's enrollment: the active
 * credential, a pending one, and the stored recovery codes.
 *
 * @param accountId the account
 * @param active the authenticator the account signs in with, or {@code null} if two-factor
 *     authentication is off
 * @param pending an authenticator awaiting its first code, or {@code null}; it may have expired
 * @param recoveryCodes the stored recovery codes, used ones included, unmodifiable
 */
public record EnrollmentSnapshot(
    String accountId,
    @Nullable ActiveCredential active,
    @Nullable PendingCredential pending,
    List<RecoveryCodeHash> recoveryCodes) {

  /**
   * Checks for {@code null} and copies the list.
   *
   * @param accountId the account
   * @param active the active credential, or {@code null}
   * @param pending the pending credential, or {@code null}
   * @param recoveryCodes the stored recovery codes
   */
  public EnrollmentSnapshot {
    Objects.requireNonNull(accountId, "accountId");
    recoveryCodes = List.copyOf(Objects.requireNonNull(recoveryCodes, "recoveryCodes"));
  }

  /**
   * Returns a snapshot of an account that has nothing stored.
   *
   * @param accountId the account
   * @return an empty snapshot
   */
  public static EnrollmentSnapshot empty(String accountId) {
    return new EnrollmentSnapshot(accountId, null, null, List.of());
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

  /**
   * Counts the recovery codes not used yet.
   *
   * @return the number of unused codes
   */
  public int unusedRecoveryCodes() {
    int n = 0;
    for (RecoveryCodeHash code : recoveryCodes) {
      if (!code.isUsed()) {
        n++;
      }
    }
    return n;
  }
}
