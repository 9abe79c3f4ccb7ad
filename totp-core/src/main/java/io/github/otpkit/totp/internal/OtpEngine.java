package io.github.otpkit.totp.internal;

import io.github.otpkit.totp.HmacAlgorithm;
import java.security.DigestException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import org.jspecify.annotations.Nullable;

/**
 * One HMAC key (RFC 2104), prepared, and HOTP dynamic truncation (RFC 4226 section 5.3): the one
 * implementation behind the generators, which prepare a key once and keep it, and the verifiers,
 * which prepare the key of each call (see {@link HmacKeys}).
 *
 * <p>The inner and outer digests have absorbed their key pads once, at preparation; each code then
 * clones the two prepared digests and runs only the compressions for the counter (two for SHA-1),
 * writing the counter and both hashes into one scratch array. Where the installed digest cannot be
 * cloned (some FIPS providers), a keyed {@link Mac} is used instead: cloned per code if it can be,
 * else one code at a time under its lock.
 *
 * <p>Immutable and thread-safe: the prepared digests (or the keyed {@link Mac}) are only ever cloned,
 * never updated, or used under a lock. The {@link CodeSource}s of {@link #codes(int)} reuse a
 * scratch array and are not thread-safe.
 */
public final class OtpEngine {
  static final int COUNTER_BYTES = 8;

  private final @Nullable MessageDigest inner;
  private final @Nullable MessageDigest outer;
  private final @Nullable Mac mac;
  private final boolean macCloneable;
  private final int outputBytes;

  /** The fast path: digests that have absorbed the inner and the outer key pad. */
  OtpEngine(MessageDigest inner, MessageDigest outer, int outputBytes) {
    this.inner = inner;
    this.outer = outer;
    this.mac = null;
    this.macCloneable = false;
    this.outputBytes = outputBytes;
  }

  /** The fallback: a keyed {@link Mac}, owned by this engine. */
  OtpEngine(Mac mac, int outputBytes) {
    this.inner = null;
    this.outer = null;
    this.mac = mac;
    this.macCloneable = isCloneable(mac);
    this.outputBytes = outputBytes;
  }

  /**
   * Prepares the key for an algorithm.
   *
   * @param algorithm the HMAC algorithm
   * @param key the key bytes; not retained, the caller may wipe them afterwards
   * @return the prepared engine
   * @throws IllegalStateException if the JVM lacks the algorithm
   */
  public static OtpEngine prepare(HmacAlgorithm algorithm, byte[] key) {
    return HmacKeys.of(algorithm).prepare(key);
  }

  /**
   * Computes {@code HOTP(K, C)} truncated to a 31-bit value, before the decimal reduction.
   *
   * @param counter the 8-byte moving factor, big-endian
   * @return the dynamically truncated value, 0 to 2^31-1
   */
  public int truncatedValue(long counter) {
    return truncatedValue(counter, new byte[COUNTER_BYTES + outputBytes]);
  }

  /**
   * Computes the code for a counter as an integer below {@code 10^digits}.
   *
   * @param counter the counter or time step
   * @param digits 6 to 8
   * @return the code's value
   */
  public int code(long counter, int digits) {
    return Digits.reduce(truncatedValue(counter), digits);
  }

  /**
   * Returns the codes of this key at a number of digits, for a loop over candidates within one
   * call: the source reuses one scratch array and never spends the engine's own key ({@link
   * CodeSource#lastCode} clones like {@link CodeSource#code}).
   *
   * @param digits 6 to 8
   * @return the codes; not thread-safe
   */
  public CodeSource codes(int digits) {
    byte[] scratch = new byte[COUNTER_BYTES + outputBytes];
    return counter -> Digits.reduce(truncatedValue(counter, scratch), digits);
  }

  /**
   * The codes of digests prepared for one call alone ({@link HmacKeys#prepare(byte[], int)}): one
   * object and one scratch array, which may be longer than needed (the key preparation reuses it
   * for the pads).
   *
   * <p>Since the digests are this source's own, its {@link #lastCode} computes in them instead of in
   * clones, which saves two clones per call and leaves no keyed digest state behind: {@code digest}
   * resets a digest to the unkeyed initial state.
   */
  static final class DigestCodes implements CodeSource {
    private final MessageDigest inner;
    private final MessageDigest outer;
    private final int outputBytes;
    private final int digits;
    private final byte[] scratch;
    private boolean consumed;

    DigestCodes(
        MessageDigest inner, MessageDigest outer, int outputBytes, int digits, byte[] scratch) {
      this.inner = inner;
      this.outer = outer;
      this.outputBytes = outputBytes;
      this.digits = digits;
      this.scratch = scratch;
    }

