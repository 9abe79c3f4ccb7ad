package io.github.otpkit.totp.crypto;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.otpkit.totp.InvalidSecretException;
import io.github.otpkit.totp.OtpSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.jspecify.annotations.Nullable;

/**
 * Encrypts account secrets at rest with AES-256-GCM and a key ring: one primary key that encrypts,
 * and older keys that still decrypt until every secret has been re-encrypted to the primary key.
 *
 * <p>Each encryption uses a fresh 12-byte nonce from {@link SecureRandom} and a 128-bit tag (NIST
 * SP 800-38D). The associated data is the header of the {@link EncryptedSecret} (format version and
 * key id) followed by the UTF-8 bytes of the account id, so a ciphertext moved to another account
 * or relabelled with another key id fails to decrypt. With random 96-bit nonces, one key should
 * encrypt fewer than 2^32 secrets (SP 800-38D section 8.3); rotate long before that.
 *
 * <pre>{@code
 * SecretCipher cipher = SecretCipher.builder()
 *     .primaryKey(EncryptionKey.fromEnvironment("2026-11", "OTPKIT_SECRET_KEY"))
 *     .decryptionKey(EncryptionKey.fromEnvironment("2025-01", "OTPKIT_OLD_SECRET_KEY"))
 *     .build();
 * EncryptedSecret stored = cipher.encrypt("alice", secret);
 * OtpSecret back = cipher.decrypt("alice", stored);
 * }</pre>
 *
 * <h2>Rotation</h2>
 *
 * Add a new primary key and keep the old one as a decryption key; new secrets are encrypted with
 * the new key at once. Re-encrypt the stored secrets with {@link #reencrypt(String,
 * EncryptedSecret)} (or {@code TwoFactorService.reencryptSecrets()} for every stored secret); when
 * no stored secret uses the old key id any more, remove the old key from the configuration.
 *
 * <h2>Security considerations</h2>
 *
 * Failures raise {@link SecretDecryptionException} with one of three fixed messages (malformed,
 * unknown key id, failed authentication) and nothing that helps an attacker. {@link #toString()}
 * shows key ids only.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable and thread-safe; every call uses its own {@link Cipher}. The {@link Builder} is mutable
 * and not thread-safe.
 */
public final class SecretCipher {
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private final EncryptionKey primary;
  private final Map<String, EncryptionKey> keys;
  private final SecureRandom random;

  private SecretCipher(
      EncryptionKey primary, Map<String, EncryptionKey> keys, SecureRandom random) {
    this.primary = primary;
    this.keys = keys;
    this.random = random;
  }

