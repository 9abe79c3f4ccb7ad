package io.github.otpkit.totp.internal;

import io.github.otpkit.totp.HmacAlgorithm;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC (RFC 2104) with the key prepared once, and HOTP dynamic truncation (RFC 4226 section 5.3).
 *
 * <p>The inner and outer digests are fed their key pads once, at construction; each code then
 * clones the two prepared digests and runs only the compressions for the counter. Where the
 * installed digest cannot be cloned (some FIPS providers), a cloned {@link Mac} is used instead.
 * Instances are immutable and thread-safe: they are only ever cloned, never updated.
 */
public final class OtpEngine {
  private final MessageDigest inner;
  private final MessageDigest outer;
  private final Mac mac;
  private final boolean useDigests;

  private OtpEngine(HmacAlgorithm algorithm, byte[] key) {
    MessageDigest in;
    MessageDigest out;
    Mac m;
    boolean digests;
    try {
      byte[] k = key;
      MessageDigest prototype = MessageDigest.getInstance(algorithm.digestName());
      if (k.length > algorithm.blockBytes()) {
        k = prototype.digest(k);
      }
      byte[] ipad = new byte[algorithm.blockBytes()];
      byte[] opad = new byte[algorithm.blockBytes()];
      for (int i = 0; i < ipad.length; i++) {
        byte b = i < k.length ? k[i] : 0;
        ipad[i] = (byte) (b ^ 0x36);
        opad[i] = (byte) (b ^ 0x5c);
      }
      in = MessageDigest.getInstance(algorithm.digestName());
      in.update(ipad);
      out = MessageDigest.getInstance(algorithm.digestName());
      out.update(opad);
      Arrays.fill(ipad, (byte) 0);
      Arrays.fill(opad, (byte) 0);
      if (k != key) {
        Arrays.fill(k, (byte) 0);
      }
      m = Mac.getInstance(algorithm.jcaName());
      m.init(new SecretKeySpec(key, algorithm.jcaName()));
      digests = isCloneable(in) && isCloneable(out);
      if (!digests && !isCloneable(m)) {
        throw new IllegalStateException(
            "the installed " + algorithm.jcaName() + " provider supports no cloning of prepared keys");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm.jcaName() + " is not available in this JVM", e);
    }
    this.inner = in;
    this.outer = out;
    this.mac = m;
    this.useDigests = digests;
  }

  /**
   * Prepares the key for an algorithm.
   *
   * @param algorithm the HMAC algorithm
   * @param key the key bytes; not retained
   * @return the prepared engine
   */
  public static OtpEngine prepare(HmacAlgorithm algorithm, byte[] key) {
    return new OtpEngine(algorithm, key);
  }

  /**
   * Computes {@code HOTP(K, C)} truncated to a 31-bit value, before the decimal reduction.
   *
   * @param counter the 8-byte moving factor, big-endian
   * @return the dynamically truncated value, 0 to 2^31-1
   */
  public int truncatedValue(long counter) {
    byte[] message = {
      (byte) (counter >>> 56), (byte) (counter >>> 48), (byte) (counter >>> 40),
      (byte) (counter >>> 32), (byte) (counter >>> 24), (byte) (counter >>> 16),
      (byte) (counter >>> 8), (byte) counter
    };
    byte[] hash = hmac(message);
    int offset = hash[hash.length - 1] & 0x0f;
    return ((hash[offset] & 0x7f) << 24)
        | ((hash[offset + 1] & 0xff) << 16)
        | ((hash[offset + 2] & 0xff) << 8)
        | (hash[offset + 3] & 0xff);
  }

  /**
   * Computes the code for a counter as an integer below {@code 10^digits}.
   *
   * @param counter the counter or time step
   * @param digits 6 to 8
   * @return the code's value
   */
  public int code(long counter, int digits) {
    return truncatedValue(counter) % Digits.power(digits);
  }

  private byte[] hmac(byte[] message) {
    try {
      if (useDigests) {
        MessageDigest i = (MessageDigest) inner.clone();
        i.update(message);
        MessageDigest o = (MessageDigest) outer.clone();
        o.update(i.digest());
        return o.digest();
      }
      return ((Mac) mac.clone()).doFinal(message);
    } catch (CloneNotSupportedException e) {
      // Checked at construction: one of the two is always cloneable here.
      throw new IllegalStateException(mac.getAlgorithm() + " cannot be cloned", e);
    }
  }

  private static boolean isCloneable(Object prototype) {
    try {
      Object copy =
          prototype instanceof MessageDigest digest ? digest.clone() : ((Mac) prototype).clone();
      return copy != prototype;
    } catch (CloneNotSupportedException e) {
      return false;
    }
  }
}