    @Override
    public int code(long counter) {
      checkNotConsumed();
      return Digits.reduce(hmacTruncated(inner, outer, outputBytes, counter, scratch), digits);
    }

    @Override
    public int lastCode(long counter) {
      checkNotConsumed();
      consumed = true;
      return Digits.reduce(hmacTruncatedInPlace(inner, outer, outputBytes, counter, scratch), digits);
    }

    private void checkNotConsumed() {
      if (consumed) {
        throw new IllegalStateException("the prepared key was used up by lastCode");
      }
    }
  }

  private static boolean isCloneable(Mac mac) {
    try {
      return mac.clone() != mac;
    } catch (CloneNotSupportedException e) {
      return false;
    }
  }

  /** Tells whether this engine clones prepared digests (rather than using a {@link Mac}). */
  boolean usesPreparedDigests() {
    return inner != null;
  }

  /**
   * HMAC of the counter into {@code scratch}: bytes 0-7 take the counter, the bytes after them the
   * inner hash and then the HMAC. Returns the dynamically truncated value.
   */
  private int truncatedValue(long counter, byte[] scratch) {
    MessageDigest in = inner;
    MessageDigest out = outer;
    if (in != null && out != null) {
      return hmacTruncated(in, out, outputBytes, counter, scratch);
    }
    Mac m = mac;
    if (m == null) {
      throw new IllegalStateException("an engine has digests or a Mac");
    }
    writeCounter(counter, scratch);
    try {
      if (macCloneable) {
        Mac copy = (Mac) m.clone();
        copy.update(scratch, 0, COUNTER_BYTES);
        copy.doFinal(scratch, COUNTER_BYTES);
      } else {
        synchronized (m) {
          m.update(scratch, 0, COUNTER_BYTES);
          m.doFinal(scratch, COUNTER_BYTES);
        }
      }
    } catch (ShortBufferException e) {
      // The scratch array has room for one output after the counter.
      throw new IllegalStateException("HMAC output does not fit", e);
    } catch (CloneNotSupportedException e) {
      // Checked at preparation: a Mac that cloned then cannot stop cloning.
      throw new IllegalStateException("the prepared Mac cannot be cloned", e);
    }
    return truncate(scratch, outputBytes);
  }

  /**
   * HMAC of the counter on clones of prepared digests, in {@code scratch}: bytes 0-7 take the
   * counter, the bytes after them the inner hash and then the HMAC (RFC 2104). Returns the
   * dynamically truncated value (RFC 4226 section 5.3).
   */
  private static int hmacTruncated(
      MessageDigest inner, MessageDigest outer, int outputBytes, long counter, byte[] scratch) {
    try {
      return hmacTruncatedInPlace(
          (MessageDigest) inner.clone(), (MessageDigest) outer.clone(), outputBytes, counter, scratch);
    } catch (CloneNotSupportedException e) {
      // Checked when the prototype was looked up: a digest that cloned then cannot stop cloning.
      throw new IllegalStateException(inner.getAlgorithm() + " cannot be cloned", e);
    }
  }

  /**
   * HMAC of the counter in the prepared digests themselves, which it resets: they are spent. See
   * {@link #hmacTruncated} for the layout of {@code scratch}.
   */
  private static int hmacTruncatedInPlace(
      MessageDigest inner, MessageDigest outer, int outputBytes, long counter, byte[] scratch) {
    writeCounter(counter, scratch);
    try {
      inner.update(scratch, 0, COUNTER_BYTES);
      inner.digest(scratch, COUNTER_BYTES, outputBytes);
      outer.update(scratch, COUNTER_BYTES, outputBytes);
      outer.digest(scratch, COUNTER_BYTES, outputBytes);
    } catch (DigestException e) {
      // The scratch array has room for one output after the counter.
      throw new IllegalStateException("HMAC output does not fit", e);
    }
    return truncate(scratch, outputBytes);
  }

  private static void writeCounter(long counter, byte[] scratch) {
    for (int i = COUNTER_BYTES - 1; i >= 0; i--) {
      scratch[i] = (byte) (counter >>> (8 * (COUNTER_BYTES - 1 - i)));
    }
  }

  /** Dynamic truncation of the HMAC that follows the counter in {@code scratch}. */
  private static int truncate(byte[] scratch, int outputBytes) {
    int offset = COUNTER_BYTES + (scratch[COUNTER_BYTES + outputBytes - 1] & 0x0f);
    return ((scratch[offset] & 0x7f) << 24)
        | ((scratch[offset + 1] & 0xff) << 16)
        | ((scratch[offset + 2] & 0xff) << 8)
        | (scratch[offset + 3] & 0xff);
  }
}
