package io.github.otpkit.totp.internal;

/**
 * The HOTP codes of one prepared key, at one number of digits.
 *
 * <p>Instances are made per verification call by {@link HmacKeys#prepare(byte[], int)} (or {@link
 * OtpEngine#codes(int)}); they keep a scratch buffer and are <em>not</em> thread-safe.
 */
public interface CodeSource {

  /**
   * Computes {@code Truncate(HMAC(K, counter)) mod 10^digits} (RFC 4226 section 5.3).
   *
   * @param counter the counter or time step, 0 or more
   * @return the code's value, below {@code 10^digits}
   */
  int code(long counter);
}
