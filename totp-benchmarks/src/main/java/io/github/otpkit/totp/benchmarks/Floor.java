package io.github.otpkit.totp.benchmarks;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The floor baseline: HMAC-SHA1 (RFC 2104) on {@link MessageDigest}s that have already absorbed the
 * key pads, the least work that the JDK's SHA-1 allows for one HOTP value.
 *
 * <p>A code costs two clones of prepared digests and two SHA-1 compressions (the inner hash of the
 * 8-byte counter, the outer hash of the 20-byte inner hash; each fits one block after the pad
 * block). Preparing a key costs two more clones of an unkeyed prototype and two compressions (the
 * 64-byte pad blocks). Nothing is validated, nothing is formatted: the floor is what no library can
 * go below with the JDK's digest, not a usable verifier. Not thread-safe: it reuses its buffers.
 */
final class Floor {
  private static final MessageDigest PROTOTYPE = sha1();

  private final MessageDigest inner;
  private final MessageDigest outer;
  private final byte[] message = new byte[8];
  private final byte[] hash = new byte[20];

  private Floor(MessageDigest inner, MessageDigest outer) {
    this.inner = inner;
    this.outer = outer;
  }

  /** Absorbs the inner and outer pads of a key of at most 64 bytes: two compressions. */
  static Floor prepare(byte[] key) {
    byte[] pad = new byte[64];
    for (int i = 0; i < 64; i++) {
      pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x36);
    }
    MessageDigest inner = copy(PROTOTYPE);
    inner.update(pad);
    for (int i = 0; i < 64; i++) {
      pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x5c);
    }
    MessageDigest outer = copy(PROTOTYPE);
    outer.update(pad);
    return new Floor(inner, outer);
  }

  /** {@code HOTP(K, counter) mod 10^6}: two clones and two compressions. */
  int code(long counter) {
    for (int i = 7; i >= 0; i--) {
      message[i] = (byte) (counter >>> (8 * (7 - i)));
    }
    try {
      MessageDigest i = copy(inner);
      i.update(message);
      i.digest(hash, 0, 20);
      MessageDigest o = copy(outer);
      o.update(hash);
      o.digest(hash, 0, 20);
    } catch (DigestException e) {
      throw new IllegalStateException(e);
    }
    int offset = hash[19] & 0x0f;
    int value =
        ((hash[offset] & 0x7f) << 24)
            | ((hash[offset + 1] & 0xff) << 16)
            | ((hash[offset + 2] & 0xff) << 8)
            | (hash[offset + 3] & 0xff);
    return value % 1_000_000;
  }

  /**
   * Verification at sign-in, floor (b): the key arrives with the call, so its pads are prepared
   * once (two compressions), then each of the {@code count} candidates from {@code first} costs two
   * more. With a window of one step each side that is eight compressions. Every candidate is
   * computed; the comparison folds without a branch.
   *
   * @return whether {@code code} equals the code of one of the candidates
   */
  static boolean verify(byte[] key, int code, long first, int count) {
    Floor floor = prepare(key);
    int match = 0;
    for (long n = first; n < first + count; n++) {
      int difference = floor.code(n) ^ code;
      match |= ((difference | -difference) >>> 31) ^ 1;
    }
    return match == 1;
  }

  private static MessageDigest copy(MessageDigest digest) {
    try {
      return (MessageDigest) digest.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
