package io.github.otpkit.totp.store;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.otpkit.totp.crypto.EncryptedSecret;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Stores everything two-factor authentication keeps per account: the verification state (as an
 * {@link AccountStateStore}), the active credential, a pending credential (first enrollment or
 * replacement of the authenticator) and the recovery codes as salted hashes. The service-provider
 * interface behind {@code TwoFactorService}; {@link InMemoryStore} and {@code
 * io.github.otpkit.totp.jdbc.JdbcStore} implement it.
 *
 * <h2>One read, one conditional write</h2>
 *
 * Every decision starts with one read ({@link #load}, or {@link #loadWithRecoveryCodes} for a
 * recovery code) and ends with one conditional write that applies the outcome only if the state is
 * still the one that was read: {@link #updateState} for a sign-in or a failed attempt, and for an
 * accepted proof one of {@link #spendRecoveryCode}, {@link #confirmPending}, {@link
 * #saveReplacement}, {@link #disable} or {@link #replaceRecoveryCodes}, each taking a {@link
 * StateUpdate}. A write that returns {@code false} changed nothing; the caller reads again and
 * decides again.
 *
 * <h2>Atomicity</h2>
 *
 * Every write is one conditional statement or one transaction, and no failure leaves half-written
 * state. {@link #confirmPending}, {@link #saveReplacement}, {@link #disable}, {@link
 * #replaceRecoveryCodes}, {@link #spendRecoveryCode} and {@link #importActive} change several parts
 * in one transaction.
 *
 * <h2>Accounts, secrets and time</h2>
 *
 * Account ids follow {@link AccountStateStore#checkAccountId}. Secrets arrive and leave encrypted
 * ({@link EncryptedSecret}); a store never sees a secret in clear, nor a recovery code. Stores have
 * no clock: callers pass the current instant. Instants are stored to the microsecond.
 *
 * <h2>Errors</h2>
 *
 * Every method throws {@link StateStoreException} when the storage cannot be read or written (fail
 * closed), {@link IllegalArgumentException} for an argument out of range, and {@link
 * NullPointerException} for {@code null} arguments. A stored ciphertext that is malformed raises
 * {@code SecretDecryptionException} on reading.
 *
 * <p>Implementations must be thread-safe, and safe across processes if several nodes share them.
 */
public interface EnrollmentStore extends AccountStateStore {
  /** The most recovery codes one account can hold: 100. */
  int MAX_RECOVERY_CODES = 100;

  /**
   * Checks recovery codes to store: at most {@value #MAX_RECOVERY_CODES}, with unique ids.
   *
   * @param codes the codes
   * @return an unmodifiable copy
   * @throws IllegalArgumentException if there are too many or two share an id
   */
  @CanIgnoreReturnValue
  static List<RecoveryCodeHash> checkRecoveryCodes(List<RecoveryCodeHash> codes) {
    List<RecoveryCodeHash> copy = List.copyOf(Objects.requireNonNull(codes, "codes"));
    if (copy.size() > MAX_RECOVERY_CODES) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "at most %d recovery codes can be stored but %d were given",
              MAX_RECOVERY_CODES,
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
   * Reads an account's credentials, verification state and number of unused recovery codes, in one
   * read: what a sign-in, a first code or a status needs.
   *
   * @param accountId the account
   * @return the snapshot (its {@link EnrollmentSnapshot#recoveryCodes()} empty), or {@link
   *     EnrollmentSnapshot#empty(String)} if nothing is stored
   * @throws StateStoreException if the store cannot be read
   */
  EnrollmentSnapshot load(String accountId);

  /**
   * Reads what {@link #load} reads plus the stored recovery codes, used ones included: what a
   * recovery-code attempt needs.
   *
   * @param accountId the account
   * @return the snapshot with its recovery codes
   * @throws StateStoreException if the store cannot be read
   */
  EnrollmentSnapshot loadWithRecoveryCodes(String accountId);

  /**
   * Stores a pending credential, replacing any previous pending one; the active credential, if any,
   * stays and keeps working. One statement.
   *
   * @param accountId the account
   * @param pending the pending credential
   * @throws StateStoreException if the store cannot be written
   */
  void savePending(String accountId, PendingCredential pending);

  /**
   * Stores a pending replacement of the active authenticator after a proof of the current factor:
   * in one transaction, applies {@code proof} (state compare-and-set, and spending its recovery
   * code if it names one) and stores {@code pending} in place of any previous pending credential;
   * or changes nothing.
   *
   * @param proof the accepted proof of the current factor
   * @param pending the replacement, {@link PendingCredential#replacement()} {@code true}
   * @return {@code true} if stored; {@code false}, with nothing changed, if the account has no
   *     active credential, the state changed, or the proof's recovery code was used meanwhile
   * @throws IllegalArgumentException if {@code pending} is not a replacement
   * @throws StateStoreException if the store cannot be written; nothing was changed
   */
  boolean saveReplacement(StateUpdate proof, PendingCredential pending);

  /**
   * Confirms the pending credential with the id {@code enrollmentId}, if it is still there, {@code
   * now} is before its expiry, and the account's state is still {@code proof.expected()}. In one
   * transaction: it becomes the active credential (replacing any previous one) with {@code
   * enabledSince = now}; the pending credential is removed; the state becomes {@code proof.next()};
   * and the recovery codes are replaced by {@code newRecoveryCodes}, unless that is {@code null}.
   *
   * @param enrollmentId the id of the pending credential whose first code the caller checked
   * @param now the current time
   * @param proof the compare-and-set of the account's state (its {@code recoveryCodeId} must be
   *     {@code null})
   * @param newRecoveryCodes the recovery codes to store instead of the current ones, or {@code
   *     null} to keep the current ones
   * @return {@code true} if confirmed; {@code false}, with nothing changed, if there is no such
   *     pending credential (never started, cancelled, confirmed already, replaced by a newer one),
   *     it expired, or the state changed
   * @throws IllegalArgumentException if the codes are too many or have duplicate ids, or the update
   *     spends a recovery code
   * @throws StateStoreException if the store cannot be written; nothing was changed
   */
  boolean confirmPending(
      String enrollmentId,
      Instant now,
      StateUpdate proof,
      @Nullable List<RecoveryCodeHash> newRecoveryCodes);

  /**
   * Spends a recovery code: in one transaction, marks {@code update.recoveryCodeId()} used at
   * {@code update.at()} if it is still unused, and sets the state to {@code update.next()} if it is
   * still {@code update.expected()}; or changes nothing.
   *
   * @param update the state change and the code to spend (not {@code null})
   * @return {@code true} if this call spent the code; {@code false} if the code was used already,
   *     no longer exists, or the state changed
   * @throws IllegalArgumentException if the update names no recovery code
   * @throws StateStoreException if the store cannot be written; nothing was changed
   */
  boolean spendRecoveryCode(StateUpdate update);

  /**
   * Replaces all recovery codes of an account that has an active credential, after a proof: in one
   * transaction, applies {@code proof} (state compare-and-set, and spending its recovery code if it
   * names one) and stores the new codes; or changes nothing.
   *
   * @param proof the accepted proof
   * @param newRecoveryCodes the new codes, at most {@value #MAX_RECOVERY_CODES}, unique ids
   * @return {@code true} if replaced, {@code false} with nothing changed if the account has no
   *     active credential, the state changed, or the proof's recovery code was used meanwhile
   * @throws IllegalArgumentException if there are too many codes or duplicate ids
   * @throws StateStoreException if the store cannot be written; nothing was changed
   */
  boolean replaceRecoveryCodes(StateUpdate proof, List<RecoveryCodeHash> newRecoveryCodes);

  /**
   * Removes everything about an account after a proof, in one transaction: active and pending
   * credentials, recovery codes and verification state; only if the state is still {@code
   * proof.expected()} and the proof's recovery code (if any) is still unused.
   *
   * @param proof the accepted proof
   * @return {@code true} if an active credential was removed; {@code false}, with nothing changed,
   *     if two-factor authentication was not on, the state changed, or the recovery code was used
   *     meanwhile
   * @throws StateStoreException if the store cannot be written; nothing was changed
   */
  boolean disable(StateUpdate proof);

  /**
   * Stores an existing authenticator as the active credential of an account that has none (an
   * import from another system), in one transaction: the credential, the state, and the recovery
   * codes (replacing any stored ones) unless {@code newRecoveryCodes} is {@code null}. A pending
   * credential is removed.
   *
   * @param accountId the account
   * @param credential the imported credential
   * @param state the verification state to start with
   * @param newRecoveryCodes recovery codes to store, or {@code null} to store none
   * @return {@code true} if imported; {@code false}, with nothing changed, if the account already
   *     has an active credential
   * @throws IllegalArgumentException if the state belongs to another account, or the codes are too
   *     many or have duplicate ids
   * @throws StateStoreException if the store cannot be written; nothing was changed
   */
  boolean importActive(
      String accountId,
      ActiveCredential credential,
      AccountState state,
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
   * Lists accounts whose active or pending secret is encrypted with a key other than {@code keyId},
   * in ascending order of account id (by the store's collation), for key rotation.
   *
   * @param keyId the current primary key id
   * @param afterAccountId list only accounts after this one, or {@code null} to start at the
   *     beginning
   * @param limit the most accounts to return, 1 or more
   * @return the account ids, unmodifiable
   * @throws IllegalArgumentException if {@code limit} is below 1
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
