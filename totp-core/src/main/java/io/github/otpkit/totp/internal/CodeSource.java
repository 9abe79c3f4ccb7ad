package io.github.otpkit.totp.internal;

/**
 * The HOTP codes of one prepared key, at one number of digits.
 *
 * <p>Instances are made per verification call by {@link HmacKeys#prepare(byte[], int)}; they keep
 * scratch buffers and are <em>not</em> thread-safe.
 */
public interface CodeSource {

  /**
   * Computes {@code Truncate(HMAC(K, counter)) mod 10^digits} (RFC 4226 section 5.3).
   *
   * @param counter the counter or time step, 0 or more
   * @return the code's value, below {@code 10^digits}
   */
  int code(long counter);

  /**
   * Computes the code of the last candidate of the call: the same value as {@link #code(long)}, but
   * the source may spend its prepared key on it (no clones, no keyed state left behind), so no
   * method may be called on it afterwards.
   *
   * @param counter the counter or time step, 0 or more
   * @return the code's value, below {@code 10^digits}
   * @throws IllegalStateException if the source was already spent
   */
  default int lastCode(long counter) {
    return code(counter);
  }
}
