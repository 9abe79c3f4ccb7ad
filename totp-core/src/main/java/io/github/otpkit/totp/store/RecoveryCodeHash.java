package io.github.otpkit.totp.store;

import io.github.otpkit.totp.internal.Ids;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The stored form of one recovery code: an id, a random salt, the salted hash, and when it was
 * used. The code itself is never stored.
 *
 * <p>Made by {@code TwoFactorService} (an HMAC-SHA-256 over the salt, the account id and the code,
 * so that a row copied onto another account does not match there) and kept by an {@link
 * EnrollmentStore}. A code is used at most once: the store spends it with one conditional statement
 * ({@link EnrollmentStore#spendRecoveryCode}).
 *
 * <p>{@code equals} compares all fields; {@link #toString()} shows the id and whether the code was
 * used, never the salt or hash.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable and thread-safe; arrays are copied in and out.
 */
public final class RecoveryCodeHash {
  /** Length of the random salt: 16 bytes. */
  public static final int SALT_BYTES = 16;

  /** Length of the hash: 32 bytes (HMAC-SHA-256). */
  public static final int HASH_BYTES = 32;

  /** Longest id: 64 characters. */
  public static final int MAX_ID_LENGTH = 64;

  private final String id;
  private final byte[] salt;
  private final byte[] hash;
  private final @Nullable Instant usedAt;

  private RecoveryCodeHash(String id, byte[] salt, byte[] hash, @Nullable Instant usedAt) {
    this.id = id;
    this.salt = salt;
    this.hash = hash;
    this.usedAt = usedAt;
  }

  /**
   * Recreates a stored recovery code, e.g. from a database row; the arrays are copied.
   *
   * @param id the code's id: 1 to {@value #MAX_ID_LENGTH} characters of {@code A-Z a-z 0-9 . _ -}
   * @param salt {@value #SALT_BYTES} bytes
   * @param hash {@value #HASH_BYTES} bytes
   * @param usedAt when the code was used, or {@code null} if it is unused; stored to the
   *     microsecond
   * @return the stored form
   * @throws IllegalArgumentException if the id, the salt or the hash is invalid
   */
  public static RecoveryCodeHash of(String id, byte[] salt, byte[] hash, @Nullable Instant usedAt) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(hash, "hash");
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH || Ids.firstInvalidChar(id) >= 0) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "recovery code id must be 1 to %d characters of A-Z, a-z, 0-9, '.', '_' and '-'",
              MAX_ID_LENGTH));
    }
    if (salt.length != SALT_BYTES) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "recovery code salt must be %d bytes but was %d bytes",
              SALT_BYTES,
              salt.length));
    }
    if (hash.length != HASH_BYTES) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "recovery code hash must be %d bytes but was %d bytes",
              HASH_BYTES,
              hash.length));
    }
    return new RecoveryCodeHash(
        id,
        salt.clone(),
        hash.clone(),
        usedAt == null ? null : usedAt.truncatedTo(ChronoUnit.MICROS));
  }

  /**
   * Returns the id that identifies this code within its account.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Returns a copy of the salt.
   *
   * @return {@value #SALT_BYTES} bytes
   */
  public byte[] salt() {
    return salt.clone();
  }

  /**
   * Returns a copy of the hash.
   *
   * @return {@value #HASH_BYTES} bytes
   */
  public byte[] hash() {
    return hash.clone();
  }

  /**
   * Returns when the code was used.
   *
   * @return the time of use, or empty if the code is unused
   */
  public Optional<Instant> usedAt() {
    return Optional.ofNullable(usedAt);
  }

  /**
   * Tells whether the code was used.
   *
   * @return {@code true} if it was used
   */
  public boolean isUsed() {
    return usedAt != null;
  }

  /**
   * Returns a copy of this code marked as used, for stores.
   *
   * @param at the time of use
   * @return the used code
   */
  public RecoveryCodeHash markedUsed(Instant at) {
    Objects.requireNonNull(at, "at");
    return new RecoveryCodeHash(id, salt, hash, at.truncatedTo(ChronoUnit.MICROS));
  }

  /**
   * Compares all fields.
   *
   * @param o the other object
   * @return {@code true} if {@code o} is a stored code with the same id, salt, hash and use
   */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RecoveryCodeHash other
        && id.equals(other.id)
        && Arrays.equals(salt, other.salt)
        && Arrays.equals(hash, other.hash)
        && Objects.equals(usedAt, other.usedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, Arrays.hashCode(salt), Arrays.hashCode(hash), usedAt);
  }

  /**
   * Describes the code by id and use only.
   *
   * @return e.g. {@code RecoveryCodeHash[id 3f2a..., unused]}
   */
  @Override
  public String toString() {
    return "RecoveryCodeHash[id "
        + id
        + (usedAt == null ? ", unused]" : ", used at " + usedAt + "]");
  }
}
