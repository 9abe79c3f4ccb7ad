package io.github.otpkit.totp.internal;

import io.github.otpkit.totp.HmacAlgorithm;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Prepares HMAC keys (RFC 2104) cheaply: once per generator, or once per verification call for
 * verifiers that receive the secret with every call.
 *
 * <p>The digest provider is looked up once, here; {@link #prepare(byte[])} then clones an unkeyed
 * prototype twice and feeds it the inner and outer key pads (one compression each), and each code
 * costs two more compressions on clones of those prepared digests ({@link OtpEngine}). So a
 * verification with a window of three costs one key preparation plus three HMACs, with no
 * {@code Mac.getInstance}, no provider lookup and no Base32 decoding.
 *
 * <p>Where the installed digest cannot be cloned (some FIPS providers), {@link #prepare} falls back
 * to a keyed {@link Mac}: slower, equally correct.
 *
 * <p>Immutable and thread-safe: the prototype is only ever cloned, never updated.
 */
public final class HmacKeys {
  private static final int INNER_PAD = 0x36;
  private static final int OUTER_PAD = 0x5c;

  private final HmacAlgorithm algorithm;
  private final @Nullable MessageDigest prototype;

  private HmacKeys(HmacAlgorithm algorithm, boolean allowDigests) {
    this.algorithm = algorithm;
    MessageDigest p;
    try {
      p = MessageDigest.getInstance(algorithm.digestName());
      Mac.getInstance(algorithm.jcaName());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm.jcaName() + " is not available in this JVM", e);
    }
    this.prototype = allowDigests && isCloneable(p) ? p : null;
  }

  /**
   * Looks up the digest for an algorithm once.
   *
   * @param algorithm the HMAC algorithm
   * @return the key preparer
   * @throws IllegalStateException if the JVM lacks the algorithm
   */
  public static HmacKeys of(HmacAlgorithm algorithm) {
    return new HmacKeys(algorithm, true);
  }

  /**
   * A preparer that always takes the {@link Mac} fallback, for tests of that path.
   *
   * @param algorithm the HMAC algorithm
   * @return the key preparer
   */
  static HmacKeys withMacFallback(HmacAlgorithm algorithm) {
    return new HmacKeys(algorithm, false);
  }

  /**
   * Tells whether {@link #prepare} uses the fast path with cloned digests.
   *
   * @return {@code false} if every key falls back to a {@link Mac}
   */
  public boolean usesPreparedDigests() {
    return prototype != null;
  }

  /**
   * Prepares a key.
   *
   * @param key the key bytes; not retained, the caller may wipe them afterwards
   * @return the prepared key; immutable and thread-safe
   */
  public OtpEngine prepare(byte[] key) {
    MessageDigest p = prototype;
    if (p == null) {
      return new OtpEngine(keyedMac(key), algorithm.outputBytes());
    }
    byte[] pad = new byte[algorithm.blockBytes()];
    byte[] k = blockKey(p, key);
    try {
      return new OtpEngine(
          absorbPad(p, k, pad, INNER_PAD), absorbPad(p, k, pad, OUTER_PAD), algorithm.outputBytes());
    } finally {
      wipe(pad, k, key);
    }
  }

  /**
   * Prepares a key for one verification call.
   *
   * @param key the key bytes; not retained, the caller may wipe them afterwards
   * @param digits 6 to 8
   * @return the codes of that key; not thread-safe, use it within one call
   */
  public CodeSource prepare(byte[] key, int digits) {
    MessageDigest p = prototype;
    if (p == null) {
      return new OtpEngine(keyedMac(key), algorithm.outputBytes()).codes(digits);
    }
    // One array serves first for the key pads, then for the counter and the hashes.
    int output = algorithm.outputBytes();
    byte[] scratch = new byte[Math.max(algorithm.blockBytes(), OtpEngine.COUNTER_BYTES + output)];
    byte[] k = blockKey(p, key);
    try {
      return new OtpEngine.DigestCodes(
          absorbPad(p, k, scratch, INNER_PAD),
          absorbPad(p, k, scratch, OUTER_PAD),
          output,
          digits,
          scratch);
    } finally {
      wipe(scratch, k, key);
    }
  }

  /** The key as RFC 2104 uses it: hashed first if it is longer than a block. */
  private byte[] blockKey(MessageDigest prototype, byte[] key) {
    return key.length > algorithm.blockBytes() ? copy(prototype).digest(key) : key;
  }

  /**
   * Clones the prototype and feeds it one block of the key XOR {@code xor} (RFC 2104), using the
   * first block of {@code pad} as the work area.
   */
  private MessageDigest absorbPad(MessageDigest prototype, byte[] k, byte[] pad, int xor) {
    int block = algorithm.blockBytes();
    for (int i = 0; i < block; i++) {
      pad[i] = (byte) ((i < k.length ? k[i] : 0) ^ xor);
    }
    MessageDigest digest = copy(prototype);
    digest.update(pad, 0, block);
    return digest;
  }

  private static void wipe(byte[] pad, byte[] k, byte[] key) {
    Arrays.fill(pad, (byte) 0);
    if (k != key) {
      Arrays.fill(k, (byte) 0);
    }
  }

  private Mac keyedMac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(algorithm.jcaName());
      mac.init(new SecretKeySpec(key, algorithm.jcaName()));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm.jcaName() + " is not available in this JVM", e);
    }
  }

  static MessageDigest copy(MessageDigest digest) {
    try {
      return (MessageDigest) digest.clone();
    } catch (CloneNotSupportedException e) {
      // Checked once in the constructor; a digest that cloned then cannot stop cloning.
      throw new IllegalStateException(digest.getAlgorithm() + " cannot be cloned", e);
    }
  }

  private static boolean isCloneable(MessageDigest digest) {
    try {
      return digest.clone() != digest;
    } catch (CloneNotSupportedException e) {
      return false;
    }
  }
}
