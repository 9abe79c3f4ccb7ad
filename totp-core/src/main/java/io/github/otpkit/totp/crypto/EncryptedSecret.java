package io.github.otpkit.totp.crypto;

import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.internal.Ids;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An account's secret encrypted by a {@link SecretCipher}, in a versioned, self-describing binary
 * format that can be stored as it is (a {@code BYTEA} column, or Base64 text).
 *
 * <h2>Format, version 1</h2>
 *
 * <pre>
 * offset  length  content
 * 0       1       format version, 1
 * 1       1       key id length L, 1 to 64
 * 2       L       key id, ASCII (A-Z a-z 0-9 . _ -)
 * 2+L     12      AES-GCM nonce, random
 * 14+L    n+16    AES-GCM ciphertext of the n secret bytes, followed by the 128-bit tag
 * </pre>
 *
 * <p>The first {@code 2+L} bytes (the header) and the UTF-8 bytes of the account id are the
 * associated data of the encryption, so the version, the key id and the account are all
 * authenticated: a ciphertext copied onto another account, or with its key id changed, fails to
 * decrypt.
 *
 * <p>Ciphertexts are not secret, but they are not meant for logs either: {@link #toString()} shows
 * only the version, the key id and the length. {@code equals} compares the bytes.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable and thread-safe.
 */
public final class EncryptedSecret {
  /** The format version that this class reads and {@link SecretCipher} writes. */
  public static final int FORMAT_VERSION = 1;

  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;
  private static final int MIN_BYTES = 2 + 1 + NONCE_BYTES + OtpSecret.LEGACY_MIN_BYTES + TAG_BYTES;
  private static final int MAX_BYTES =
      2 + EncryptionKey.MAX_ID_LENGTH + NONCE_BYTES + OtpSecret.MAX_BYTES + TAG_BYTES;

  private final byte[] bytes;
  private final String keyId;

  private EncryptedSecret(byte[] bytes, String keyId) {
    this.bytes = bytes;
    this.keyId = keyId;
  }

  /**
   * Reads an encrypted secret in the format above; the bytes are copied.
   *
   * <p>Only the structure is checked here; authenticity is checked by {@link
   * SecretCipher#decrypt(String, EncryptedSecret)}.
   *
   * @param bytes the stored form
   * @return the encrypted secret
   * @throws SecretDecryptionException if the version is not {@value #FORMAT_VERSION} or the
   *     structure is malformed
   */
  public static EncryptedSecret fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length > 0 && bytes[0] != FORMAT_VERSION) {
      throw new SecretDecryptionException(
          String.format(
              Locale.ROOT, "encrypted secret has unsupported format version %d", bytes[0] & 0xff));
    }
    if (bytes.length < MIN_BYTES || bytes.length > MAX_BYTES) {
      throw malformed();
    }
    int idLength = bytes[1] & 0xff;
    if (idLength < 1
        || idLength > EncryptionKey.MAX_ID_LENGTH
        || bytes.length < 2 + idLength + NONCE_BYTES + OtpSecret.LEGACY_MIN_BYTES + TAG_BYTES
        || bytes.length > 2 + idLength + NONCE_BYTES + OtpSecret.MAX_BYTES + TAG_BYTES) {
      throw malformed();
    }
    String id = new String(bytes, 2, idLength, StandardCharsets.US_ASCII);
    if (Ids.firstInvalidChar(id) >= 0) {
      throw malformed();
    }
    return new EncryptedSecret(bytes.clone(), id);
  }

  /**
   * Assembles a new encrypted secret; the arrays are not retained.
   *
   * @param header the version and key id
   * @param nonce the nonce
   * @param ciphertext the ciphertext with its tag
   * @param keyId the key id in the header
   * @return the encrypted secret
   */
  static EncryptedSecret assemble(byte[] header, byte[] nonce, byte[] ciphertext, String keyId) {
    byte[] out = new byte[header.length + nonce.length + ciphertext.length];
    System.arraycopy(header, 0, out, 0, header.length);
    System.arraycopy(nonce, 0, out, header.length, nonce.length);
    System.arraycopy(ciphertext, 0, out, header.length + nonce.length, ciphertext.length);
    return new EncryptedSecret(out, keyId);
  }

  /**
   * Builds the header for a key id.
   *
   * @param keyId a valid key id
   * @return the version byte, the length byte and the ASCII key id
   */
  static byte[] header(String keyId) {
    byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
    byte[] header = new byte[2 + id.length];
    header[0] = FORMAT_VERSION;
    header[1] = (byte) id.length;
    System.arraycopy(id, 0, header, 2, id.length);
    return header;
  }

  private static SecretDecryptionException malformed() {
    return new SecretDecryptionException("encrypted secret is malformed");
  }

  /**
   * Returns the id of the key that encrypted this secret.
   *
   * @return the key id
   */
  public String keyId() {
    return keyId;
  }

  /**
   * Returns the format version.
   *
   * @return {@value #FORMAT_VERSION}
   */
  public int formatVersion() {
    return bytes[0];
  }

  /**
   * Returns a copy of the stored form.
   *
   * @return a new array in the format above
   */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /**
   * Returns the length of the stored form in bytes.
   *
   * @return the length
   */
  public int length() {
    return bytes.length;
  }

  /**
   * Returns the length of the encrypted secret in bytes, without decrypting it (AES-GCM keeps the
   * length): for example to find accounts whose secret is shorter than 16 bytes.
   *
   * @return the secret's length in bytes
   */
  public int secretLength() {
    return bytes.length - headerLength() - NONCE_BYTES - TAG_BYTES;
  }

  int headerLength() {
    return 2 + (bytes[1] & 0xff);
  }

  byte[] headerBytes() {
    return Arrays.copyOfRange(bytes, 0, headerLength());
  }

  byte[] nonce() {
    int from = headerLength();
    return Arrays.copyOfRange(bytes, from, from + NONCE_BYTES);
  }

  byte[] ciphertext() {
    return Arrays.copyOfRange(bytes, headerLength() + NONCE_BYTES, bytes.length);
  }

  /**
   * Compares the stored forms.
   *
   * @param o the other object
   * @return {@code true} if {@code o} is an encrypted secret with the same bytes
   */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof EncryptedSecret other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /**
   * Describes the encrypted secret without its bytes.
   *
   * @return e.g. {@code EncryptedSecret[version 1, key id 2026-11, 56 bytes]}
   */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "EncryptedSecret[version %d, key id %s, %d bytes]",
        formatVersion(),
        keyId,
        bytes.length);
  }
}
