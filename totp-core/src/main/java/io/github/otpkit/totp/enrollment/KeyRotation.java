package io.github.otpkit.totp.enrollment;

import io.github.otpkit.totp.verify.StateStoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-encrypts every stored secret to the primary key of a {@link SecretCipher}: the second half of
 * a key rotation.
 *
 * <p>Rotation in three steps: (1) configure a new primary key and keep the old key as a decryption
 * key (new secrets use the new key at once); (2) run {@link #reencryptAll(EnrollmentStore,
 * SecretCipher)}, on one node, as often as you like; (3) when it reports nothing left under old
 * keys, remove the old key from the configuration.
 *
 * <p>Each secret is replaced with a compare-and-set on the old ciphertext ({@link
 * EnrollmentStore#replaceActiveSecret}, {@link EnrollmentStore#replacePendingSecret}), so that a
 * credential confirmed or replaced meanwhile is never overwritten. Sign-ins keep working during
 * the rotation. Accounts are visited once, in order of account id, so the run ends even if some
 * secrets cannot be decrypted; those are reported (by account id, never a secret) and left as they
 * are.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless and thread-safe; runs concurrent with sign-ins are safe.
 */
public final class KeyRotation {
  /** Accounts read per batch by {@link #reencryptAll(EnrollmentStore, SecretCipher)}: 100. */
  public static final int DEFAULT_BATCH_SIZE = 100;

  private static final Logger LOG = LoggerFactory.getLogger(KeyRotation.class);

  private KeyRotation() {}

  /**
   * What a rotation run did.
   *
   * @param reencrypted the number of secrets (active and pending) now under the primary key
   * @param skipped secrets changed by someone else during the run (already current, or a new
   *     credential); a later run picks up any that still need it
   * @param failedAccountIds accounts whose secrets could not be decrypted (unknown key id or
   *     tampered), unmodifiable
   */
  public record Result(int reencrypted, int skipped, List<String> failedAccountIds) {
    /**
     * Checks the counts and copies the list.
     *
     * @param reencrypted secrets re-encrypted
     * @param skipped secrets changed by someone else
     * @param failedAccountIds accounts that failed
     * @throws IllegalArgumentException if a count is negative
     */
    public Result {
      if (reencrypted < 0 || skipped < 0) {
        throw new IllegalArgumentException("counts must be 0 or more");
      }
      failedAccountIds = List.copyOf(failedAccountIds);
    }

    /**
     * Tells whether every visited secret is now under the primary key.
     *
     * @return {@code true} if no account failed
     */
    public boolean isComplete() {
      return failedAccountIds.isEmpty();
    }
  }

  /**
   * Re-encrypts every active and pending secret not under the primary key, in batches of
   * {@value #DEFAULT_BATCH_SIZE} accounts.
   *
   * @param store the store
   * @param cipher a cipher whose key ring holds the new primary key and the old keys
   * @return what was done
   * @throws StateStoreException if the store fails; what was re-encrypted so far stays
   */
  public static Result reencryptAll(EnrollmentStore store, SecretCipher cipher) {
    return reencryptAll(store, cipher, DEFAULT_BATCH_SIZE);
  }

  /**
   * Re-encrypts every active and pending secret not under the primary key.
   *
   * @param store the store
   * @param cipher a cipher whose key ring holds the new primary key and the old keys
   * @param batchSize accounts read per batch, 1 or more
   * @return what was done
   * @throws IllegalArgumentException if {@code batchSize} is below 1
   * @throws StateStoreException if the store fails; what was re-encrypted so far stays
   */
  public static Result reencryptAll(EnrollmentStore store, SecretCipher cipher, int batchSize) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(cipher, "cipher");
    if (batchSize < 1) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "batchSize must be 1 or more but was %d", batchSize));
    }
    String primary = cipher.primaryKeyId();
    int reencrypted = 0;
    int skipped = 0;
    List<String> failed = new ArrayList<>();
    @Nullable String after = null;
    while (true) {
      List<String> batch = store.accountsWithSecretsNotUnder(primary, after, batchSize);
      for (String accountId : batch) {
        try {
          int[] counts = reencryptAccount(store, cipher, accountId);
          reencrypted += counts[0];
          skipped += counts[1];
        } catch (SecretDecryptionException e) {
          LOG.warn(
              "key rotation: secret of account {} cannot be decrypted: {}",
              accountId,
              e.getMessage());
          failed.add(accountId);
        }
      }
      if (batch.size() < batchSize) {
        break;
      }
      after = batch.get(batch.size() - 1);
    }
    LOG.info(
        "key rotation to key id {}: {} secrets re-encrypted, {} skipped, {} accounts failed",
        primary,
        reencrypted,
        skipped,
        failed.size());
    return new Result(reencrypted, skipped, failed);
  }

  private static int[] reencryptAccount(
      EnrollmentStore store, SecretCipher cipher, String accountId) {
    int done = 0;
    int skipped = 0;
    EnrollmentSnapshot snapshot = store.load(accountId);
    ActiveCredential active = snapshot.active();
    if (active != null && !cipher.isCurrent(active.secret())) {
      EncryptedSecret fresh = cipher.reencrypt(accountId, active.secret());
      if (store.replaceActiveSecret(accountId, active.secret(), fresh)) {
        done++;
      } else {
        skipped++;
      }
    }
    PendingCredential pending = snapshot.pending();
    if (pending != null && !cipher.isCurrent(pending.secret())) {
      EncryptedSecret fresh = cipher.reencrypt(accountId, pending.secret());
      if (store.replacePendingSecret(accountId, pending.secret(), fresh)) {
        done++;
      } else {
        skipped++;
      }
    }
    return new int[] {done, skipped};
  }
}
