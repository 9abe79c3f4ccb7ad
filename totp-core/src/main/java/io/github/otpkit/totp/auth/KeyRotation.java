package io.github.otpkit.totp.auth;

import io.github.otpkit.totp.crypto.EncryptedSecret;
import io.github.otpkit.totp.crypto.SecretCipher;
import io.github.otpkit.totp.crypto.SecretDecryptionException;
import io.github.otpkit.totp.store.ActiveCredential;
import io.github.otpkit.totp.store.EnrollmentSnapshot;
import io.github.otpkit.totp.store.EnrollmentStore;
import io.github.otpkit.totp.store.PendingCredential;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Re-encrypts every stored secret to the primary key of a {@link SecretCipher}: the second half of
 * a key rotation, behind {@link TwoFactorService#reencryptSecrets()}.
 *
 * <p>Each secret is replaced with a compare-and-set on the old ciphertext, so that a credential
 * confirmed or replaced meanwhile is never overwritten. A pass visits the accounts once, in order
 * of account id; accounts whose secret changed meanwhile are visited again in another pass, as long
 * as passes make progress. Secrets that cannot be decrypted with any key are reported (by account
 * id, never a secret) and left as they are. The run is complete only if, at its end, the store
 * lists no secret under a key other than the primary one.
 */
final class KeyRotation {
  /** Passes over accounts that changed during the previous pass, at most. */
  static final int MAX_PASSES = 5;

  private KeyRotation() {}

  static TwoFactorService.KeyRotationResult run(
      EnrollmentStore store, SecretCipher cipher, int batchSize, Events events) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(cipher, "cipher");
    if (batchSize < 1) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "batchSize must be 1 or more but was %d", batchSize));
    }
    String primary = cipher.primaryKeyId();
    int reencrypted = 0;
    int skipped = 0;
    Set<String> failed = new LinkedHashSet<>();
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      int skippedThisPass = 0;
      @Nullable String after = null;
      while (true) {
        List<String> batch = store.accountsWithSecretsNotUnder(primary, after, batchSize);
        for (String accountId : batch) {
          if (failed.contains(accountId)) {
            continue;
          }
          try {
            int[] counts = reencryptAccount(store, cipher, accountId);
            reencrypted += counts[0];
            skippedThisPass += counts[1];
          } catch (SecretDecryptionException e) {
            events.error(accountId, "key rotation: the secret cannot be decrypted");
            failed.add(accountId);
          }
        }
        if (batch.size() < batchSize) {
          break;
        }
        after = batch.get(batch.size() - 1);
      }
      skipped += skippedThisPass;
      if (skippedThisPass == 0) {
        break;
      }
    }
    boolean complete = store.accountsWithSecretsNotUnder(primary, null, 1).isEmpty();
    events.rotated(primary, reencrypted, skipped, failed.size(), complete);
    return new TwoFactorService.KeyRotationResult(
        reencrypted, skipped, new ArrayList<>(failed), complete);
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
