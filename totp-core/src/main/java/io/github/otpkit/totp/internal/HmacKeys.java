package io.github.otpkit.totp.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Prepares HMAC keys (RFC 2104) for one hash function: once per generator, or once per verification
 * call for verifiers that receive the secret with every call.
 *
 * <p>The digest provider is looked up once, here; {@link #prepare(byte[])} then clones an unkeyed
 * prototype twice and feeds it the inner and outer key pads (one compression each), and each code
 * costs two more compressions on clones of those prepared digests ({@link OtpEngine}). So a
 * verification with a window of three costs one key preparation plus three HMACs, with no {@code
 * Mac.getInstance}, no provider lookup and no Base32 decoding.
 *
 * <p>That is the only way codes are computed: the installed digest must support {@link
 * MessageDigest#clone()}, as the JDK's providers do. One that does not is refused when the preparer
 * is made, with an {@link IllegalStateException}, rather than given a slower second path.
 *
 * <p>Immutable and thread-safe: the prototype is only ever cloned, never updated.
 */
public final class HmacKeys {
  private static final int INNER_PAD = 0x36;
  private static final int OUTER_PAD = 0x5c;

  private final MessageDigest prototype;
  private final int blockBytes;
  private final int outputBytes;

  private HmacKeys(MessageDigest prototype, int blockBytes, int outputBytes) {
    this.prototype = prototype;
    this.blockBytes = blockBytes;
    this.outputBytes = outputBytes;
  }

  /**
   * Looks up a digest once.
   *
   * @param digestName the JCA name of the hash function, e.g. {@code SHA-1}
   * @param blockBytes its block size in bytes (RFC 2104 {@code B}): 64 for SHA-1 and SHA-256, 128
   *     for SHA-512
   * @param outputBytes its output size in bytes (RFC 2104 {@code L})
   * @return the key preparer
   * @throws IllegalStateException if the JVM lacks the digest, or its digest cannot be cloned
   */
  public static HmacKeys of(String digestName, int blockBytes, int outputBytes) {
    MessageDigest prototype;
    try {
      prototype = MessageDigest.getInstance(digestName);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(digestName + " is not available in this JVM", e);
    }
    if (!isCloneable(prototype)) {
      throw new IllegalStateException(
          digestName
              + " of provider "
              + prototype.getProvider().getName()
              + " cannot be cloned, which otpkit needs to compute codes");
    }
    return new HmacKeys(prototype, blockBytes, outputBytes);
  }

  /**
   * Prepares a key.
   *
   * @param key the key bytes; not retained, the caller may wipe them afterwards
   * @return the prepared key; immutable and thread-safe
   */
  public OtpEngine prepare(byte[] key) {
    byte[] pad = new byte[blockBytes];
    byte[] k = key.length > blockBytes ? OtpEngine.copy(prototype).digest(key) : key;
    try {
      return new OtpEngine(absorbPad(k, pad, INNER_PAD), absorbPad(k, pad, OUTER_PAD), outputBytes);
    } finally {
      Arrays.fill(pad, (byte) 0);
      if (k != key) {
        Arrays.fill(k, (byte) 0);
      }
    }
  }

  /**
   * Prepares a key for one verification call: {@code prepare(key).codes(digits)}.
   *
   * @param key the key bytes; not retained, the caller may wipe them afterwards
   * @param digits 6 to 8
   * @return the codes of that key; not thread-safe, use it within one call
   */
  public CodeSource prepare(byte[] key, int digits) {
    return prepare(key).codes(digits);
  }

  private static boolean isCloneable(MessageDigest digest) {
    try {
      return digest.clone() != digest;
    } catch (CloneNotSupportedException e) {
      return false;
    }
  }

  /**
   * Clones the prototype and feeds it one block of the key (hashed first if it is longer than a
   * block, zero-padded) XOR {@code xor} (RFC 2104), using {@code pad} as the work area.
   */
  private MessageDigest absorbPad(byte[] k, byte[] pad, int xor) {
    for (int i = 0; i < blockBytes; i++) {
      pad[i] = (byte) ((i < k.length ? k[i] : 0) ^ xor);
    }
    MessageDigest digest = OtpEngine.copy(prototype);
    digest.update(pad, 0, blockBytes);
    return digest;
  }
}
