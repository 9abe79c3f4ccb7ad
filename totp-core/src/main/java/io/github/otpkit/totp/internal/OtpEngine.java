package io.github.otpkit.totp.internal;

import java.security.DigestException;
import java.security.MessageDigest;

/**
 * One HMAC key (RFC 2104), prepared, and HOTP dynamic truncation (RFC 4226 section 5.3): the one
 * implementation behind the generators, which prepare a key once and keep it, and the verifiers,
 * which prepare the key of each call (see {@link HmacKeys}).
 *
 * <p>The inner and outer digests have absorbed their key pads once, at preparation. Every code,
 * whoever asks for it, takes the same path: clone the two prepared digests and run only the
 * compressions for the counter (two for SHA-1), writing the counter and both hashes into one
 * scratch array.
 *
 * <p>Immutable and thread-safe: the prepared digests are only ever cloned, never updated. The
 * {@link CodeSource}s of {@link #codes(int)} reuse a scratch array and are not thread-safe.
 */
public final class OtpEngine {
  private static final int COUNTER_BYTES = 8;

  private final MessageDigest inner;
  private final MessageDigest outer;
  private final int outputBytes;

  /** Takes digests that have absorbed the inner and the outer key pad; see {@link HmacKeys}. */
  OtpEngine(MessageDigest inner, MessageDigest outer, int outputBytes) {
    this.inner = inner;
    this.outer = outer;
    this.outputBytes = outputBytes;
  }

  /**
   * Computes the code for a counter as an integer below {@code 10^digits}.
   *
   * @param counter the counter or time step
   * @param digits 6 to 8
   * @return the code's value
   */
  public int code(long counter, int digits) {
    return Digits.reduce(truncatedValue(counter, new byte[COUNTER_BYTES + outputBytes]), digits);
  }

  /**
   * Returns the codes of this key at a number of digits, for a loop over candidates within one
   * call: the source reuses one scratch array.
   *
   * @param digits 6 to 8
   * @return the codes; not thread-safe
   */
  public CodeSource codes(int digits) {
    byte[] scratch = new byte[COUNTER_BYTES + outputBytes];
    return counter -> Digits.reduce(truncatedValue(counter, scratch), digits);
  }

  /** {@code HOTP(K, C)} truncated to a 31-bit value, before the decimal reduction. */
  int truncatedValue(long counter) {
    return truncatedValue(counter, new byte[COUNTER_BYTES + outputBytes]);
  }

  /**
   * HMAC of the counter on clones of the prepared digests, in {@code scratch}: bytes 0-7 take the
   * counter, the bytes after them the inner hash and then the HMAC. Returns the dynamically
   * truncated value.
   */
  private int truncatedValue(long counter, byte[] scratch) {
    for (int i = COUNTER_BYTES - 1; i >= 0; i--) {
      scratch[i] = (byte) (counter >>> (8 * (COUNTER_BYTES - 1 - i)));
    }
    // The clones are written out here, not made through copy(): one call level less measured a
    // few per cent faster per code (totp-benchmarks' GenerateBenchmark, A/B on one machine).
    try {
      MessageDigest in = (MessageDigest) inner.clone();
      in.update(scratch, 0, COUNTER_BYTES);
      in.digest(scratch, COUNTER_BYTES, outputBytes);
      MessageDigest out = (MessageDigest) outer.clone();
      out.update(scratch, COUNTER_BYTES, outputBytes);
      out.digest(scratch, COUNTER_BYTES, outputBytes);
    } catch (DigestException e) {
      // The scratch array has room for one output after the counter.
      throw new IllegalStateException("HMAC output does not fit", e);
    } catch (CloneNotSupportedException e) {
      // HmacKeys.of refuses digests that do not clone; one that cloned then cannot stop cloning.
      throw new IllegalStateException(inner.getAlgorithm() + " cannot be cloned", e);
    }
    int offset = COUNTER_BYTES + (scratch[COUNTER_BYTES + outputBytes - 1] & 0x0f);
    return ((scratch[offset] & 0x7f) << 24)
        | ((scratch[offset + 1] & 0xff) << 16)
        | ((scratch[offset + 2] & 0xff) << 8)
        | (scratch[offset + 3] & 0xff);
  }

  static MessageDigest copy(MessageDigest digest) {
    try {
      return (MessageDigest) digest.clone();
    } catch (CloneNotSupportedException e) {
      // HmacKeys.of refuses digests that do not clone; one that cloned then cannot stop cloning.
      throw new IllegalStateException(digest.getAlgorithm() + " cannot be cloned", e);
    }
  }
}