  /**
   * Creates a cipher with a single key, which encrypts and decrypts.
   *
   * @param primaryKey the key
   * @return the cipher
   */
  public static SecretCipher create(EncryptionKey primaryKey) {
    return builder().primaryKey(primaryKey).build();
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Encrypts an account's secret with the primary key.
   *
   * @param accountId the account the secret belongs to; bound to the ciphertext
   * @param secret the secret
   * @return the encrypted secret, different at every call (random nonce)
   */
  public EncryptedSecret encrypt(String accountId, OtpSecret secret) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(secret, "secret");
    byte[] header = EncryptedSecret.header(primary.id());
    byte[] nonce = new byte[EncryptedSecret.NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] plain = secret.revealBytes();
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(
          Cipher.ENCRYPT_MODE,
          primary.secretKey(),
          new GCMParameterSpec(EncryptedSecret.TAG_BYTES * 8, nonce));
      cipher.updateAAD(header);
      cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
      byte[] ciphertext = cipher.doFinal(plain);
      return EncryptedSecret.assemble(header, nonce, ciphertext, primary.id());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(TRANSFORMATION + " encryption is not available", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * Decrypts an account's secret with the key named by its key id.
   *
   * @param accountId the account the secret was encrypted for
   * @param encrypted the encrypted secret
   * @return the secret
   * @throws SecretDecryptionException if the key id is not in this cipher's key ring, or the
   *     ciphertext fails authentication (modified, encrypted for another account or with another
   *     key)
   */
  public OtpSecret decrypt(String accountId, EncryptedSecret encrypted) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(encrypted, "encrypted");
    EncryptionKey key = keys.get(encrypted.keyId());
    if (key == null) {
      throw new SecretDecryptionException(
          "encrypted secret uses key id "
              + encrypted.keyId()
              + ", which is not in the key ring of this cipher");
    }
    byte[] plain;
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(
          Cipher.DECRYPT_MODE,
          key.secretKey(),
          new GCMParameterSpec(EncryptedSecret.TAG_BYTES * 8, encrypted.nonce()));
      cipher.updateAAD(encrypted.headerBytes());
      cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
      plain = cipher.doFinal(encrypted.ciphertext());
    } catch (AEADBadTagException e) {
      // No cause: the provider's message is not needed and says nothing useful to an operator.
      throw new SecretDecryptionException(
          "encrypted secret failed authentication: it was modified, belongs to another account,"
              + " or was encrypted with another key under the same key id");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(TRANSFORMATION + " decryption is not available", e);
    }
    try {
      return OtpSecret.fromBytes(plain);
    } catch (InvalidSecretException e) {
      // Authenticated, so written by a cipher; a wrong length means a foreign writer.
      throw new SecretDecryptionException("encrypted secret is malformed");
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * Re-encrypts an account's secret with the primary key; the step of a key rotation.
   *
   * @param accountId the account the secret was encrypted for
   * @param encrypted the encrypted secret, under any key of the ring
   * @return the secret encrypted with the primary key (a new ciphertext even if it already used the
   *     primary key)
   * @throws SecretDecryptionException if the secret cannot be decrypted
   */
  public EncryptedSecret reencrypt(String accountId, EncryptedSecret encrypted) {
    return encrypt(accountId, decrypt(accountId, encrypted));
  }

  /**
   * Tells whether a secret is encrypted with the primary key, so that rotation can skip it.
   *
   * @param encrypted the encrypted secret
   * @return {@code true} if its key id is the primary key's id
   */
  public boolean isCurrent(EncryptedSecret encrypted) {
    Objects.requireNonNull(encrypted, "encrypted");
    return primary.id().equals(encrypted.keyId());
  }

  /**
   * Returns the id of the key that encrypts.
   *
   * @return the primary key id
   */
  public String primaryKeyId() {
    return primary.id();
  }

  /**
   * Returns the ids of all keys that decrypt, the primary key first.
   *
   * @return an unmodifiable set in insertion order
   */
  public Set<String> keyIds() {
    return Collections.unmodifiableSet(keys.keySet());
  }

  /**
   * Describes the key ring by key ids only.
   *
   * @return e.g. {@code SecretCipher[AES-256-GCM, primary key id 2026-11, key ids [2026-11,
   *     2025-01], redacted]}
   */
  @Override
  public String toString() {
    return "SecretCipher[AES-256-GCM, primary key id "
        + primary.id()
        + ", key ids "
        + keys.keySet()
        + ", redacted]";
  }

  /**
   * Builds a {@link SecretCipher}. Mutable and not thread-safe; the cipher it builds is immutable
   * and thread-safe.
   */
  public static final class Builder {
    private @Nullable EncryptionKey primary;
    private final Map<String, EncryptionKey> decryptionKeys = new LinkedHashMap<>();
    private @Nullable SecureRandom random;

    private Builder() {}

    /**
     * Sets the key that encrypts (and decrypts). Required.
     *
     * @param key the primary key
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder primaryKey(EncryptionKey key) {
      this.primary = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * Adds an older key that only decrypts, for secrets not yet re-encrypted to the primary key.
     *
     * @param key an older key
     * @return this builder
     * @throws IllegalArgumentException if a decryption key with the same id was already added
     */
    @CanIgnoreReturnValue
    public Builder decryptionKey(EncryptionKey key) {
      Objects.requireNonNull(key, "key");
      if (decryptionKeys.putIfAbsent(key.id(), key) != null) {
        throw new IllegalArgumentException("key id " + key.id() + " is given twice");
      }
      return this;
    }

    /**
     * Sets the source of nonces; a new {@link SecureRandom} by default.
     *
     * @param secureRandom the source of randomness
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder secureRandom(SecureRandom secureRandom) {
      this.random = Objects.requireNonNull(secureRandom, "secureRandom");
      return this;
    }

    /**
     * Builds the cipher.
     *
     * @return the cipher
     * @throws IllegalStateException if no primary key was set
     * @throws IllegalArgumentException if a decryption key has the primary key's id
     */
    public SecretCipher build() {
      EncryptionKey p = primary;
      if (p == null) {
        throw new IllegalStateException("a primary key is required");
      }
      if (decryptionKeys.containsKey(p.id())) {
        throw new IllegalArgumentException("key id " + p.id() + " is given twice");
      }
      Map<String, EncryptionKey> ring = new LinkedHashMap<>();
      ring.put(p.id(), p);
      ring.putAll(decryptionKeys);
      SecureRandom r = random;
      return new SecretCipher(
          p, Collections.unmodifiableMap(ring), r != null ? r : new SecureRandom());
    }
  }
}
