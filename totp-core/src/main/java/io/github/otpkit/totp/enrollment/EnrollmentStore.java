package io.github.otpkit.totp.enrollment;

import io.github.otpkit.totp.verify.AccountStateStore;
import io.github.otpkit.totp.verify.StateStoreException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Stores what the enrollment lifecycle needs per account, next to the verification state of an
 * {@link AccountStateStore}: the active credential, a pending credential (first enrollment or
 * replacement of the authenticator) and the recovery codes as salted hashes. The service-provider
 * interface behind the enrollment facade.
 *
 * <h2>Atomicity</h2>
 *
 * Every change is one conditional statement or one transaction, and no failure leaves half-written
 * state:
 *
 * <ul>
 *   <li>{@link #confirmPending}: one transaction that moves the pending credential to active
 *       (conditional on its enrollment id and expiry), sets the verification state to "last used
 *       step = the confirming step, no failures", and replaces the recovery codes;
 *   <li>{@link #consumeRecoveryCode}: one conditional statement ({@code UPDATE ... SET used_at = ?
 *       WHERE ... AND used_at IS NULL}), so a code is accepted once even when two nodes race;
 *   <li>{@link #disable}: one transaction that removes the active and pending credentials, the
 *       recovery codes and the verification state;
 *   <li>{@link #replaceRecoveryCodes}: one transaction, conditional on an active credential;
 *   <li>{@link #savePending}, {@link #replaceActiveSecret}, {@link #replacePendingSecret}: one
 *       statement each; {@link #deletePending} and {@link #deleteExpiredPending}: atomic, and a
 *       pending credential is removed only together with its enrollment id.
 * </ul>
 *
 * <p>{@link #accountStates()} returns the {@link AccountStateStore} that shares this store's
 * storage; the verifiers use it, and {@link #confirmPending} and {@link #disable} change it in the
 * same transaction as the enrollment data.
 *
 * <h2>Accounts, secrets and time</h2>
 *
 * Account ids are 1 to {@value #MAX_ACCOUNT_ID_LENGTH} characters; they are not secret. Secrets
 * arrive and leave encrypted ({@link EncryptedSecret}); a store never sees a secret in clear.
 * Stores have no clock: callers pass the current instant. Instants are stored to the microsecond.
 *
 * <h2>Errors</h2>
 *
 * Every method throws {@link StateStoreException} when the storage cannot be read or written (fail
 * closed), {@link IllegalArgumentException} for an account id out of range, and {@link
 * NullPointerException} for {@code null} arguments. A stored ciphertext that is malformed raises
 * {@link SecretDecryptionException} on reading.
 *
 * <p>Implementations must be thread-safe, and safe across processes if several nodes share them.
 */
public interface EnrollmentStore {
  /** The longest account id: 255 characters. */
  int MAX_ACCOUNT_ID_LENGTH = 255;

  /** The most recovery codes one account can hold: 100. */
  int MAX_RECOVERY_CODES = RecoveryCodeHasher.MAX_COUNT;

  /**
   * Returns the verification-state store that shares this store's storage, for the verifiers.
   *
   * @return the account-state store, the same instance at every call
   */
  AccountStateStore accountStates();

  /**
   * Reads everything stored about an account's enrollment.
   *
   * <p>The parts are read together but the snapshot may straddle a concurrent change; decisions
   * based on it are made safe by the conditional writes.
   *
   * @param accountId the account
   * @return the snapshot, {@link EnrollmentSnapshot#empty(String)} if nothing is stored
   * @throws StateStoreException if the store cannot be read
   */
  EnrollmentSnapshot load(String accountId);

  /**
   * Reads the active credential, the one that signs in; the hot path of sign-in.
   *
   * @param accountId the account
   * @return the active credential, or empty if two-factor authentication is off
   * @throws StateStoreException if the store cannot be read
   */
  Optional<ActiveCredential> findActive(String accountId);

  /**
   * Reads the pending credential.
   *
   * @param accountId the account
   * @return the pending credential (possibly expired), or empty
   * @throws StateStoreException if the store cannot be read
   */
  Optional<PendingCredential> findPending(String accountId);

  /**
   * Reads the stored recovery codes, used ones included.
   *
   * @param accountId the account
   * @return the codes, unmodifiable, possibly empty
   * @throws StateStoreException if the store cannot be read
   */
  List<RecoveryCodeHash> recoveryCodes(String accountId);

  /**
   * Stores a pending credential, replacing any previous pending one; the active credential, if
   * any, stays and keeps working. One statement.
   *
   * @param accountId the account
   * @param pending the pending credential
   * @throws StateStoreException if the store cannot be written
   */
  void savePending(String accountId, PendingCredential pending);

  /**
   * Confirms the pending credential with the id {@code enrollmentId}, if it is still there and
   * {@code now} is before its expiry. In one transaction: it becomes the active credential
   * (replacing any previous one) with {@code enabledSince = now}; the pending credential is
   * removed; the verification state becomes "last used step {@code confirmedStep}, drift {@code
   * driftSteps}, no failures", so that the confirming code cannot sign in; and the recovery codes
   * are replaced by {@code newRecoveryCodes}, unless that is {@code null}.
   *
   * @param accountId the account
   * @param enrollmentId the id of the pending credential whose first code the caller checked
   * @param now the current time
   * @param confirmedStep the time step of the confirming code, 0 or more
   * @param driftSteps the drift observed with the confirming code
   * @param newRecoveryCodes the recovery codes to store instead of the current ones, or {@code
   *     null} to keep the current ones (for example when an authenticator is replaced)
   * @return {@code true} if confirmed; {@code false}, with nothing changed, if there is no pending
   *     credential with that id (never started, cancelled, confirmed already, replaced by a newer
   *     one) or it expired
   * @throws IllegalArgumentException if {@code confirmedStep} is negative, or the codes are more
   *     than {@value #MAX_RECOVERY_CODES} or have duplicate ids
   * @throws StateStoreException if the store cannot be written; nothing was changed
   */
  boolean confirmPending(
      String accountId,
      String enrollmentId,
      Instant now,
      long confirmedStep,
      int driftSteps,
      @Nullable List<RecoveryCodeHash> newRecoveryCodes);

  /**
   * Removes the pending credential with the id {@code enrollmentId}, for example when the user
   * cancels; the active credential stays. Atomic.
   *
   * @param accountId the account
   * @param enrollmentId the id of the pending credential
   * @return {@code true} if it was removed, {@code false} if there was no such pending credential
   * @throws StateStoreException if the store cannot be written
   */
  boolean deletePending(String accountId, String enrollmentId);

  /**
   * Removes every pending credential that expired at or before {@code now}; housekeeping.
   *
   * @param now the current time
   * @return the number of pending credentials removed
   * @throws StateStoreException if the store cannot be written
   */
  int deleteExpiredPending(Instant now);

  /**
   * Replaces all recovery codes of an account that has an active credential, in one transaction.
   *
   * @param accountId the account
   * @param newRecoveryCodes the new codes, at most {@value #MAX_RECOVERY_CODES}, unique ids
   * @return {@code true} if replaced, {@code false} with nothing changed if the account has no
   *     active credential
   * @throws IllegalArgumentException if there are too many codes or duplicate ids
   * @throws StateStoreException if the store cannot be written; nothing was changed
   */
  boolean replaceRecoveryCodes(String accountId, List<RecoveryCodeHash> newRecoveryCodes);

  /**
   * Marks one recovery code as used, only if it is still unused: one conditional statement, so
   * that of any number of concurrent calls for the same code, on any number of nodes, exactly one
   * returns {@code true}.
   *
   * @param accountId the account
   * @param codeId the {@link RecoveryCodeHash#id()} of the code the caller matched
   * @param at the time of use
   * @return {@code true} if this call used the code; {@code false} if it was used already or no
   *     longer exists (regenerated, disabled)
   * @throws StateStoreException if the store cannot be written
   */
  boolean consumeRecoveryCode(String accountId, String codeId, Instant at);

  /**
   * Removes everything about an account in one transaction: active and pending credentials,
   * recovery codes and verification state (the rows of {@link #accountStates()}).
   *
   * @param accountId the account
   * @return {@code true} if an active credential was removed, {@code false} if two-factor
   *     authentication was not on (anything else stored was removed all the same)
   * @throws StateStoreException if the store cannot be written; nothing was changed
   */
  boolean disable(String accountId);

  /**
   * Lists accounts whose active or pending secret is encrypted with a key other than {@code
   * keyId}, in ascending order of account id (by the store's collation), for {@link KeyRotation}.
   *
   * @param keyId the current primary key id
   * @param afterAccountId list only accounts after this one, or {@code null} to start at the
   *     beginning
   * @param limit the most accounts to return, 1 or more
   * @return the account ids, unmodifiable
   * @throws StateStoreException if the store cannot be read
   */
  List<String> accountsWithSecretsNotUnder(
      String keyId, @Nullable String afterAccountId, int limit);

  /**
   * Replaces the active credential's encrypted secret, only if it is still {@code expected}: one
   * conditional statement, so that a rotation never overwrites a credential confirmed meanwhile.
   *
   * @param accountId the account
   * @param expected the encrypted secret the caller read
   * @param replacement the same secret encrypted anew
   * @return {@code true} if replaced, {@code false} if the stored secret is no longer {@code
   *     expected}
   * @throws StateStoreException if the store cannot be written
   */
  boolean replaceActiveSecret(
      String accountId, EncryptedSecret expected, EncryptedSecret replacement);

  /**
   * Replaces the pending credential's encrypted secret, only if it is still {@code expected}: one
   * conditional statement.
   *
   * @param accountId the account
   * @param expected the encrypted secret the caller read
   * @param replacement the same secret encrypted anew
   * @return {@code true} if replaced, {@code false} if the stored secret is no longer {@code
   *     expected}
   * @throws StateStoreException if the store cannot be written
   */
  boolean replacePendingSecret(
      String accountId, EncryptedSecret expected, EncryptedSecret replacement);
}
